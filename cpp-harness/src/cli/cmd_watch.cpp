#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "grading/check.hpp"
#include "report/terminal_reporter.hpp"
#include "store/store.hpp"
#include "util/interrupt.hpp"

#include <fmt/core.h>

#include <poll.h>
#include <sys/inotify.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <optional>
#include <set>

namespace ferry::cli {

namespace {

namespace fs = std::filesystem;

/// How long the crate must stay quiet after a save before the check starts: an editor
/// writes a file in several steps, and `cargo fmt` rewrites several files.
constexpr int k_debounce_ms = 200;

/// The terminal in "one key at a time, no echo" mode for as long as it lives.
class RawTerminal {
public:
  RawTerminal() {
    if (isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &m_saved) == 0) {
      termios raw = m_saved;
      raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);  // ISIG stays: Ctrl-C still interrupts
      raw.c_cc[VMIN] = 1;
      raw.c_cc[VTIME] = 0;
      m_active = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
  }
  ~RawTerminal() {
    if (m_active) {
      tcsetattr(STDIN_FILENO, TCSANOW, &m_saved);
    }
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

private:
  termios m_saved{};
  bool m_active = false;
};

/// inotify watches on a crate's directories (not target/), reporting saves of
/// Rust sources and Cargo.toml.
class CrateWatcher {
public:
  CrateWatcher() : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}
  ~CrateWatcher() {
    if (m_fd >= 0) {
      close(m_fd);
    }
  }
  CrateWatcher(const CrateWatcher&) = delete;
  CrateWatcher& operator=(const CrateWatcher&) = delete;

  [[nodiscard]] int fd() const { return m_fd; }

  /// Watch @p dir and its subdirectories (instead of what was watched before).
  util::Status watch(const fs::path& dir) {
    if (m_fd < 0) {
      return util::Error{std::string("inotify is not available: ") + std::strerror(errno) + " (use --manual)"};
    }
    for (int wd : m_watches) {
      inotify_rm_watch(m_fd, wd);
    }
    m_watches.clear();
    std::error_code ec;
    std::vector<fs::path> dirs{dir};
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec)) {
        if (it->path().filename() == "target" || it->path().filename().string().rfind('.', 0) == 0) {
          it.disable_recursion_pending();
          continue;
        }
        dirs.push_back(it->path());
      }
    }
    for (const auto& d : dirs) {
      int wd = inotify_add_watch(m_fd, d.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE);
      if (wd < 0) {
        return util::Error{"cannot watch " + d.string() + ": " + std::strerror(errno) + " (use --manual)"};
      }
      m_watches.push_back(wd);
    }
    return util::Status::ok();
  }

  /// Read the pending events; whether one was about a source file (*.rs, Cargo.toml) or a directory.
  bool drain() {
    bool relevant = false;
    alignas(inotify_event) char buffer[8192];
    for (;;) {
      ssize_t n = read(m_fd, buffer, sizeof buffer);
      if (n <= 0) {
        break;
      }
      for (char* p = buffer; p < buffer + n;) {
        auto* event = reinterpret_cast<inotify_event*>(p);
        std::string name = event->len > 0 ? event->name : "";
        bool source = name.size() > 3 && name.compare(name.size() - 3, 3, ".rs") == 0;
        relevant = relevant || source || name == "Cargo.toml" || (event->mask & IN_ISDIR) != 0;
        p += sizeof(inotify_event) + event->len;
      }
    }
    return relevant;
  }

private:
  int m_fd;
  std::vector<int> m_watches;
};

/// What woke the loop up.
enum class Wake { key, change, interrupted };

}  // namespace

int cmd_watch(const Context& context, const WatchArgs& args) {
  // The exercise: the one named, else the first one not done yet.
  std::size_t current = 0;
  if (!args.exercise.empty()) {
    auto exercise = context.exercise(args.exercise);
    if (!exercise) {
      fmt::print(stderr, "ferry: error: {}\n", exercise.error());
      return k_exit_error;
    }
    current = static_cast<std::size_t>(*exercise - context.manifest.exercises.data());
  } else if (auto store = store::Store::open(context.db_path()); store) {
    std::set<std::string> done;
    if (auto status = (*store)->learner_status(); status) {
      for (const auto& s : *status) {
        if (s.ever_passed) done.insert(s.exercise);
      }
    }
    while (current + 1 < context.manifest.exercises.size() && done.count(context.manifest.exercises[current].id) > 0) {
      ++current;
    }
  }

  CrateWatcher watcher;
  RawTerminal terminal;
  bool interactive = isatty(STDOUT_FILENO) == 1;
  auto keys_line = [&] {
    fmt::print("\n{}keys: n next exercise · h hint · l list · r re-run · q quit{}{}\n", context.color ? "\033[2m" : "",
               args.manual ? "" : " — or save a file to re-check", context.color ? "\033[0m" : "");
    std::fflush(stdout);
  };

  auto run_once = [&]() -> std::optional<int> {
    const auto& ex = context.manifest.exercises[current];
    if (interactive) {
      fmt::print("\033[2J\033[H");  // a fresh screen per check, as rustlings does
    }
    fmt::print("ferry watch — {} ({})\n\n", ex.id, ex.dir);
    std::fflush(stdout);
    auto contract = context.contract(ex);
    if (!contract) {
      fmt::print(stderr, "ferry: error: the contract is not valid:\n{}\n", contract.error());
      return k_exit_error;
    }
    auto api = context.openapi(ex);
    if (!api) {
      fmt::print(stderr, "ferry: error: the OpenAPI document is not valid:\n{}\n", api.error());
      return k_exit_error;
    }
    grading::CheckOptions options;
    options.openapi = *api ? &**api : nullptr;
    // As `ferry check` does: an exercise with a performance budget ends with its bench stage.
    options.grade_performance = performance_grader(context, ex, *contract, options.impl);
    report::TerminalReporter reporter(stdout, {context.color, context.options.verbose, 3, context.command_name});
    auto result = grading::run_check(context.workspace, ex, *contract, options, reporter);
    if (result.outcome == grading::Outcome::interrupted) {
      return k_exit_interrupted;
    }
    if (!result.harness_error) {
      record_check(context, ex, *contract, result);
    }
    // The check's report ends with its own next step; after a pass, watch's is the next exercise.
    if (result.outcome == grading::Outcome::pass) {
      fmt::print("\nnext: {}\n", current + 1 < context.manifest.exercises.size()
                                       ? "every case passes — press n for the next exercise, " +
                                             context.manifest.exercises[current + 1].id
                                       : std::string("every case passes, and this is the last exercise"));
    }
    keys_line();
    return std::nullopt;
  };

  auto start_watching = [&]() -> util::Status {
    if (args.manual) {
      return util::Status::ok();
    }
    return watcher.watch(fs::path(context.root) / context.manifest.exercises[current].dir);
  };
  if (auto watching = start_watching(); !watching) {
    fmt::print(stderr, "ferry: error: {}\n", watching.error());
    return k_exit_error;
  }
  if (auto exit = run_once()) {
    return *exit;
  }

  // Wait for a key or a quiet moment after a save.
  auto wait = [&](char& key) -> Wake {
    std::optional<std::chrono::steady_clock::time_point> pending;  // a change seen, waiting for quiet
    for (;;) {
      if (util::interrupted()) {
        return Wake::interrupted;
      }
      pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {watcher.fd(), POLLIN, 0}};
      int timeout = -1;
      if (pending) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*pending - std::chrono::steady_clock::now());
        timeout = static_cast<int>(std::max<long>(0, left.count()));
      }
      int ready = poll(fds, args.manual ? 1 : 2, timeout);
      if (ready < 0) {
        if (errno == EINTR) continue;
        return Wake::interrupted;
      }
      if (ready == 0 && pending) {
        return Wake::change;
      }
      if ((fds[0].revents & POLLIN) != 0) {
        ssize_t n = read(STDIN_FILENO, &key, 1);
        if (n == 1) {
          return Wake::key;
        }
        key = 'q';  // end of input: nothing more will come
        return Wake::key;
      }
      if ((fds[0].revents & (POLLHUP | POLLERR)) != 0) {
        key = 'q';
        return Wake::key;
      }
      if (!args.manual && (fds[1].revents & POLLIN) != 0 && watcher.drain()) {
        pending = std::chrono::steady_clock::now() + std::chrono::milliseconds(k_debounce_ms);
      }
    }
  };

  for (;;) {
    char key = 0;
    Wake wake = wait(key);
    if (wake == Wake::interrupted) {
      fmt::print("\nferry watch: interrupted\n");
      return k_exit_interrupted;
    }
    bool rerun = wake == Wake::change;
    switch (wake == Wake::key ? key : '\0') {
      case 'q':
      case 'Q':
        fmt::print("\nferry watch: bye\n");
        return k_exit_pass;
      case 'n':
      case 'N':
        if (current + 1 < context.manifest.exercises.size()) {
          ++current;
          if (auto watching = start_watching(); !watching) {
            fmt::print(stderr, "ferry: error: {}\n", watching.error());
            return k_exit_error;
          }
          rerun = true;
        } else {
          fmt::print("\nthis is the last exercise\n");
          keys_line();
        }
        break;
      case 'h':
      case 'H':
        fmt::print("\n");
        cmd_hint(context, HintArgs{context.manifest.exercises[current].id});
        keys_line();
        break;
      case 'l':
      case 'L':
        fmt::print("\n");
        cmd_list(context);
        keys_line();
        break;
      case 'r':
      case 'R': rerun = true; break;
      default: break;
    }
    if (rerun) {
      if (auto exit = run_once()) {
        return *exit;
      }
      // Saves made while the check ran: one more check covers them all.
      if (!args.manual && watcher.drain()) {
        if (auto exit = run_once()) {
          return *exit;
        }
      }
    }
  }
}

}  // namespace ferry::cli
