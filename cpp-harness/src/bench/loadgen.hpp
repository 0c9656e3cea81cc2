#pragma once
/// @file
/// The load generator of `ferry bench`: HTTP/1.1 over keep-alive connections on
/// loopback, one thread, non-blocking sockets and epoll. Open loop: requests leave on a
/// constant-rate schedule whether or not the server keeps up, and latency is measured
/// from each request's intended send time. A closed-loop mode (each connection sends
/// its next request when the previous answer is in) finds a server's capacity.

#include "bench/histogram.hpp"
#include "http/framing.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ferry::bench {

/// One request of a load mix, serialised once before the run: the bytes that go on
/// the wire, with Host, Content-Length and keep-alive already in them.
struct WireLoadRequest {
  std::string label;  ///< "GET /hello", for reports
  std::string bytes;  ///< the whole request
};

/// The request bytes the generator sends (http::serialise_request()).
using http::serialise_request;

/// What the generator reports while it runs (about four times a second).
struct LoadProgress {
  double elapsed_s = 0;  ///< since the first request was due
  double total_s = 0;  ///< warm-up and measured window together
  bool warming_up = true;  ///< still in the warm-up
  std::int64_t completed = 0;  ///< answers and errors so far
  std::int64_t in_flight = 0;  ///< requests written and not yet answered
  std::int64_t backlog = 0;  ///< requests due but not yet written (the server is behind)
};

/// An open-loop run.
struct OpenLoopOptions {
  int port = 0;  ///< the server, on 127.0.0.1
  std::vector<WireLoadRequest> mix;  ///< sent in turn, request i being mix[i % size]
  double rate = 100;  ///< requests per second
  std::chrono::milliseconds warmup{2000};  ///< requests due in it are sent but not measured
  std::chrono::milliseconds duration{5000};  ///< the measured window
  int max_connections = 256;  ///< at most this many open at once; a due request waits for a free one
  std::chrono::milliseconds request_timeout{5000};  ///< an answer later than this is an error
  int cpu = -1;  ///< pin the generator's thread to this CPU; -1: anywhere
  std::function<void(const LoadProgress&)> on_progress;  ///< called about every 250 ms
  std::function<void()> on_warmup_end;  ///< called once, when the measured window begins
  std::function<bool()> should_stop;  ///< polled; true ends the run early (Ctrl-C)
};

/// What an open-loop run measured (the measured window only).
struct OpenLoopResult {
  Histogram corrected;  ///< latency from each request's intended send time, µs
  Histogram uncorrected;  ///< latency from the moment it was written, µs (diagnostic)
  std::int64_t sent = 0;  ///< requests of the window written
  std::int64_t ok = 0;  ///< 2xx answers
  std::int64_t non_2xx = 0;  ///< other statuses
  std::int64_t errors = 0;  ///< no usable answer: refused, reset, closed, timed out, malformed, never sent
  double window_s = 0;  ///< the measured window, from its first due time to the last answer of its requests
  double achieved_rps = 0;  ///< answers (2xx or not) per second of window_s
  std::int64_t max_backlog = 0;  ///< the most requests ever due and not yet written
  int connections_opened = 0;  ///< over the whole run, warm-up included
  bool interrupted = false;  ///< should_stop ended it early
  std::string first_error;  ///< what the first error was, for the report
};

/// Run the schedule of @p options and measure it. Never throws; a server that does not
/// answer gives errors, not a hang (each request is bounded by request_timeout).
OpenLoopResult run_open_loop(const OpenLoopOptions& options);

/// A closed-loop run: @p connections connections, each sending its next request as soon
/// as the previous answer is in, for @p duration; returns answers per second (2xx only).
double run_closed_loop(int port, const std::vector<WireLoadRequest>& mix, int connections,
                       std::chrono::milliseconds duration, int cpu = -1);

/// A server's capacity: the best closed-loop throughput over 1, 2, 4, … @p max_connections
/// connections (each for @p step), stopping once doubling the connections gains less
/// than 5% twice in a row.
struct Capacity {
  double rps = 0;  ///< the best throughput found
  std::vector<std::pair<int, double>> steps;  ///< (connections, throughput) of each step
};
/// See Capacity.
Capacity find_capacity(int port, const std::vector<WireLoadRequest>& mix, std::chrono::milliseconds step,
                       int max_connections = 64, int cpu = -1);

}  // namespace ferry::bench
