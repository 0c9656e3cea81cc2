#include "process/sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/syscall.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ferry::process {

namespace {

/// Far above any uid a distribution hands out, below the 32-bit "no uid" (-1).
constexpr uid_t k_uid_base = 2'000'000'000;

/// The stages of enter(), for the failure sentence.
enum Stage : int {
  k_stage_unshare = 1,
  k_stage_mount_private,
  k_stage_mount_tmp,
  k_stage_keep_dir,
  k_stage_read_only,
  k_stage_mask,
  k_stage_fork,
  k_stage_limits,
  k_stage_uid,
  k_stage_loopback,
  k_stage_read_only_system,
  k_stage_writable_dir,
  k_stage_proc,
  k_stage_capabilities,
};

[[noreturn]] void fail(int error_fd, int stage, int error) {
  int code = -(stage * 1000 + error);
  ssize_t ignored = write(error_fd, &code, sizeof code);
  (void)ignored;
  _exit(127);
}

bool under_tmp(const std::string& path) { return path.rfind("/tmp/", 0) == 0; }

/// A mount point as /proc/self/mountinfo writes it, with its escapes ("\040" for a space) undone.
std::string unescape_mount_point(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      int value = 0;
      bool octal = true;
      for (std::size_t k = 1; k <= 3; ++k) {
        char c = field[i + k];
        octal = octal && c >= '0' && c <= '7';
        value = value * 8 + (c - '0');
      }
      if (octal) {
        out += static_cast<char>(value);
        i += 3;
        continue;
      }
    }
    out += field[i];
  }
  return out;
}

/// This process's mount points, in the order they were mounted, each with the nosuid,
/// nodev and noexec flags it has.
std::vector<std::pair<std::string, unsigned long>> mount_points() {
  std::vector<std::pair<std::string, unsigned long>> points;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, device, root, point, options;
    if (!(fields >> id >> parent >> device >> root >> point >> options)) {
      continue;
    }
    unsigned long flags = 0;
    std::istringstream each(options);
    for (std::string option; std::getline(each, option, ',');) {
      if (option == "nosuid") {
        flags |= MS_NOSUID;
      } else if (option == "nodev") {
        flags |= MS_NODEV;
      } else if (option == "noexec") {
        flags |= MS_NOEXEC;
      }
    }
    points.emplace_back(unescape_mount_point(point), flags);
  }
  return points;
}

/// Whether unshare(2) of @p flags works here (tried in a child).
bool namespaces_work(int flags) {
  pid_t child = fork();
  if (child < 0) {
    return false;
  }
  if (child == 0) {
    _exit(unshare(flags) == 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// Wait for @p pid, retrying on signals; its wait status.
int wait_for(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

/// End this process the way @p status says another ended: the same code, or the same signal.
[[noreturn]] void mirror(int status) {
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);  // an abort mirrored is not a crash of ours
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    kill(getpid(), sig);
  }
  _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 127);
}

extern "C" void ignore_signal(int) {}

/// A new network namespace has loopback down: bring it up.
void bring_up_loopback(int error_fd) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq request{};
  std::memcpy(request.ifr_name, "lo", 3);
  if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &request) != 0) {
    fail(error_fd, k_stage_loopback, errno);
  }
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP | IFF_RUNNING);
  if (ioctl(fd, SIOCSIFFLAGS, &request) != 0) {
    fail(error_fd, k_stage_loopback, errno);
  }
  close(fd);
}

void set_limit(int resource, std::uint64_t value, int error_fd) {
  rlimit limit{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
  if (setrlimit(resource, &limit) != 0) {
    fail(error_fd, k_stage_limits, errno);
  }
}

void apply_limits(const detail::PreparedSandbox& sandbox, int error_fd) {
  set_limit(RLIMIT_AS, sandbox.limits.address_space_bytes, error_fd);
  set_limit(RLIMIT_NOFILE, sandbox.limits.open_files, error_fd);
  set_limit(RLIMIT_FSIZE, sandbox.limits.file_size_bytes, error_fd);
  set_limit(RLIMIT_CORE, 0, error_fd);
  if (sandbox.uid != 0 || sandbox.drop_capabilities) {  // root with its capabilities is not bound by it
    set_limit(RLIMIT_NPROC, sandbox.limits.processes, error_fd);
  }
}

void drop_privileges(uid_t uid, int error_fd) {
  if (uid == 0) {
    return;
  }
  if (setgroups(0, nullptr) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) {
    fail(error_fd, k_stage_uid, errno);
  }
}

/// Every capability gone for good: none effective, permitted, inheritable or ambient, an
/// empty bounding set, and securebits that keep uid 0 from regaining any by exec.
void drop_all_capabilities(int error_fd) {
  if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                                   SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED) != 0) {
    fail(error_fd, k_stage_capabilities, errno);
  }
  for (int cap = 0; cap <= CAP_LAST_CAP; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      fail(error_fd, k_stage_capabilities, errno);
    }
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (syscall(SYS_capset, &header, data) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    fail(error_fd, k_stage_capabilities, errno);
  }
}

/// The mount namespace's view: a private /tmp (with the kept directories bound back),
/// the repository (or the whole system) read-only, the secrets masked.
void set_up_mounts(const detail::PreparedSandbox& sandbox, int error_fd) {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    fail(error_fd, k_stage_mount_private, errno);
  }
  // Hold the kept directories before the new /tmp hides them.
  int kept[16];
  std::size_t kept_count = 0;
  for (const auto& dir : sandbox.keep_dirs) {
    if (kept_count < 16) {
      kept[kept_count++] = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
  }
  if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, sandbox.tmp_options.c_str()) != 0) {
    fail(error_fd, k_stage_mount_tmp, errno);
  }
  for (std::size_t i = 0; i < kept_count; ++i) {
    for (const auto& parent : sandbox.keep_dir_prefixes[i]) {
      mkdir(parent.c_str(), 0755);
    }
    char source[64];
    // No snprintf here (not async-signal-safe): build "/proc/self/fd/N" by hand.
    const char* prefix = "/proc/self/fd/";
    std::size_t n = 0;
    for (; prefix[n] != '\0'; ++n) {
      source[n] = prefix[n];
    }
    char digits[16];
    int d = 0;
    for (int fd = kept[i]; fd > 0 || d == 0; fd /= 10) {
      digits[d++] = static_cast<char>('0' + fd % 10);
    }
    while (d > 0) {
      source[n++] = digits[--d];
    }
    source[n] = '\0';
    if (kept[i] < 0 || mount(source, sandbox.keep_dirs[i].c_str(), nullptr, MS_BIND, nullptr) != 0) {
      fail(error_fd, k_stage_keep_dir, kept[i] < 0 ? ENOENT : errno);
    }
    close(kept[i]);
  }
  if (!sandbox.read_only_dir.empty()) {
    const char* dir = sandbox.read_only_dir.c_str();
    if (mount(dir, dir, nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
        mount(nullptr, dir, nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
      fail(error_fd, k_stage_read_only, errno);
    }
  }
  if (sandbox.read_only_system) {
    // The writable directories first, as mounts of their own (a bind copies the flags of
    // the mount it comes from, so they are made before anything is read-only); then every
    // other mount read-only, keeping the nosuid, nodev and noexec it had.
    for (const auto& dir : sandbox.writable_dirs) {
      if (mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0) {
        fail(error_fd, k_stage_writable_dir, errno);
      }
    }
    for (std::size_t i = 0; i < sandbox.read_only_mounts.size(); ++i) {
      unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | sandbox.read_only_flags[i];
      if (mount(nullptr, sandbox.read_only_mounts[i].c_str(), nullptr, flags, nullptr) != 0 && errno != ENOENT) {
        fail(error_fd, k_stage_read_only_system, errno);
      }
    }
  }
  for (const auto& dir : sandbox.masked_dirs) {
    if (mount("tmpfs", dir.c_str(), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000") != 0) {
      fail(error_fd, k_stage_mask, errno);
    }
  }
  for (const auto& file : sandbox.masked_files) {
    if (mount("/dev/null", file.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      fail(error_fd, k_stage_mask, errno);
    }
  }
}

}  // namespace

std::string to_string(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::none: return "none";
    case IsolationLevel::degraded: return "degraded";
    case IsolationLevel::namespaces: return "namespaces";
  }
  return "none";
}

const Isolation& detect_isolation() {
  static const Isolation detected = [] {
    Isolation found;
    const char* asked = std::getenv("FERRY_ISOLATION");
    std::string wanted = asked != nullptr ? asked : "";
    bool root = geteuid() == 0;
    if (wanted == "none") {
      found.level = IsolationLevel::none;
      found.detail = "none (FERRY_ISOLATION=none): the service runs in a process group of its own, nothing more";
      return found;
    }
    found.separate_uid = root;
    std::string uid_part = root ? "an unprivileged uid of its own" : "the harness's own uid (ferry is not root)";
    if (wanted != "degraded" && root && namespaces_work(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC)) {
      found.level = IsolationLevel::namespaces;
      found.own_network = namespaces_work(CLONE_NEWNET);
      found.detail = "namespaces: the service has its own PID and mount namespaces (nothing it spawns outlives it), "
                     "a private /tmp, the repository read-only, the hidden cases, progress database and results "
                     "masked, " + uid_part + ", limits on memory, processes, files and file size, and " +
                     (found.own_network ? "a network of its own with loopback only (unless it needs an upstream)"
                                        : "the machine's network (this machine denies network namespaces)");
      return found;
    }
    found.level = IsolationLevel::degraded;
    std::string why = wanted == "degraded" ? "FERRY_ISOLATION=degraded"
                      : !root             ? "namespaces need root"
                                          : "this machine denies namespaces";
    found.detail = "degraded (" + why + "): the service runs in a session and process group of its own with " +
                   uid_part + " and limits on memory, " + (root ? "processes, " : "") +
                   "files and file size; it can read what the harness's files allow, shares /tmp and the network, "
                   "and a daemon that leaves its process group outlives a harness killed with SIGKILL";
    return found;
  }();
  return detected;
}

uid_t sandbox_uid() { return k_uid_base + static_cast<uid_t>(getpid()); }

std::string unreachable_for(uid_t uid, const std::vector<std::string>& paths, const std::string& executable) {
  int result_pipe[2];
  if (pipe2(result_pipe, O_CLOEXEC) != 0) {
    return executable;
  }
  pid_t child = fork();
  if (child == 0) {
    close(result_pipe[0]);
    std::uint32_t bad = 0;
    if (setgroups(0, nullptr) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) {
      bad = 1;
    } else if (!executable.empty() && access(executable.c_str(), X_OK) != 0) {
      bad = 1;
    } else {
      for (std::size_t i = 0; i < paths.size() && bad == 0; ++i) {
        if (access(paths[i].c_str(), R_OK | X_OK) != 0) {
          bad = static_cast<std::uint32_t>(i + 2);
        }
      }
    }
    ssize_t ignored = write(result_pipe[1], &bad, sizeof bad);
    (void)ignored;
    _exit(0);
  }
  close(result_pipe[1]);
  std::uint32_t bad = 1;
  if (child < 0 || read(result_pipe[0], &bad, sizeof bad) != static_cast<ssize_t>(sizeof bad)) {
    bad = 1;
  }
  close(result_pipe[0]);
  if (child > 0) {
    wait_for(child);
  }
  if (bad == 0) {
    return {};
  }
  return bad == 1 ? executable : paths[bad - 2];
}

bool give_to(const std::string& dir, uid_t uid) { return chown(dir.c_str(), uid, uid) == 0; }

void kill_all_of_uid(uid_t uid) {
  if (uid == 0 || geteuid() != 0) {
    return;
  }
  for (int pass = 0; pass < 50; ++pass) {
    pid_t helper = fork();
    if (helper < 0) {
      return;
    }
    if (helper == 0) {
      // With the target's uid, kill(-1) reaches exactly its processes (and this helper,
      // which is fine: it has nothing left to do). ESRCH: there were none but us.
      if (setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) {
        _exit(2);
      }
      // kill(-1) leaves out the caller itself: 0 means something was there to kill.
      _exit(kill(-1, SIGKILL) == 0 ? 1 : 0);
    }
    int status = wait_for(helper);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 1) {
      return;  // none were left (or the helper could not take the uid)
    }
  }
}

ThreadNetwork::~ThreadNetwork() {
  restore();
  if (m_original >= 0) {
    close(m_original);
  }
}

util::Status ThreadNetwork::enter(int ns_fd) {
  if (m_original < 0) {
    m_original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (m_original < 0) {
      return util::Error{std::string("cannot open this thread's network namespace: ") + std::strerror(errno)};
    }
  }
  if (setns(ns_fd, CLONE_NEWNET) != 0) {
    return util::Error{std::string("cannot enter the service's network namespace: ") + std::strerror(errno)};
  }
  return util::Status::ok();
}

void ThreadNetwork::restore() {
  if (m_original >= 0) {
    setns(m_original, CLONE_NEWNET);
  }
}

int open_network_of(pid_t pid) {
  return open(("/proc/" + std::to_string(pid) + "/ns/net").c_str(), O_RDONLY | O_CLOEXEC);
}

namespace detail {

PreparedSandbox prepare(const Sandbox& sandbox) {
  PreparedSandbox prepared;
  prepared.level = sandbox.level;
  prepared.limits = sandbox.limits;
  prepared.uid = sandbox.uid;
  prepared.own_network = sandbox.own_network && sandbox.level == IsolationLevel::namespaces;
  if (sandbox.level != IsolationLevel::namespaces) {
    return prepared;
  }
  prepared.read_only_dir = sandbox.read_only_dir;
  std::vector<std::string> keep = sandbox.keep_dirs;
  keep.push_back(sandbox.read_only_dir);  // under /tmp, the private /tmp would hide it
  for (const auto& dir : keep) {
    if (!under_tmp(dir) || prepared.keep_dirs.size() >= 16) {
      continue;
    }
    prepared.keep_dirs.push_back(dir);
    std::vector<std::string> parents;
    for (auto p = std::filesystem::path(dir).parent_path(); p.string().size() > 4 && p.string() != "/tmp";
         p = p.parent_path()) {
      parents.insert(parents.begin(), p.string());
    }
    parents.push_back(dir);
    prepared.keep_dir_prefixes.push_back(std::move(parents));
  }
  for (const auto& given : sandbox.masked_paths) {
    std::error_code ec;
    std::string path = given.empty() ? given : std::filesystem::absolute(given, ec).lexically_normal().string();
    if (!path.empty() && path.back() == '/') {
      path.pop_back();
    }
    struct stat st{};
    // Under /tmp there is nothing to mask (the private /tmp does not have it), unless it
    // is inside a directory bound back into it.
    bool kept = false;
    for (const auto& dir : prepared.keep_dirs) {
      kept = kept || path == dir || path.rfind(dir + "/", 0) == 0;
    }
    if (path.empty() || ((under_tmp(path) || path == "/tmp") && !kept) || lstat(path.c_str(), &st) != 0) {
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      prepared.masked_dirs.push_back(path);
    } else if (S_ISREG(st.st_mode)) {
      prepared.masked_files.push_back(path);
    }
  }
  prepared.tmp_options = "size=" + std::to_string(sandbox.limits.private_tmp_bytes) + ",mode=1777";
  prepared.drop_capabilities = sandbox.drop_capabilities;
  prepared.read_only_system = sandbox.read_only_system;
  if (sandbox.read_only_system) {
    for (const auto& dir : sandbox.writable_dirs) {
      if (prepared.writable_dirs.size() < 16) {
        prepared.writable_dirs.push_back(dir);
      }
    }
    for (const auto& [point, flags] : mount_points()) {
      // The private /tmp and the new /proc are mounted fresh; the writable ones stay so.
      bool skip = point == "/tmp" || under_tmp(point) || point == "/proc" || point.rfind("/proc/", 0) == 0;
      for (const auto& dir : prepared.writable_dirs) {
        skip = skip || point == dir;
      }
      if (!skip) {
        prepared.read_only_mounts.push_back(point);
        prepared.read_only_flags.push_back(flags);
      }
    }
    // The directories bound back into the private /tmp are mounts of their own by then.
    for (const auto& dir : prepared.keep_dirs) {
      bool writable = false;
      for (const auto& w : prepared.writable_dirs) {
        writable = writable || w == dir;
      }
      if (!writable) {
        prepared.read_only_mounts.push_back(dir);
        prepared.read_only_flags.push_back(MS_NOSUID | MS_NODEV);
      }
    }
  }
  return prepared;
}

void enter(const PreparedSandbox& sandbox, int error_fd) {
  if (sandbox.level == IsolationLevel::none) {
    return;
  }
  if (sandbox.level == IsolationLevel::degraded) {
    apply_limits(sandbox, error_fd);
    drop_privileges(sandbox.uid, error_fd);
    return;
  }
  // Nothing of the harness stays open in the processes that do not exec.
  if (error_fd > 3) {
    close_range(3, static_cast<unsigned>(error_fd - 1), 0);
  }
  close_range(static_cast<unsigned>(error_fd + 1), ~0U, 0);
  // The outer process: stays in the harness's PID namespace, in the service's process
  // group, and ends the way the service ends. When it dies (the harness is gone, or a
  // SIGKILL to the group), the init below is killed, and with it the whole namespace.
  if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | (sandbox.own_network ? CLONE_NEWNET : 0)) != 0) {
    fail(error_fd, k_stage_unshare, errno);
  }
  if (sandbox.own_network) {
    bring_up_loopback(error_fd);
  }
  set_up_mounts(sandbox, error_fd);
  int status_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) != 0) {
    fail(error_fd, k_stage_fork, errno);
  }
  pid_t init = fork();
  if (init < 0) {
    fail(error_fd, k_stage_fork, errno);
  }
  if (init > 0) {
    prctl(PR_SET_NAME, "ferry-sandbox");
    // A SIGTERM to the group is for the service (which gets it too); the outer process
    // must outlive it until the service has finished its graceful exit.
    struct sigaction quiet{};
    quiet.sa_handler = ignore_signal;
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT}) {
      sigaction(sig, &quiet, nullptr);
    }
    close(error_fd);
    close(status_pipe[1]);
    int init_status = wait_for(init);
    int service_status = 0;
    if (read(status_pipe[0], &service_status, sizeof service_status) == static_cast<ssize_t>(sizeof service_status)) {
      mirror(service_status);
    }
    mirror(init_status);
  }
  // The init: PID 1 of the new namespace. It ignores signals it has no handler for,
  // reaps orphans, and leaves (taking the namespace with it) when the service ends.
  // (getppid() is 0 here: the parent is outside the namespace. Should the outer process
  // have died already, a SIGKILL to the group still reaches this init.)
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  prctl(PR_SET_NAME, "ferry-init");
  close(status_pipe[0]);
  pid_t service = fork();
  if (service < 0) {
    fail(error_fd, k_stage_fork, errno);
  }
  if (service > 0) {
    close(error_fd);
    while (true) {
      int status = 0;
      pid_t ended = waitpid(-1, &status, 0);
      if (ended == service) {
        ssize_t ignored = write(status_pipe[1], &status, sizeof status);
        (void)ignored;
        _exit(0);
      }
      if (ended < 0 && errno != EINTR) {
        _exit(127);
      }
    }
  }
  // The service.
  close(status_pipe[1]);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (sandbox.read_only_system &&
      mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, nullptr) != 0) {
    fail(error_fd, k_stage_proc, errno);
  }
  apply_limits(sandbox, error_fd);
  drop_privileges(sandbox.uid, error_fd);
  if (sandbox.drop_capabilities) {
    drop_all_capabilities(error_fd);
  }
}

std::string describe_failure(int stage, int error) {
  const char* what = "set up the sandbox";
  switch (stage) {
    case k_stage_unshare: what = "create its namespaces"; break;
    case k_stage_mount_private: what = "make its mounts private"; break;
    case k_stage_mount_tmp: what = "mount its private /tmp"; break;
    case k_stage_keep_dir: what = "keep its database directory in its private /tmp"; break;
    case k_stage_read_only: what = "make the repository read-only"; break;
    case k_stage_mask: what = "hide the hidden cases, database and results"; break;
    case k_stage_fork: what = "start its init process"; break;
    case k_stage_limits: what = "set its resource limits"; break;
    case k_stage_uid: what = "switch to its unprivileged uid"; break;
    case k_stage_loopback: what = "bring up loopback in its network namespace"; break;
    case k_stage_read_only_system: what = "make the system's mounts read-only"; break;
    case k_stage_writable_dir: what = "keep its output directory writable"; break;
    case k_stage_proc: what = "mount a /proc of its own"; break;
    case k_stage_capabilities: what = "drop its capabilities"; break;
    default: break;
  }
  return std::string("ferry could not ") + what + ": " + std::strerror(error);
}

}  // namespace detail

}  // namespace ferry::process
