#pragma once
/// @file
/// The harness's HTTP client: one request in, a response or a named transport
/// failure out. Bounded in time (a whole-request deadline, so a service that
/// trickles bytes cannot stall a case) and in memory (a body size cap).

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

namespace ferry::http {

/// A request with every placeholder already filled in.
struct WireRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool has_body = false;
};

struct WireResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case, in arrival order
  std::string body;
  double elapsed_ms = 0;

  /// The first value of header @p lower_name, if any.
  [[nodiscard]] std::optional<std::string> header(const std::string& lower_name) const;
};

/// Why no response came back.
enum class TransportFailure { none, refused, timeout, closed, too_large, other };

struct Exchange {
  std::optional<WireResponse> response;
  TransportFailure failure = TransportFailure::none;
  std::string failure_detail;  ///< a plain sentence for the learner
  double elapsed_ms = 0;
};

/// Largest response body read; a larger one fails the request as too_large.
inline constexpr std::size_t k_max_body_bytes = 4 * 1024 * 1024;

/// A client for one service on 127.0.0.1 (a fresh connection per request). Not thread-safe: use
/// one per thread (the parallel steps do).
class Client {
public:
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
