#pragma once
/// @file
/// Supervising a service under test: start the built binary itself on a free
/// loopback port (PORT), wait until GET /health answers 200, and when it does
/// not, say why in a plain sentence. Always stops it, leaving nothing behind.

#include "process/subprocess.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::process {

struct ServiceSpec {
  std::string binary;
  std::vector<std::string> args;
  std::string cwd;
  std::map<std::string, std::string> env;  ///< PORT is added by the supervisor
  std::chrono::milliseconds startup_timeout{15'000};
  std::chrono::milliseconds stop_grace{3'000};
  std::string health_path = "/health";
};

class Service;

/// The panic a Rust or Go program reported in @p output ("thread 'main' panicked at
/// src/main.rs:9:5: not yet implemented"), or "" when there is none. A backtrace can
/// push the panic out of any tail, so it is looked for in the whole output.
std::string find_panic(const std::string& output);

/// The result of a start: a running service, or why there is none.
struct StartResult {
  std::unique_ptr<Service> service;
  std::string failure;  ///< a plain sentence, when service is null
  std::string output_tail;  ///< the service's last output, when it failed
};

class Service {
public:
  /// Start @p spec and wait for its health check.
  static StartResult start(const ServiceSpec& spec);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  [[nodiscard]] int port() const { return m_port; }
  [[nodiscard]] pid_t pid() const { return m_process->pid(); }
  [[nodiscard]] double ready_after_ms() const { return m_ready_ms; }
  [[nodiscard]] const OutputBuffer& output() const { return m_process->output(); }
  /// The exit status if the service has died.
  std::optional<ExitStatus> exited() { return m_process->poll(); }
  /// SIGTERM, then SIGKILL after the grace period; then sweep orphans it left.
  ExitStatus stop();
  /// The same with its own grace period (a contract's SIGTERM step says how long).
  ExitStatus stop(std::chrono::milliseconds grace);
  /// SIGKILL at once, no grace; then sweep orphans it left.
  ExitStatus kill();
  /// Whether stopping it took a SIGKILL (it outlived the grace period).
  [[nodiscard]] bool was_killed() const { return m_process->was_killed(); }

private:
  Service() = default;

  ServiceSpec m_spec;
  std::unique_ptr<Subprocess> m_process;
  int m_port = 0;
  double m_ready_ms = 0;
  std::optional<ExitStatus> m_stopped;
};

}  // namespace ferry::process
