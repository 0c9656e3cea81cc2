#pragma once
/// @file
/// One request with a large body, sent on a raw socket that is read while it is
/// written: a service that answers before the body is all sent (a 413 for a body over
/// its limit) and closes the connection gets its answer judged, where a client that
/// reads only after writing everything sees a reset and nothing else.

#include "http/client.hpp"

#include <chrono>

namespace ferry::http {

/// Bodies at least this large go through raw_exchange(): the kernel's socket buffers
/// on loopback take smaller ones whole, so they never meet an early answer mid-write.
inline constexpr std::size_t k_raw_exchange_threshold = 64 * 1024;

/// Send @p request (with `Content-Length` and `Connection: close` added) to
/// 127.0.0.1:@p port on a fresh connection, reading the answer while the body goes out,
/// within @p timeout in all (and until Ctrl-C). An answer that is complete ends the
/// exchange even when the body is not all sent; a connection that ends with part of an
/// answer, or none, is a failure like the client's (closed, refused, timeout, too_large).
Exchange raw_exchange(int port, const WireRequest& request, std::chrono::milliseconds timeout);

}  // namespace ferry::http
