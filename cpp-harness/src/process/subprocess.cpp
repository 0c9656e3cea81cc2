#include "process/subprocess.hpp"

#include "process/resident.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace ferry::process {

std::string ExitStatus::describe() const {
  if (!signaled) {
    return "exited with code " + std::to_string(code);
  }
  const char* name = sigabbrev_np(code);
  return "was killed by signal " + std::to_string(code) + (name != nullptr ? std::string(" (SIG") + name + ")" : "");
}

void OutputBuffer::append(const char* data, std::size_t size) {
  std::lock_guard lock(m_mutex);
  m_total += size;
  if (size >= m_cap) {
    m_kept.assign(data + size - m_cap, m_cap);
    return;
  }
  m_kept.append(data, size);
  if (m_kept.size() > m_cap) {
    m_kept.erase(0, m_kept.size() - m_cap);
  }
}

std::uint64_t OutputBuffer::total() const {
  std::lock_guard lock(m_mutex);
  return m_total;
}

std::string OutputBuffer::since(std::uint64_t offset) const {
  std::lock_guard lock(m_mutex);
  std::uint64_t kept_from = m_total - m_kept.size();
  if (offset >= m_total) {
    return {};
  }
  std::uint64_t start = offset > kept_from ? offset - kept_from : 0;
  return m_kept.substr(static_cast<std::size_t>(start));
}

namespace {

ExitStatus from_wait_status(int status) {
  if (WIFSIGNALED(status)) {
    return {true, WTERMSIG(status)};
  }
  return {false, WEXITSTATUS(status)};
}

/// Everything the child needs, prepared before fork() (only async-signal-safe calls after it).
struct ExecPlan {
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecPlan make_plan(const SpawnOptions& options, std::vector<std::string>& argv_storage) {
  ExecPlan plan;
  argv_storage = options.argv;
  for (auto& arg : argv_storage) {
    plan.argv.push_back(arg.data());
  }
  plan.argv.push_back(nullptr);
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool dropped = options.env_set.contains(name);
    for (const auto& unset : options.env_unset) {
      dropped = dropped || unset == name;
    }
    if (!dropped) {
      plan.env_storage.push_back(std::move(entry));
    }
  }
  for (const auto& [name, value] : options.env_set) {
    plan.env_storage.push_back(name + "=" + value);
  }
  for (auto& entry : plan.env_storage) {
    plan.envp.push_back(entry.data());
  }
  plan.envp.push_back(nullptr);
  return plan;
}

[[noreturn]] void child_fail(int error_fd, int error) {
  ssize_t ignored = write(error_fd, &error, sizeof error);
  (void)ignored;
  _exit(127);
}

}  // namespace

util::Expected<std::unique_ptr<Subprocess>> Subprocess::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) {
    return util::Error{"nothing to run"};
  }
  std::vector<std::string> argv_storage;
  ExecPlan plan = make_plan(options, argv_storage);
  const bool sandboxed = options.sandbox.level != IsolationLevel::none;
  const detail::PreparedSandbox sandbox = detail::prepare(options.sandbox);
  int output_pipe[2];
  int error_pipe[2];
  if (pipe2(output_pipe, O_CLOEXEC) != 0 || pipe2(error_pipe, O_CLOEXEC) != 0) {
    return util::Error{std::string("cannot create a pipe: ") + std::strerror(errno)};
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int error = errno;
    close(output_pipe[0]);
    close(output_pipe[1]);
    close(error_pipe[0]);
    close(error_pipe[1]);
    return util::Error{std::string("cannot start a process: ") + std::strerror(error)};
  }
  if (pid == 0) {
    // The child: its own process group (a session when sandboxed), dies with the harness,
    // clean signals and descriptors.
    if (sandboxed) {
      setsid();
    } else {
      setpgid(0, 0);
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(127);
    }
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, nullptr);
    if (options.cpu >= 0) {
      // Before exec, so every thread the program starts inherits it.
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(options.cpu, &set);
      sched_setaffinity(0, sizeof set, &set);
    }
    for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGCHLD}) {
      signal(sig, SIG_DFL);
    }
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(output_pipe[1], 1) < 0 || dup2(output_pipe[1], 2) < 0) {
      child_fail(error_pipe[1], errno);
    }
    // Descriptors above 2 must not leak into the service: mark them close-on-exec
    // (the error pipe is already, and stays usable until exec succeeds).
    long max_fd = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max_fd > 0 && max_fd < 65536 ? max_fd : 65536); ++fd) {
      if (fd != error_pipe[1]) {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0) {
          fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
      }
    }
    // Only the service itself returns from here (the namespaces level forks).
    detail::enter(sandbox, error_pipe[1]);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) {
      child_fail(error_pipe[1], errno);
    }
    execvpe(plan.argv[0], plan.argv.data(), plan.envp.data());
    child_fail(error_pipe[1], errno);
  }
  if (!sandboxed) {
    setpgid(pid, pid);  // also from the parent, so the group exists before we signal it
  }  // (a sandboxed child calls setsid(), which fails once it leads a group; the group
     // exists by the time the read below returns)
  close(output_pipe[1]);
  close(error_pipe[1]);
  int exec_error = 0;
  ssize_t got = read(error_pipe[0], &exec_error, sizeof exec_error);
  close(error_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_error)) {
    int status = 0;
    waitpid(pid, &status, 0);
    close(output_pipe[0]);
    std::string what = options.argv[0];
    if (exec_error < 0) {
      return util::Error{detail::describe_failure(-exec_error / 1000, -exec_error % 1000)};
    }
    return util::Error{"cannot run " + what + ": " + std::strerror(exec_error)};
  }
  auto process = std::unique_ptr<Subprocess>(new Subprocess());
  process->m_pid = pid;
  process->m_output_fd = output_pipe[0];
  process->m_output = std::make_unique<OutputBuffer>(options.output_cap);
  OutputBuffer* buffer = process->m_output.get();
  int fd = output_pipe[0];
  std::atomic<bool>* quit = &process->m_quit_reader;
  std::atomic<bool>* reading = &process->m_reading;
  process->m_reader = std::thread([buffer, fd, quit, reading] {
    char chunk[16 * 1024];
    std::optional<std::chrono::steady_clock::time_point> quit_deadline;
    while (true) {
      pollfd pfd{fd, POLLIN, 0};
      int ready = ::poll(&pfd, 1, 20);
      if (quit->load()) {
        // Asked to finish: drain what is there, but never wait on a writer
        // that escaped the process group and keeps the pipe open.
        if (!quit_deadline) {
          quit_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
        }
        if (ready == 0 || std::chrono::steady_clock::now() > *quit_deadline) {
          break;
        }
      }
      if (ready <= 0) {
        continue;
      }
      // Marked before the bytes leave the pipe and cleared once they are in the buffer,
      // so that settle_output() never sees them in neither place.
      reading->store(true);
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n > 0) {
        buffer->append(chunk, static_cast<std::size_t>(n));
      }
      reading->store(false);
      if (n == 0 || (n < 0 && errno != EINTR)) {
        break;
      }
    }
  });
  return process;
}

Subprocess::~Subprocess() {
  if (!m_status) {
    stop(std::chrono::milliseconds(1000));
  }
  finish_reader();
}

void Subprocess::settle_output(std::chrono::milliseconds at_most) {
  if (m_output_fd < 0) {
    return;
  }
  // Usually nothing is pending and this returns at once: no sleep on the path of every case.
  auto deadline = std::chrono::steady_clock::now() + at_most;
  while (true) {
    int pending = 0;
    if (ioctl(m_output_fd, FIONREAD, &pending) != 0) {
      return;
    }
    // The pipe first, then the flag: bytes are either still in the pipe, or taken and
    // flagged until appended.
    if (pending == 0 && !m_reading.load()) {
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

void Subprocess::finish_reader() {
  if (m_reader.joinable()) {
    m_quit_reader = true;
    m_reader.join();
  }
  if (m_output_fd >= 0) {
    close(m_output_fd);
    m_output_fd = -1;
  }
}

std::optional<ExitStatus> Subprocess::poll() {
  if (m_status) {
    return m_status;
  }
  int status = 0;
  rusage usage{};
  pid_t r = wait4(m_pid, &status, WNOHANG, &usage);
  if (r == m_pid) {
    m_status = from_wait_status(status);
    m_status->max_rss_kib = usage.ru_maxrss;
  }
  return m_status;
}

ExitStatus Subprocess::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (!poll()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-m_pid, SIGKILL);
      m_killed = true;
      int status = 0;
      rusage usage{};
      wait4(m_pid, &status, 0, &usage);
      m_status = from_wait_status(status);
      m_status->max_rss_kib = usage.ru_maxrss;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  return *m_status;
}

ExitStatus Subprocess::stop(std::chrono::milliseconds grace) {
  if (!poll()) {
    kill(-m_pid, SIGTERM);
    wait(grace);
  }
  // Whatever else is left in the group (workers the service forked) goes too.
  kill(-m_pid, SIGKILL);
  return *m_status;
}

ExitStatus Subprocess::kill_now() {
  if (!poll()) {
    kill(-m_pid, SIGKILL);
    m_killed = true;
    wait(std::chrono::milliseconds(10'000));
  }
  kill(-m_pid, SIGKILL);
  return *m_status;
}

void become_subreaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

int kill_stray_children(const std::vector<pid_t>& keep) {
  pid_t self = getpid();
  int killed = 0;
  // Orphans keep forking while we look, so sweep until a pass finds none.
  for (int pass = 0; pass < 50; ++pass) {
    std::vector<pid_t> found;
    DIR* proc = opendir("/proc");
    if (proc == nullptr) {
      return killed;
    }
    while (dirent* entry = readdir(proc)) {
      pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
      if (pid <= 0) {
        continue;
      }
      std::string text = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
      auto close_paren = text.rfind(')');
      if (close_paren == std::string::npos) {
        continue;
      }
      std::istringstream fields(text.substr(close_paren + 2));
      std::string state;
      pid_t ppid = 0;
      fields >> state >> ppid;
      if (ppid == self && std::find(keep.begin(), keep.end(), pid) == keep.end()) {
        found.push_back(pid);
      }
    }
    closedir(proc);
    if (found.empty()) {
      break;
    }
    for (pid_t pid : found) {
      kill(pid, SIGKILL);
    }
    for (pid_t pid : found) {
      waitpid(pid, nullptr, 0);
      ++killed;
    }
  }
  return killed;
}

util::Expected<Completed> run_to_completion(const SpawnOptions& options, std::chrono::milliseconds timeout) {
  auto process = Subprocess::spawn(options);
  if (!process) {
    return util::Error{process.error()};
  }
  Completed done;
  done.status = (*process)->wait(timeout);
  done.timed_out = (*process)->was_killed();
  kill(-(*process)->pid(), SIGKILL);
  (*process)->finish_reader();
  done.output = (*process)->output().tail();
  return done;
}

}  // namespace ferry::process
