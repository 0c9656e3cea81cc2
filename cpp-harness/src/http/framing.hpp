#pragma once
/// @file
/// Where an HTTP/1.1 message ends in a buffer of bytes read from a socket: the head,
/// then a body framed by Content-Length, by chunks, or (a response only) by the end of
/// the connection. Pure, so the two places that read raw HTTP — ferry's upstream proxy
/// and the bench's load generator — frame messages the same way, tested once.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ferry::http {

/// Largest head accepted; a longer one is malformed.
inline constexpr std::size_t k_max_head_bytes = 64 * 1024;

/// What is known of the message at the start of a buffer.
struct Framing {
  /// Whether the buffer holds the whole message yet.
  enum class State { incomplete, complete, malformed };
  State state = State::incomplete;  ///< see State
  std::string start_line;  ///< "POST /todos HTTP/1.1" or "HTTP/1.1 201 Created" (once the head is in)
  std::vector<std::pair<std::string, std::string>> headers;  ///< names as sent, values trimmed
  std::size_t head_length = 0;  ///< bytes of the head, its blank line included
  std::size_t length = 0;  ///< bytes of the whole message (when complete)
  bool chunked = false;  ///< the body is in chunks (decode it with dechunk())
  bool has_length = false;  ///< the sender framed a body (Content-Length or chunks)
  bool close = false;  ///< `Connection: close`, or a body that ran to the end of the connection
};

/// Frame the message at the start of @p buffer. A request without Content-Length or
/// chunks has no body; a response without them runs to the end of the connection, so it
/// is complete only when @p at_eof. @p no_body: a response that has none whatever its
/// headers say (to a HEAD request; 1xx, 204 and 304 answers never have one).
Framing frame_message(std::string_view buffer, bool is_request, bool no_body, bool at_eof);

/// The body of a complete chunked message whose chunks start at @p body_start, decoded.
std::string dechunk(std::string_view buffer, std::size_t body_start);

/// The status of a response's start line ("HTTP/1.1 404 Not Found" → 404); 0 when it is not one.
int response_status(std::string_view start_line);

/// Serialise a request (the load generator's, and a large body's raw exchange): request line, Host: 127.0.0.1, the given
/// headers, Content-Length when there is a body (and always for POST, PUT and PATCH).
std::string serialise_request(const std::string& method, const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body);

}  // namespace ferry::http
