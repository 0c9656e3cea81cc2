#include "http/fault_proxy.hpp"

#include "http/client.hpp"

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
#include <optional>

namespace ferry::http {

namespace {

using clock = std::chrono::steady_clock;

/// How long one exchange may take to arrive, or to come back from the upstream.
constexpr std::chrono::seconds k_io_deadline{30};
/// Largest request or response head.
constexpr std::size_t k_max_head_bytes = 64 * 1024;

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

/// Reads until the end of the head ("\r\n\r\n"); returns its length including the
/// blank line, or nullopt when the stream ends, stalls or the head is too large.
std::optional<std::size_t> read_head(int fd, std::string& buffer, clock::time_point deadline) {
  while (true) {
    if (auto end = buffer.find("\r\n\r\n"); end != std::string::npos) {
      return end + 4;
    }
    if (buffer.size() > k_max_head_bytes || read_more(fd, buffer, deadline) <= 0) {
      return std::nullopt;
    }
  }
}

/// A request's first line and headers.
struct Head {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent
};

std::optional<Head> parse_request_head(std::string_view head) {
  Head out;
  auto line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  auto first_space = line.find(' ');
  auto second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return std::nullopt;
  }
  out.method = std::string(line.substr(0, first_space));
  out.target = std::string(line.substr(first_space + 1, second_space - first_space - 1));
  std::size_t at = line_end + 2;
  while (at < head.size()) {
    auto end = head.find("\r\n", at);
    if (end == std::string_view::npos || end == at) {
      break;
    }
    std::string_view header = head.substr(at, end - at);
    auto colon = header.find(':');
    if (colon != std::string_view::npos) {
      out.headers.emplace_back(std::string(header.substr(0, colon)), util::trim(std::string(header.substr(colon + 1))));
    }
    at = end + 2;
  }
  return out;
}

/// Reads a chunked body that starts at @p at in @p buffer (reading more as needed)
/// and decodes it into @p body; false when it is malformed, too large or cut off.
bool read_chunked(int fd, std::string& buffer, std::size_t at, std::string& body, clock::time_point deadline) {
  while (true) {
    auto line_end = buffer.find("\r\n", at);
    while (line_end == std::string::npos) {
      if (buffer.size() - at > 1024 || read_more(fd, buffer, deadline) <= 0) {
        return false;
      }
      line_end = buffer.find("\r\n", at);
    }
    std::size_t size = 0;
    try {
      size = std::stoul(buffer.substr(at, line_end - at), nullptr, 16);
    } catch (const std::exception&) {
      return false;
    }
    at = line_end + 2;
    if (size == 0) {
      // Trailers, if any, end with a blank line; none are expected, so read up to it.
      while (buffer.find("\r\n", at) == std::string::npos) {
        if (read_more(fd, buffer, deadline) <= 0) {
          return false;
        }
      }
      return true;
    }
    if (body.size() + size > k_max_proxied_bytes) {
      return false;
    }
    while (buffer.size() < at + size + 2) {
      if (read_more(fd, buffer, deadline) <= 0) {
        return false;
      }
    }
    body.append(buffer, at, size);
    at += size + 2;
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

/// The size of a whole answer from its head (@p head, blank line included): head plus
/// Content-Length, just the head for HEAD and for statuses without a body, or
/// nullopt when only the end of the stream says (chunked, or no length).
std::optional<std::size_t> answer_size(const std::string& head, const std::string& method) {
  auto parsed = parse_request_head(head);  // "HTTP/1.1 200 OK" splits like a request line
  if (!parsed) {
    return std::nullopt;
  }
  int status = std::atoi(parsed->target.c_str());
  if (method == "HEAD" || status == 204 || status == 304 || (status >= 100 && status < 200)) {
    return head.size();
  }
  for (const auto& [name, value] : parsed->headers) {
    std::string lower = util::to_lower(name);
    if (lower == "transfer-encoding") {
      return std::nullopt;
    }
    if (lower == "content-length") {
      try {
        return head.size() + std::stoul(value);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
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

void FaultProxy::set_upstream_port(int upstream_port) { m_upstream_port = upstream_port; }

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
  auto head_length = read_head(client, buffer, deadline);
  std::optional<Head> head;
  if (head_length) {
    head = parse_request_head(std::string_view(buffer).substr(0, *head_length));
  }
  if (!head) {
    finish();
    return;
  }
  SeenRequest request;
  request.method = head->method;
  request.target = head->target;
  for (const auto& [name, value] : head->headers) {
    request.headers.emplace_back(util::to_lower(name), value);
  }
  auto length = first_header(request.headers, "content-length");
  auto encoding = first_header(request.headers, "transfer-encoding");
  bool has_body = length.has_value() || encoding.has_value();
  if (encoding && util::to_lower(*encoding).find("chunked") != std::string::npos) {
    if (!read_chunked(client, buffer, *head_length, request.body, deadline)) {
      finish();
      return;
    }
  } else if (length) {
    std::size_t size = 0;
    try {
      size = std::stoul(*length);
    } catch (const std::exception&) {
      finish();
      return;
    }
    if (size > k_max_proxied_bytes) {
      finish();
      return;
    }
    while (buffer.size() < *head_length + size) {
      if (read_more(client, buffer, deadline) <= 0) {
        finish();
        return;
      }
    }
    request.body = buffer.substr(*head_length, size);
  }
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(m_mutex);
    m_seen.push_back(request);
    delay = m_delay;
  }

  // 2. The same request to the upstream, framed by Content-Length, on a connection of its own.
  std::string out = request.method + " " + request.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : head->headers) {
    if (!is_hop_by_hop(util::to_lower(name))) {
      out += name + ": " + value + "\r\n";
    }
  }
  if (has_body) {
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
  ssize_t n = 1;
  std::optional<std::size_t> whole;  // the answer's full size, once its head says
  while ((!whole || response.size() < *whole) && (n = read_more(upstream, response, deadline)) > 0) {
    if (response.size() > k_max_proxied_bytes) {
      finish();
      return;
    }
    if (auto head_end = response.find("\r\n\r\n"); !whole && head_end != std::string::npos) {
      whole = answer_size(response.substr(0, head_end + 4), request.method);
    }
  }
  if (n < 0 || response.empty()) {
    finish();
    return;
  }

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
