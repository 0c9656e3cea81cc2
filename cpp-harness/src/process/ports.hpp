#pragma once
/// @file
/// Loopback ports: finding a free one for a service, and finding which ports
/// a process group actually listens on (to say "you bound 8080, not $PORT").

#include "util/expected.hpp"

#include <sys/types.h>

#include <string>
#include <vector>

/// The process layer: the only code that starts, signals and reaps processes.
/// Subprocess (a program in its own process group, its output captured and
/// capped), the Service supervisor (start on a free port, wait for /health, stop
/// with everything it spawned) and loopback ports.
namespace ferry::process {

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
util::Expected<int> find_free_port();

/// A socket some process listens on.
struct ListeningSocket {
  std::string address;  ///< "127.0.0.1", "0.0.0.0", "::"
  int port = 0;  ///< the TCP port
};

/// The TCP sockets in LISTEN state held by any process in process group @p pgid.
std::vector<ListeningSocket> listening_sockets_of_group(pid_t pgid);

}  // namespace ferry::process
