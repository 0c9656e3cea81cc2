#pragma once
/// @file
/// ferry's proxy between a gateway under test and the upstream it forwards to.
/// It passes requests through unchanged, records what reached the upstream, and
/// on a contract's word refuses connections (the upstream is down) or holds
/// answers back (the upstream is slow).

#include "http/upstream.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ferry::http {

/// Largest request or response the proxy passes on; a larger one ends the connection.
inline constexpr std::size_t k_max_proxied_bytes = 16 * 1024 * 1024;

/// A loopback HTTP/1.1 proxy in front of one upstream port, with faults on demand.
///
/// Each connection carries one exchange: the proxy reads the request, records it,
/// sends it to the upstream with `Connection: close`, reads the whole answer, waits
/// out the delay in force, and passes the answer on with `Connection: close`. No
/// connection is ever idle in a pool, so taking the upstream down is exact: the
/// listening socket closes and every new connection is refused at once. The
/// listen backlog is the system's maximum, so a burst of parallel requests is
/// queued rather than dropped.
class FaultProxy final : public UpstreamControl {
public:
  /// Listen on a free loopback port and forward to 127.0.0.1:@p upstream_port;
  /// @p description names the upstream in messages.
  static util::Expected<std::unique_ptr<FaultProxy>> start(int upstream_port, std::string description);
  /// Stops listening, cuts every open connection and waits for their threads.
  ~FaultProxy() override;
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  /// The port the service under test is told about (UPSTREAM_URL).
  [[nodiscard]] int port() const { return m_port; }

  std::string set_down(bool down) override;
  void set_delay(std::chrono::milliseconds delay) override;
  std::string reset() override;
  [[nodiscard]] std::vector<SeenRequest> seen() const override;
  [[nodiscard]] std::string description() const override { return m_description; }

private:
  FaultProxy(int upstream_port, std::string description);
  std::string open_listener();
  void accept_loop();
  struct Connection;
  void serve(Connection& self);
  void wake();
  void reap_finished();

  struct Connection {
    std::thread thread;
    int client = -1;
    int upstream = -1;
    bool done = false;
  };

  std::string m_description;
  const int m_upstream_port;
  int m_port = 0;
  int m_listener = -1;  // owned by the accept thread once it runs
  int m_wake_pipe[2] = {-1, -1};
  std::thread m_acceptor;

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_quit = false;
  bool m_want_down = false;  // what set_down asked for
  bool m_is_down = false;  // what the accept thread has done
  std::string m_listen_error;  // why the listener could not be opened again
  std::chrono::milliseconds m_delay{0};
  std::vector<SeenRequest> m_seen;
  std::list<Connection> m_connections;
};

}  // namespace ferry::http
