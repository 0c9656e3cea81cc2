#pragma once
// Helpers shared by the unit tests: temporary directories, files, an
// in-process HTTP server on 127.0.0.1, and process checks.

#include <httplib.h>

#include "../common/listen_backlog.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#ifndef FERRY_SOURCE_DIR
#error "FERRY_SOURCE_DIR must be defined (the repository root)"
#endif

namespace ferry_test {

namespace fs = std::filesystem;

inline std::string source_dir() { return FERRY_SOURCE_DIR; }

inline std::string source_path(const std::string& relative) { return (fs::path(source_dir()) / relative).string(); }

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/ferry-unit-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::string& path() const { return m_path; }
  [[nodiscard]] std::string file(const std::string& name) const { return (fs::path(m_path) / name).string(); }

private:
  std::string m_path;
};

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) {
    throw std::runtime_error("cannot write " + path);
  }
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Write an executable script.
inline void write_script(const std::string& path, const std::string& content) {
  write_file(path, content);
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
}

/// Run @p command with /bin/sh and return its standard output.
inline std::string shell_output(const std::string& command) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("popen failed");
  }
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, n);
  }
  pclose(pipe);
  return out;
}

/// The real python3 interpreter (not a pyenv shim), found once.
inline const std::string& python3() {
  static const std::string path = [] {
    std::string out = shell_output("python3 -c 'import sys; print(sys.executable)' 2>/dev/null");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
      out.pop_back();
    }
    return out.empty() ? std::string("python3") : out;
  }();
  return path;
}

/// Whether process @p pid is gone: no such process, or only a zombie left.
inline bool process_gone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) {
    return true;
  }
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto close_paren = text.rfind(')');
  if (close_paren == std::string::npos || close_paren + 2 >= text.size()) {
    return true;
  }
  char state = text[close_paren + 2];
  return state == 'Z' || state == 'X';
}

/// Poll @p condition every few milliseconds until it holds or @p timeout passes.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// An httplib::Server on 127.0.0.1 and a port of the kernel's choosing,
/// serving on a background thread until the object is destroyed.
///
/// Debian's httplib is a compiled library whose listen backlog is fixed at 5;
/// a burst of connections beyond that has SYNs dropped and retried a second
/// later. Real services (Go, tokio) listen with a backlog of 1024 or more, so
/// by default the test server widens its backlog to match; pass @p backlog 0
/// to keep httplib's 5.
class TestServer {
public:
  explicit TestServer(std::size_t threads = 64, int backlog = 1024) : m_backlog(backlog) {
    m_server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    m_server.set_keep_alive_timeout(1);
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  httplib::Server& server() { return m_server; }

  /// Bind and serve; call after registering the handlers.
  int start() {
    m_port = m_server.bind_to_any_port("127.0.0.1");
    if (m_port <= 0) {
      throw std::runtime_error("cannot bind the test server");
    }
    if (m_backlog > 0) {
      widen_listen_backlog(m_port, m_backlog);
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!m_server.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return m_port;
  }

  void stop() {
    m_stopping = true;
    if (m_thread.joinable()) {
      m_server.stop();
      m_thread.join();
    }
  }

  /// For handlers that sleep: true once the test is done with the server.
  [[nodiscard]] bool stopping() const { return m_stopping.load(); }

  /// Sleep up to @p duration, returning early once the server is stopping.
  void nap(std::chrono::milliseconds duration) const {
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (!stopping() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  [[nodiscard]] int port() const { return m_port; }

private:
  int m_backlog;
  httplib::Server m_server;
  std::thread m_thread;
  std::atomic<bool> m_stopping{false};
  int m_port = 0;
};

}  // namespace ferry_test
