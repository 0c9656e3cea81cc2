#include "http/client.hpp"

#include "contract/json_reader.hpp"
#include "http/raw_exchange.hpp"

#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <httplib.h>

namespace ferry::http {

namespace {
constexpr std::chrono::milliseconds k_interrupt_poll{100};
}  // namespace

std::optional<std::string> first_header(const std::vector<std::pair<std::string, std::string>>& headers,
                                        const std::string& lower_name) {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> WireResponse::header(const std::string& lower_name) const {
  return first_header(headers, lower_name);
}

const util::Expected<nlohmann::json>& WireResponse::json() const {
  if (!parsed_json) {
    parsed_json = std::make_shared<const util::Expected<nlohmann::json>>(
        contract::parse_json_text(body, "response", contract::k_max_response_nesting));
  }
  return *parsed_json;
}

Client::Client(int port) : m_port(port), m_client(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  // The path is already encoded (build_request); httplib must not encode it again.
  m_client->set_url_encode(false);
  // A fresh connection per request: a kept-alive one the service closed while idle
  // would fail the next request, and retrying it could send a POST twice.
  m_client->set_keep_alive(false);
  // Headers and body go out in separate writes; without TCP_NODELAY, Nagle and the
  // peer's delayed ACK add ~40 ms to every request that has a body.
  m_client->set_tcp_nodelay(true);
  m_watchdog = std::thread([this] { watchdog_loop(); });
}

Client::~Client() {
  {
    std::lock_guard lock(m_mutex);
    m_quit = true;
  }
  m_wake.notify_all();
  m_watchdog.join();
}

// Shuts the socket down when a request outlives its deadline. httplib's own
// read timeout restarts with every byte, so a trickling service would never
// trip it; this bounds the whole exchange.
void Client::watchdog_loop() {
  std::unique_lock lock(m_mutex);
  while (!m_quit) {
    if (m_deadline) {
      // Wake at least every k_interrupt_poll so Ctrl-C ends a long request promptly.
      auto deadline = *m_deadline;
      auto wake_at = std::min(deadline, std::chrono::steady_clock::now() + k_interrupt_poll);
      m_wake.wait_until(lock, wake_at);
      bool expired = m_deadline == deadline && std::chrono::steady_clock::now() >= deadline;
      if (m_deadline == deadline && (expired || util::interrupted())) {
        m_fired = true;
        m_deadline.reset();
        m_client->stop();
      }
    } else {
      m_wake.wait(lock);
    }
  }
}

namespace {

std::string describe_error(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "could not connect";
    case httplib::Error::Read: return "the connection closed before a complete answer arrived";
    case httplib::Error::Write: return "the connection closed while the request was being sent";
    case httplib::Error::ConnectionTimeout: return "the connection was not accepted in time";
    default: return httplib::to_string(error);
  }
}

}  // namespace

Exchange Client::send(const WireRequest& request, std::chrono::milliseconds timeout) {
  using clock = std::chrono::steady_clock;
  if (request.has_body && request.body.size() >= k_raw_exchange_threshold) {
    // A large body may be answered (413) and the connection closed before it is all
    // sent; httplib reads only after writing, and would see nothing but a reset.
    return raw_exchange(m_port, request, timeout);
  }
  Exchange exchange;
  auto timeout_s = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  auto timeout_us = std::chrono::duration_cast<std::chrono::microseconds>(timeout - timeout_s);
  m_client->set_read_timeout(timeout_s.count(), static_cast<time_t>(timeout_us.count()));
  // Connecting gets the whole budget too: with many parallel copies a small listen
  // backlog drops SYNs, and the kernel's first retry comes only after a second.
  m_client->set_connection_timeout(timeout_s.count(), static_cast<time_t>(timeout_us.count()));
  m_client->set_write_timeout(timeout_s.count(), static_cast<time_t>(timeout_us.count()));

  httplib::Request req;
  req.method = request.method;
  req.path = request.path;
  for (const auto& [name, value] : request.headers) {
    req.headers.emplace(name, value);
  }
  if (request.has_body) {
    req.body = request.body;
    if (!req.has_header("Content-Type")) {
      // httplib would otherwise add none; say plainly that the bytes are untyped.
      req.headers.emplace("Content-Type", "application/octet-stream");
    }
  }
  std::string body;
  bool too_large = false;
  req.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (body.size() + length > k_max_body_bytes) {
      too_large = true;
      return false;
    }
    body.append(data, length);
    return true;
  };

  auto start = clock::now();
  {
    std::lock_guard lock(m_mutex);
    m_fired = false;
    m_deadline = start + timeout;
  }
  m_wake.notify_all();
  httplib::Result result = m_client->send(req);
  bool fired = false;
  {
    std::lock_guard lock(m_mutex);
    fired = m_fired;
  }
  {
    std::lock_guard lock(m_mutex);
    m_deadline.reset();
  }
  m_wake.notify_all();
  exchange.elapsed_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();

  if (result) {
    WireResponse response;
    response.status = result->status;
    for (const auto& [name, value] : result->headers) {
      response.headers.emplace_back(util::to_lower(name), value);
    }
    response.body = std::move(body);
    response.elapsed_ms = exchange.elapsed_ms;
    exchange.response = std::move(response);
    return exchange;
  }
  auto error = result.error();
  auto elapsed = std::chrono::milliseconds(static_cast<long>(exchange.elapsed_ms));
  if (too_large) {
    exchange.failure = TransportFailure::too_large;
    exchange.failure_detail = "the response body was larger than " + std::to_string(k_max_body_bytes / (1024 * 1024)) + " MiB";
  } else if (fired || elapsed >= timeout) {
    exchange.failure = TransportFailure::timeout;
    exchange.failure_detail = "no complete answer within " + std::to_string(timeout.count()) + " ms";
  } else if (error == httplib::Error::Connection) {
    exchange.failure = TransportFailure::refused;
    exchange.failure_detail = "could not connect to 127.0.0.1:" + std::to_string(m_port) + " (connection refused)";
  } else if (error == httplib::Error::Read || error == httplib::Error::Write) {
    exchange.failure = TransportFailure::closed;
    exchange.failure_detail = "the service closed the connection without answering";
  } else {
    exchange.failure = TransportFailure::other;
    exchange.failure_detail = describe_error(error);
  }
  // Close the socket of a failed exchange now rather than when the next request starts.
  m_client->stop();
  return exchange;
}

}  // namespace ferry::http
