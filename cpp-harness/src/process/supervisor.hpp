#pragma once
/// @file
/// Supervising a service under test: start the built binary itself on a free
/// loopback port (PORT), wait until GET /health answers 200, and when it does
/// not, say why in a plain sentence. Always stops it, leaving nothing behind.

#include "process/subprocess.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::process {

/// How to run a service under test.
struct ServiceSpec {
  std::string binary;  ///< the built program itself (never `cargo run` or `go run`)
  std::vector<std::string> args;  ///< its arguments (ferry passes none to exercises)
  std::string cwd;  ///< its working directory
  std::map<std::string, std::string> env;  ///< PORT is added by the supervisor
  std::chrono::milliseconds startup_timeout{15'000};  ///< how long /health may take to answer 200
  std::chrono::milliseconds stop_grace{3'000};  ///< from SIGTERM to SIGKILL in an ordinary stop
  std::string health_path = "/health";  ///< the readiness probe: GET, and 200 means ready
  int cpu = -1;  ///< pin it to this CPU (`ferry bench`); -1: anywhere
  Sandbox sandbox;  ///< how it is confined (level none: a process group only)
  /// Kill it when it and its processes hold more resident memory than this (sampled
  /// every 50 ms); 0: no limit.
  std::uint64_t resident_limit_bytes = 0;
};

class Service;

/// The panic a Rust or Go program reported in @p output ("thread 'main' panicked at
/// src/main.rs:9:5: not yet implemented"), or "" when there is none. A backtrace can
/// push the panic out of any tail, so it is looked for in the whole output.
std::string find_panic(const std::string& output);

/// The result of a start: a running service, or why there is none.
struct StartResult {
  std::unique_ptr<Service> service;  ///< the running service; null when it did not start
  std::string failure;  ///< a plain sentence, when service is null
  std::string output_tail;  ///< the service's last output, when it failed
};

/// A service under test, running and healthy. Its destructor stops it.
class Service {
public:
  /// Start @p spec on a free port and wait until its health check answers 200.
  /// When it does not (it exits, never answers, or listens on another port),
  /// the StartResult says why in a sentence, with the service's last output.
  static StartResult start(const ServiceSpec& spec);
  /// Stops the service (as stop()) if it is still running.
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// The loopback port it was given in PORT (and answers on).
  [[nodiscard]] int port() const { return m_port; }
  /// Its pid, also its process group id.
  [[nodiscard]] pid_t pid() const { return m_process->pid(); }
  /// How long after the start /health first answered 200.
  [[nodiscard]] double ready_after_ms() const { return m_ready_ms; }
  /// Wait until what it has already written is in output() (see Subprocess::settle_output()).
  void settle_output() { m_process->settle_output(); }
  /// What it has printed so far.
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
  /// Why ferry killed it, as the end of a sentence ("; ferry killed it: it held more
  /// than 1024 MiB of memory"), or "" when ferry did not.
  [[nodiscard]] std::string killed_because() const;
  /// A descriptor of its own network namespace (ThreadNetwork::enter() reaches it), or -1
  /// when it shares ours.
  [[nodiscard]] int network() const { return m_network; }

private:
  Service() = default;
  void start_memory_watch();
  void stop_memory_watch();

  ServiceSpec m_spec;
  std::unique_ptr<Subprocess> m_process;
  int m_port = 0;
  double m_ready_ms = 0;
  std::optional<ExitStatus> m_stopped;
  int m_network = -1;
  std::thread m_memory_watch;
  std::mutex m_watch_mutex;
  std::condition_variable m_watch_wake;
  bool m_watch_quit = false;
  std::atomic<bool> m_over_memory{false};
};

}  // namespace ferry::process
