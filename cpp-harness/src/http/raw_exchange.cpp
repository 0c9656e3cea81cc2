#include "http/raw_exchange.hpp"

#include "http/framing.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace ferry::http {

namespace {

using clock = std::chrono::steady_clock;

/// Closes the socket however the exchange ends.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) {
      close(fd);
    }
  }
};

std::string serialise(const WireRequest& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    auto lower = util::to_lower(name);
    if (lower != "content-length" && lower != "connection" && lower != "host") {
      headers.emplace_back(name, value);  // ferry frames the request itself
    }
  }
  headers.emplace_back("Connection", "close");
  return serialise_request(request.method, request.path, headers, request.body);
}

/// The response at the start of @p buffer, when it is complete.
std::optional<WireResponse> parse(const std::string& buffer, bool head_request, bool at_eof) {
  auto framing = frame_message(buffer, false, head_request, at_eof);
  if (framing.state != Framing::State::complete) {
    return std::nullopt;
  }
  WireResponse response;
  response.status = response_status(framing.start_line);
  if (response.status == 0) {
    return std::nullopt;
  }
  for (const auto& [name, value] : framing.headers) {
    response.headers.emplace_back(util::to_lower(name), value);
  }
  response.body = framing.chunked ? dechunk(buffer, framing.head_length)
                                  : buffer.substr(framing.head_length, framing.length - framing.head_length);
  return response;
}

}  // namespace

Exchange raw_exchange(int port, const WireRequest& request, std::chrono::milliseconds timeout) {
  Exchange exchange;
  const auto start = clock::now();
  const auto deadline = start + timeout;
  auto finish = [&](TransportFailure failure, std::string detail) {
    exchange.failure = failure;
    exchange.failure_detail = std::move(detail);
    exchange.elapsed_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    return exchange;
  };

  Socket socket;
  socket.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket.fd < 0) {
    return finish(TransportFailure::other, std::string("could not open a socket: ") + std::strerror(errno));
  }
  int one = 1;
  setsockopt(socket.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool connected = connect(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (!connected && errno != EINPROGRESS) {
    return finish(TransportFailure::refused, "could not connect to 127.0.0.1:" + std::to_string(port) + " (connection refused)");
  }

  const std::string out = serialise(request);
  std::size_t sent = 0;
  bool writing = true;  // false once everything is sent, or the peer stopped reading
  std::string in;
  bool eof = false;
  const bool head_request = request.method == "HEAD";
  char chunk[64 * 1024];
  while (true) {
    auto now = clock::now();
    if (now >= deadline) {
      return finish(TransportFailure::timeout, "no complete answer within " + std::to_string(timeout.count()) + " ms");
    }
    if (util::interrupted()) {
      return finish(TransportFailure::other, "interrupted");
    }
    pollfd waiting{socket.fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
    auto wait = std::min(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now), std::chrono::milliseconds(100));
    int ready = poll(&waiting, 1, static_cast<int>(wait.count()) + 1);
    if (ready < 0 && errno != EINTR) {
      return finish(TransportFailure::other, std::string("poll failed: ") + std::strerror(errno));
    }
    if (ready <= 0) {
      continue;
    }
    if (!connected) {
      int error = 0;
      socklen_t length = sizeof error;
      getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) {
        return finish(TransportFailure::refused, "could not connect to 127.0.0.1:" + std::to_string(port) + " (" +
                                                     std::strerror(error) + ")");
      }
      connected = true;
    }
    if (writing && (waiting.revents & POLLOUT) != 0) {
      ssize_t n = ::send(socket.fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        writing = sent < out.size();
      } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        writing = false;  // the service stopped reading: what it answered may still be there to read
      }
    }
    if ((waiting.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      ssize_t n = recv(socket.fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        in.append(chunk, static_cast<std::size_t>(n));
        if (in.size() > k_max_body_bytes + k_max_head_bytes) {
          return finish(TransportFailure::too_large,
                        "the response body was larger than " + std::to_string(k_max_body_bytes / (1024 * 1024)) + " MiB");
        }
      } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        eof = true;
      }
    }
    if (auto response = parse(in, head_request, eof)) {
      response->elapsed_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
      exchange.elapsed_ms = response->elapsed_ms;
      exchange.response = std::move(response);
      return exchange;
    }
    if (eof) {
      return finish(TransportFailure::closed, in.empty() ? "the service closed the connection without answering"
                                                         : "the connection closed before a complete answer arrived");
    }
  }
}

bool accepts_connections(int port) {
  Socket socket;
  socket.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket.fd < 0) {
    return true;  // cannot tell: say nothing is wrong
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(socket.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    return true;
  }
  if (errno != EINPROGRESS) {
    return false;  // refused at once: nothing listens
  }
  // A full backlog drops the SYN: not an answer either way within 200 ms, so not "gone".
  pollfd waiting{socket.fd, POLLOUT, 0};
  if (poll(&waiting, 1, 200) <= 0) {
    return true;
  }
  int error = 0;
  socklen_t length = sizeof error;
  getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0;
}

}  // namespace ferry::http
