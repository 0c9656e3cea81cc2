#include "http/fault_proxy.hpp"

#include "http/framing.hpp"

#include "util/text.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace ferry::http {

namespace {

using clock = std::chrono::steady_clock;

/// How long one exchange may take to arrive, or to come back from the upstream.
constexpr std::chrono::seconds k_io_deadline{30};

std::string errno_text() { return std::strerror(errno); }

/// Waits until @p fd is readable or the deadline passes; false on timeout or error.
bool wait_readable(int fd, clock::time_point deadline) {
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready > 0) {
      return true;
    }
    if (ready < 0 && errno != EINTR) {
      return false;
    }
  }
}

/// Reads more bytes into @p buffer; 0 at the end of the stream, -1 on error or timeout.
ssize_t read_more(int fd, std::string& buffer, clock::time_point deadline) {
  if (!wait_readable(fd, deadline)) {
    return -1;
  }
  std::array<char, 16 * 1024> chunk{};
  ssize_t n;
  do {
    n = ::recv(fd, chunk.data(), chunk.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    buffer.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return n;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Reads from @p fd into @p buffer until it holds a whole message (see frame_message());
/// a framing that is not complete when the stream ends, stalls or grows too large is
/// returned as it is (incomplete or malformed), and the caller gives up.
Framing read_message(int fd, std::string& buffer, bool is_request, bool no_body, clock::time_point deadline) {
  bool at_eof = false;
  while (true) {
    Framing framing = frame_message(buffer, is_request, no_body, at_eof);
    if (framing.state != Framing::State::incomplete || at_eof || buffer.size() > k_max_proxied_bytes) {
      return framing;
    }
    ssize_t n = read_more(fd, buffer, deadline);
    if (n < 0) {
      return framing;
    }
    at_eof = n == 0;
  }
}

/// Hop-by-hop headers (RFC 9110 §7.6.1) and the framing the proxy sets itself.
bool is_hop_by_hop(const std::string& lower_name) {
  static const std::array<std::string_view, 9> names = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
                                                         "transfer-encoding", "upgrade", "content-length", "expect"};
  return std::find(names.begin(), names.end(), lower_name) != names.end();
}

/// The answer with its Connection header replaced by `Connection: close`.
std::string close_after(const std::string& response) {
  auto head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    return response;
  }
  std::string out;
  std::size_t at = 0;
  while (at < head_end) {
    auto end = response.find("\r\n", at);
    std::string line = response.substr(at, end - at);
    std::string lower = util::to_lower(line.substr(0, line.find(':')));
    if (at == 0 || (lower != "connection" && lower != "keep-alive")) {
      out += line + "\r\n";
    }
    at = end + 2;
  }
  out += "Connection: close\r\n\r\n";
  out.append(response, head_end + 4);
  return out;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

FaultProxy::FaultProxy(int upstream_port, std::string description)
    : m_description(std::move(description)), m_upstream_port(upstream_port) {}

util::Expected<std::unique_ptr<FaultProxy>> FaultProxy::start(int upstream_port, std::string description) {
  std::unique_ptr<FaultProxy> proxy(new FaultProxy(upstream_port, std::move(description)));
  if (::pipe2(proxy->m_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return util::Error{"cannot create a pipe for the upstream proxy: " + errno_text()};
  }
  if (auto error = proxy->open_listener(); !error.empty()) {
    return util::Error{error};
  }
  proxy->m_acceptor = std::thread([p = proxy.get()] { p->accept_loop(); });
  return proxy;
}

std::string FaultProxy::open_listener() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return "cannot open a socket for the upstream proxy: " + errno_text();
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(m_port));  // 0 the first time: any free port
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, SOMAXCONN) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::string error = "the upstream proxy cannot listen on 127.0.0.1:" + std::to_string(m_port) + ": " + errno_text();
    ::close(fd);
    return error;
  }
  m_port = ntohs(address.sin_port);
  m_listener = fd;
  return "";
}

FaultProxy::~FaultProxy() {
  {
    std::lock_guard lock(m_mutex);
    m_quit = true;
    // Cut every exchange short: blocked reads return, delayed answers wake up.
    for (auto& c : m_connections) {
      if (!c.done) {
        ::shutdown(c.client, SHUT_RDWR);
        if (c.upstream >= 0) {
          ::shutdown(c.upstream, SHUT_RDWR);
        }
      }
    }
  }
  m_changed.notify_all();
  wake();
  if (m_acceptor.joinable()) {
    m_acceptor.join();
  }
  for (auto& c : m_connections) {
    c.thread.join();
  }
  for (int fd : m_wake_pipe) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

void FaultProxy::wake() {
  char byte = 1;
  ssize_t ignored = ::write(m_wake_pipe[1], &byte, 1);
  (void)ignored;
}

std::string FaultProxy::set_down(bool down) {
  std::unique_lock lock(m_mutex);
  m_want_down = down;
  m_listen_error.clear();
  wake();
  // The accept thread owns the listening socket: wait until it has done the change,
  // so the next request already meets the new state.
  bool done = m_changed.wait_for(lock, std::chrono::seconds(5),
                                 [&] { return m_quit || m_is_down == down || !m_listen_error.empty(); });
  if (!m_listen_error.empty()) {
    return m_listen_error;
  }
  return done ? "" : "the upstream proxy did not respond";
}

void FaultProxy::set_delay(std::chrono::milliseconds delay) {
  std::lock_guard lock(m_mutex);
  m_delay = delay;
}

std::string FaultProxy::reset() {
  {
    std::lock_guard lock(m_mutex);
    m_delay = std::chrono::milliseconds(0);
    m_seen.clear();
  }
  return set_down(false);
}

std::vector<SeenRequest> FaultProxy::seen() const {
  std::lock_guard lock(m_mutex);
  return m_seen;
}

void FaultProxy::reap_finished() {
  std::lock_guard lock(m_mutex);
  for (auto it = m_connections.begin(); it != m_connections.end();) {
    if (it->done) {
      it->thread.join();
      it = m_connections.erase(it);
    } else {
      ++it;
    }
  }
}

void FaultProxy::accept_loop() {
  while (true) {
    {
      std::lock_guard lock(m_mutex);
      if (m_quit) {
        break;
      }
      if (m_want_down && m_listener >= 0) {
        ::close(m_listener);  // from now on, connecting is refused
        m_listener = -1;
      } else if (!m_want_down && m_listener < 0) {
        m_listen_error = open_listener();
      }
      m_is_down = m_listener < 0;
    }
    m_changed.notify_all();
    std::array<pollfd, 2> polled{pollfd{m_wake_pipe[0], POLLIN, 0}, pollfd{m_listener, POLLIN, 0}};
    int count = m_listener >= 0 ? 2 : 1;
    if (::poll(polled.data(), static_cast<nfds_t>(count), 1000) < 0 && errno != EINTR) {
      break;
    }
    if ((polled[0].revents & POLLIN) != 0) {
      std::array<char, 64> drain{};
      while (::read(m_wake_pipe[0], drain.data(), drain.size()) > 0) {
      }
    }
    reap_finished();
    if (count == 2 && (polled[1].revents & POLLIN) != 0) {
      int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        continue;
      }
      int one = 1;
      ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(m_mutex);
      auto& connection = m_connections.emplace_back();
      connection.client = client;
      connection.thread = std::thread([this, &connection] { serve(connection); });
    }
  }
  std::lock_guard lock(m_mutex);
  if (m_listener >= 0) {
    ::close(m_listener);
    m_listener = -1;
  }
}

void FaultProxy::serve(Connection& self) {
  const int client = self.client;  // set before this thread started, under the lock
  int upstream = -1;
  auto finish = [&] {
    std::lock_guard lock(m_mutex);
    ::close(client);
    if (upstream >= 0) {
      ::close(upstream);
    }
    self.upstream = -1;
    self.done = true;
  };

  // 1. The request, whole.
  const auto deadline = clock::now() + k_io_deadline;
  std::string buffer;
  Framing head = read_message(client, buffer, true, false, deadline);
  if (head.state != Framing::State::complete) {
    finish();
    return;
  }
  SeenRequest request;
  auto first_space = head.start_line.find(' ');
  request.method = head.start_line.substr(0, first_space);
  request.target = head.start_line.substr(first_space + 1, head.start_line.rfind(' ') - first_space - 1);
  for (const auto& [name, value] : head.headers) {
    request.headers.emplace_back(util::to_lower(name), value);
  }
  request.body = head.chunked ? dechunk(buffer, head.head_length)
                              : buffer.substr(head.head_length, head.length - head.head_length);
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(m_mutex);
    m_seen.push_back(request);
    delay = m_delay;
  }

  // 2. The same request to the upstream, framed by Content-Length, on a connection of its own.
  std::string out = request.method + " " + request.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : head.headers) {
    if (!is_hop_by_hop(util::to_lower(name))) {
      out += name + ": " + value + "\r\n";
    }
  }
  if (head.has_length) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  out += "Connection: close\r\n\r\n" + request.body;
  upstream = connect_loopback(m_upstream_port);
  {
    std::lock_guard lock(m_mutex);
    self.upstream = upstream;
  }
  // Anything wrong with the upstream ends the connection without an answer: a
  // gateway sees what it would see if the upstream itself had failed.
  if (upstream < 0 || !send_all(upstream, out)) {
    finish();
    return;
  }
  std::string response;
  Framing answer = read_message(upstream, response, false, request.method == "HEAD", deadline);
  if (answer.state != Framing::State::complete) {
    finish();
    return;
  }
  response.resize(answer.length);

  // 3. Late, if the contract says so, then back to the caller.
  if (delay.count() > 0) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, delay, [&] { return m_quit; });
  }
  send_all(client, close_after(response));
  ::shutdown(client, SHUT_WR);
  finish();
}

}  // namespace ferry::http
