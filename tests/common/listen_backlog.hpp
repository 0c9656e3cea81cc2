#pragma once
// Debian's cpp-httplib is a compiled library that listens with a backlog of 5: the
// kernel keeps at most 6 connections the accept loop has not taken, and drops the rest
// (their clients retry after 1 s, then 3 s). A test server that takes many connections
// at once calls listen() again on its socket, which on Linux sets the new backlog.
// Shared by the unit tests' in-process servers and the misbehaving fixture.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace ferry_test {

/// Give the listening socket bound to 127.0.0.1:@p port (in this process) a backlog of @p backlog.
inline void widen_listen_backlog(int port, int backlog = 1024) {
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0 || addr.sin_family != AF_INET ||
        ntohs(addr.sin_port) != port) {
      continue;
    }
    int accepting = 0;
    socklen_t size = sizeof accepting;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0 && accepting != 0) {
      ::listen(fd, backlog);
    }
  }
}

}  // namespace ferry_test
