#pragma once
/// @file
/// The harness's HTTP client: one request in, a response or a named transport
/// failure out. Bounded in time (a whole-request deadline, so a service that
/// trickles bytes cannot stall a case) and in memory (a body size cap).

#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Client;
}

/// The HTTP layer: talking to the service under test. A bounded client, filling
/// `{{placeholders}}`, checking a response against an expectation (pure functions,
/// tested without a server), the `curl` line that replays a request, and the
/// CaseRunner that runs one case's steps.
namespace ferry::http {

/// A request with every placeholder already filled in.
struct WireRequest {
  std::string method;  ///< "GET", "POST", …
  std::string path;  ///< the request target, percent-encoded where HTTP requires it
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent in this order
  std::string body;  ///< the bytes sent, when has_body
  bool has_body = false;  ///< whether to send a body at all (an empty one included)
  /// For a body too big to print: where curl reads the same bytes from ("@/abs/file",
  /// or "@-" with `replay_pipe` feeding it). Empty: the curl line spells the body out.
  std::string replay_source;
  std::string replay_pipe;  ///< the shell command piped into curl when replay_source is "@-"
};

/// The first value of header @p lower_name in @p headers (names in lower case), if any.
std::optional<std::string> first_header(const std::vector<std::pair<std::string, std::string>>& headers,
                                        const std::string& lower_name);

/// A response as it arrived.
struct WireResponse {
  int status = 0;  ///< the HTTP status code
  std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case, in arrival order
  std::string body;  ///< at most k_max_body_bytes
  double elapsed_ms = 0;  ///< from sending to the whole response

  /// The first value of header @p lower_name, if any.
  [[nodiscard]] std::optional<std::string> header(const std::string& lower_name) const;
  /// The body parsed as JSON (within the response nesting limit), or why it is not
  /// JSON. Parsed on first use and kept: checking, capturing and polling share it.
  [[nodiscard]] const util::Expected<nlohmann::json>& json() const;

  /// The cache behind json(); not part of what arrived.
  mutable std::shared_ptr<const util::Expected<nlohmann::json>> parsed_json;
};

/// Why no response came back: `refused` (nothing accepted the connection), `timeout`
/// (no complete answer within the deadline), `closed` (the connection was closed
/// without an answer — often a panic), `too_large` (a body over k_max_body_bytes),
/// `other` (any other transport error; the detail says which).
enum class TransportFailure { none, refused, timeout, closed, too_large, other };

/// One request's fate: a response, or why there is none.
struct Exchange {
  std::optional<WireResponse> response;  ///< set when the service answered
  TransportFailure failure = TransportFailure::none;  ///< none when there is a response
  std::string failure_detail;  ///< a plain sentence for the learner
  double elapsed_ms = 0;  ///< time spent, answered or not
};

/// Largest response body read; a larger one fails the request as too_large.
inline constexpr std::size_t k_max_body_bytes = 4 * 1024 * 1024;

/// A client for one service on 127.0.0.1 (a fresh connection per request). Not thread-safe: use
/// one per thread (the parallel steps do).
class Client {
public:
  /// A client for 127.0.0.1:@p port; connects on each send().
  explicit Client(int port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Send @p request; give up after @p timeout in total.
  Exchange send(const WireRequest& request, std::chrono::milliseconds timeout);

private:
  void watchdog_loop();

  int m_port;
  std::unique_ptr<httplib::Client> m_client;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::optional<std::chrono::steady_clock::time_point> m_deadline;
  bool m_fired = false;
  bool m_quit = false;
  std::thread m_watchdog;
};

}  // namespace ferry::http
