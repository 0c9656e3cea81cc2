#pragma once
/// @file
/// Starting a program in its own process group with its output captured into
/// a capped buffer, and stopping it with everything it spawned.

#include "process/sandbox.hpp"
#include "util/expected.hpp"

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ferry::process {

/// How a process ended.
struct ExitStatus {
  bool signaled = false;  ///< ended by a signal rather than by exiting
  int code = 0;  ///< exit code, or the signal number when signaled
  long max_rss_kib = 0;  ///< the largest resident set it ever had (ru_maxrss from wait4), in KiB

  /// "exited with code 101", "was killed by signal 9 (SIGKILL)".
  [[nodiscard]] std::string describe() const;
  /// Whether it exited by itself with code 0.
  [[nodiscard]] bool success() const { return !signaled && code == 0; }
};

/// The tail of a process's combined stdout and stderr, capped in memory.
/// Offsets count every byte ever written, so callers can ask "what since X".
class OutputBuffer {
public:
  /// A buffer that keeps the last @p cap bytes.
  explicit OutputBuffer(std::size_t cap) : m_cap(cap) {}
  /// Add @p size bytes at @p data, dropping the oldest beyond the cap. Thread-safe.
  void append(const char* data, std::size_t size);
  /// How many bytes were ever appended: an offset for since().
  [[nodiscard]] std::uint64_t total() const;
  /// What was written after @p offset (or as much of it as is still kept).
  [[nodiscard]] std::string since(std::uint64_t offset) const;
  /// Everything still kept.
  [[nodiscard]] std::string tail() const { return since(0); }

private:
  mutable std::mutex m_mutex;
  std::size_t m_cap;
  std::string m_kept;  ///< the last m_cap bytes
  std::uint64_t m_total = 0;
};

/// What to start, where, and with which environment.
struct SpawnOptions {
  std::vector<std::string> argv;  ///< argv[0] is looked up in PATH if it has no '/'
  std::string cwd;  ///< empty: the harness's own
  std::map<std::string, std::string> env_set;  ///< added to (or replacing in) the harness's environment
  std::vector<std::string> env_unset;  ///< removed from the harness's environment
  std::size_t output_cap = 256 * 1024;  ///< bytes of combined output kept (the last ones)
  int cpu = -1;  ///< pin the process (and every thread it starts) to this CPU; -1: anywhere
  /// How it is confined (see sandbox.hpp). Level none: a process group of its own only.
  /// Any other level also gives it a session of its own.
  Sandbox sandbox;
};

/// A running child in its own process group. The destructor stops it.
class Subprocess {
public:
  /// Start @p options in a new process group, its stdout and stderr captured together.
  /// Fails when the program cannot be started (not found, not executable).
  static util::Expected<std::unique_ptr<Subprocess>> spawn(const SpawnOptions& options);
  /// Stops the process group (as stop()) if it is still running.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  /// The child's pid, which is also its process group id.
  [[nodiscard]] pid_t pid() const { return m_pid; }
  /// What it has printed so far (stdout and stderr interleaved).
  [[nodiscard]] const OutputBuffer& output() const { return *m_output; }

  /// The exit status if the process has ended (reaps it), else nullopt.
  std::optional<ExitStatus> poll();
  /// Wait for the end, killing the group once @p timeout passes.
  ExitStatus wait(std::chrono::milliseconds timeout);
  /// SIGTERM to the group, then SIGKILL after @p grace; reaps the child.
  ExitStatus stop(std::chrono::milliseconds grace);
  /// SIGKILL to the group at once, as a crash or the OOM killer would; reaps the child.
  ExitStatus kill_now();
  /// Whether the stop had to escalate to SIGKILL.
  [[nodiscard]] bool was_killed() const { return m_killed; }

  /// Wait (at most @p at_most) until what the process has already written to its
  /// output pipe is in output(): a line printed just before an answer belongs to the
  /// case that got the answer.
  void settle_output(std::chrono::milliseconds at_most = std::chrono::milliseconds(100));

  /// Stop capturing output (after the process and its group are gone).
  void finish_reader();

private:
  Subprocess() = default;

  pid_t m_pid = -1;
  int m_output_fd = -1;
  std::unique_ptr<OutputBuffer> m_output;
  std::thread m_reader;
  std::optional<ExitStatus> m_status;
  bool m_killed = false;
  std::atomic<bool> m_quit_reader{false};
  std::atomic<bool> m_reading{false};  // the reader has taken bytes from the pipe it has not appended yet
};

/// Make this process the reaper of orphans it causes, so that a service's
/// double-forked daemons become our children and can be found and killed.
void become_subreaper();

/// Kill and reap every child of this process other than @p keep (orphans that
/// were re-parented to us). Returns how many there were.
int kill_stray_children(const std::vector<pid_t>& keep = {});

/// How a run_to_completion() ended.
struct Completed {
  ExitStatus status;  ///< how the process ended
  std::string output;  ///< its combined stdout and stderr (the last SpawnOptions::output_cap bytes)
  bool timed_out = false;  ///< it was killed because the timeout passed
};
/// Run @p options to completion (output captured), within @p timeout. Fails only
/// when the program cannot be started; a non-zero exit is a Completed.
util::Expected<Completed> run_to_completion(const SpawnOptions& options, std::chrono::milliseconds timeout);

}  // namespace ferry::process
