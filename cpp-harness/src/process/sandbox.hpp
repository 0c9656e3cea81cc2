#pragma once
/// @file
/// The isolation ladder for learner code: what this machine allows is detected at run
/// time, and a Sandbox says how a service is confined. The levels, strongest first:
///  - **namespaces** (root): its own PID namespace, so that when its first process ends
///    (or the harness dies) the kernel kills everything it spawned, setsid daemons
///    included; its own mount namespace with a private /tmp, the repository read-only,
///    and the hidden cases, the progress database, the results file and the key masked;
///    an unprivileged uid of its own; the limits below.
///  - **degraded**: its own session and process group, the limits below, an unprivileged
///    uid of its own when the harness runs as root, and a sweep of re-parented orphans;
///    no private view of the files, and a daemon that left the group outlives a
///    SIGKILLed harness.
///  - **none**: asked for with FERRY_ISOLATION=none; a process group only.
/// At the namespaces level the service also gets a network namespace of its own with only
/// loopback up (unless it must reach an upstream ferry runs beside it); ferry reaches it by
/// moving the thread that talks to it into that namespace (ThreadNetwork). Bubblewrap is
/// not used: as root, the same namespaces are made directly.

#include "util/expected.hpp"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ferry::process {

/// How strongly a service is confined.
enum class IsolationLevel { none, degraded, namespaces };

/// "none", "degraded", "namespaces".
std::string to_string(IsolationLevel level);

/// Resource limits set (setrlimit) before the service's program starts.
struct Limits {
  /// RLIMIT_AS. Generous on purpose: Go's runtime and glibc's malloc arenas reserve far
  /// more address space than they touch, so a tight limit breaks ordinary programs.
  std::uint64_t address_space_bytes = 4ULL << 30;
  /// Resident memory of the service and everything it spawned, sampled by the supervisor
  /// (ServiceSpec::resident_limit_bytes): past it, the service is killed and told why.
  std::uint64_t resident_bytes = 1ULL << 30;
  /// RLIMIT_NPROC: processes and threads of its uid. Binds only when the service has a uid
  /// of its own (the limit counts every process of a uid, and does not bind root).
  std::uint64_t processes = 512;
  std::uint64_t open_files = 4096;  ///< RLIMIT_NOFILE
  std::uint64_t file_size_bytes = 1ULL << 30;  ///< RLIMIT_FSIZE: no single file grows past this
  std::uint64_t private_tmp_bytes = 256ULL << 20;  ///< the size of the private /tmp (namespaces)
};

/// What this machine allows, found by trying it.
struct Isolation {
  IsolationLevel level = IsolationLevel::none;  ///< the strongest level that works here
  bool separate_uid = false;  ///< services run as an unprivileged uid of their own
  bool own_network = false;  ///< services can get a network namespace with loopback only
  std::string detail;  ///< one plain sentence: what is in force, and what is not and why
};

/// Detect the strongest level that works here (once per process; later calls return the
/// same). FERRY_ISOLATION=degraded|none asks for a weaker level (tests, or a machine
/// where namespaces misbehave).
const Isolation& detect_isolation();

/// How one service is confined; built by the caller from detect_isolation().
struct Sandbox {
  IsolationLevel level = IsolationLevel::none;  ///< none: only a process group; see the file's comment
  Limits limits;  ///< set before the program starts (any level but none)
  uid_t uid = 0;  ///< run as this uid and gid (0: keep the harness's)
  bool own_network = false;  ///< a network namespace of its own, loopback only (namespaces)
  std::string read_only_dir;  ///< the repository (namespaces)
  std::vector<std::string> keep_dirs;  ///< directories under /tmp it still sees in its private /tmp (its database)
  std::vector<std::string> masked_paths;  ///< files and directories it must not read (namespaces)
  /// Every mount of the machine read-only but the private /tmp and writable_dirs, and a
  /// /proc of its own PID namespace, read-only (namespaces). For the learner's build, which
  /// keeps ferry's uid (the shared target directory is ferry's) and so could otherwise
  /// write whatever ferry can.
  bool read_only_system = false;
  std::vector<std::string> writable_dirs;  ///< with read_only_system: left writable (at most 16)
  /// Drop every capability, for good (namespaces): a process that keeps uid 0 keeps none
  /// of root's powers — it cannot undo its mounts, unmask a file, or regain them by exec.
  bool drop_capabilities = false;
};

/// The uid a service of this harness runs as: one per harness process, so that
/// RLIMIT_NPROC counts only its own processes and no other run's.
uid_t sandbox_uid();

/// Whether @p uid can reach every one of @p paths (search and read; execute for
/// @p executable). "" when it can, else the first path it cannot.
std::string unreachable_for(uid_t uid, const std::vector<std::string>& paths, const std::string& executable);

/// Give @p dir (made by the harness) to @p uid, so that a service can write its database there.
bool give_to(const std::string& dir, uid_t uid);

/// Kill every process of @p uid (a helper forks, takes the uid and kill(-1)s), until none is left.
void kill_all_of_uid(uid_t uid);

/// Moves the calling thread into another network namespace (setns), and back when
/// restored or destroyed. Sockets keep the namespace they were made in, and threads
/// started meanwhile inherit it: the thread that runs the cases, and the threads it
/// starts for parallel requests, reach a service in its own namespace at 127.0.0.1.
class ThreadNetwork {
public:
  ThreadNetwork() = default;
  /// Restores the thread's namespace.
  ~ThreadNetwork();
  ThreadNetwork(const ThreadNetwork&) = delete;
  ThreadNetwork& operator=(const ThreadNetwork&) = delete;
  /// Move the calling thread into the namespace @p ns_fd refers to (/proc/PID/ns/net).
  util::Status enter(int ns_fd);
  /// Back to where the thread was before the first enter().
  void restore();

private:
  int m_original = -1;
};

/// A descriptor of the network namespace of process @p pid, or -1.
int open_network_of(pid_t pid);

namespace detail {

/// Everything the child needs, computed before fork() (only async-signal-safe calls after it).
struct PreparedSandbox {
  IsolationLevel level = IsolationLevel::none;  ///< as Sandbox::level
  Limits limits;  ///< as Sandbox::limits
  uid_t uid = 0;  ///< as Sandbox::uid
  bool own_network = false;  ///< Sandbox::own_network, at the namespaces level only
  std::string read_only_dir;  ///< as Sandbox::read_only_dir
  std::vector<std::string> keep_dirs;  ///< the kept directories that are under /tmp (at most 16)
  std::vector<std::vector<std::string>> keep_dir_prefixes;  ///< each keep dir's parents, to mkdir in the new /tmp
  std::vector<std::string> masked_dirs;  ///< covered by an empty read-only tmpfs
  std::vector<std::string> masked_files;  ///< covered by /dev/null
  std::string tmp_options;  ///< "size=...,mode=1777"
  bool read_only_system = false;  ///< as Sandbox::read_only_system
  std::vector<std::string> read_only_mounts;  ///< the mount points to make read-only (read_only_system)
  std::vector<unsigned long> read_only_flags;  ///< for each: MS_NOSUID, MS_NODEV, MS_NOEXEC it already has
  std::vector<std::string> writable_dirs;  ///< as Sandbox::writable_dirs
  bool drop_capabilities = false;  ///< as Sandbox::drop_capabilities
};

/// Prepare @p sandbox for a child (resolving which masked paths are files or directories).
PreparedSandbox prepare(const Sandbox& sandbox);

/// In the forked child, before exec: enter the sandbox. For the namespaces level this forks
/// twice (an outer process that mirrors the end of the service, an init inside the new PID
/// namespace that reaps, and the service); only the service returns. Reports a failure on
/// @p error_fd as {stage, errno} and exits. @p keep_fds are descriptors the outer processes close.
void enter(const PreparedSandbox& sandbox, int error_fd);

/// The sentence for a sandbox setup failure reported by enter() at @p stage.
std::string describe_failure(int stage, int error);

}  // namespace detail

}  // namespace ferry::process
