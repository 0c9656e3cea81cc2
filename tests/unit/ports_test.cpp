// process/ports: a free loopback port, and which ports a process group listens on.
#include "process/ports.hpp"

#include "process/subprocess.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <regex>

using namespace ferry::process;
using namespace std::chrono_literals;

namespace {

/// A python3 program that listens on @p host and prints "port=N", then sleeps.
std::string listener_script(const std::string& family, const std::string& host, int port = 0) {
  return "import socket, time\n"
         "s = socket.socket(socket." + family + ", socket.SOCK_STREAM)\n"
         "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
         "s.bind(('" + host + "', " + std::to_string(port) + "))\n"
         "s.listen()\n"
         "print('port=%d' % s.getsockname()[1], flush=True)\n"
         "time.sleep(30)\n";
}

int printed_port(const Subprocess& process) {
  std::regex re("port=([0-9]+)");
  int port = 0;
  bool found = ferry_test::eventually([&] {
    std::smatch m;
    std::string out = process.output().tail();
    if (std::regex_search(out, m, re)) {
      port = std::stoi(m[1]);
      return true;
    }
    return false;
  }, 10000ms);
  if (!found) {
    FAIL("the listener printed no port: " << process.output().tail());
  }
  return port;
}

std::unique_ptr<Subprocess> spawn(std::vector<std::string> argv) {
  SpawnOptions options;
  options.argv = std::move(argv);
  auto p = Subprocess::spawn(options);
  if (!p) {
    FAIL(p.error());
  }
  return std::move(*p);
}

bool has(const std::vector<ListeningSocket>& sockets, const std::string& address, int port) {
  return std::any_of(sockets.begin(), sockets.end(),
                     [&](const ListeningSocket& s) { return s.address == address && s.port == port; });
}

}  // namespace

TEST_CASE("find_free_port gives a loopback port one can bind", "[ports]") {
  for (int i = 0; i < 5; ++i) {
    auto port = find_free_port();
    REQUIRE(port.has_value());
    CHECK(*port > 1023);
    CHECK(*port <= 65535);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(*port));
    CHECK(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    CHECK(listen(fd, 1) == 0);
    close(fd);
  }
}

TEST_CASE("listening_sockets_of_group finds a child's IPv4 listener", "[ports]") {
  auto p = spawn({ferry_test::python3(), "-c", listener_script("AF_INET", "127.0.0.1")});
  int port = printed_port(*p);
  auto sockets = listening_sockets_of_group(p->pid());
  INFO("found " << sockets.size() << " sockets");
  CHECK(has(sockets, "127.0.0.1", port));
  CHECK(sockets.size() == 1);
}

TEST_CASE("listening_sockets_of_group decodes 0.0.0.0 and IPv6 addresses", "[ports]") {
  auto any = spawn({ferry_test::python3(), "-c", listener_script("AF_INET", "0.0.0.0")});
  int any_port = printed_port(*any);
  CHECK(has(listening_sockets_of_group(any->pid()), "0.0.0.0", any_port));

  if (!ferry_test::fs::exists("/proc/net/tcp6")) {
    WARN("no IPv6 here");
    return;
  }
  auto v6 = spawn({ferry_test::python3(), "-c", listener_script("AF_INET6", "::1")});
  int v6_port = printed_port(*v6);
  auto sockets = listening_sockets_of_group(v6->pid());
  if (sockets.empty() && v6->output().tail().find("port=") == std::string::npos) {
    WARN("cannot bind ::1 here");
    return;
  }
  CHECK(has(sockets, "::1", v6_port));
}

TEST_CASE("listening_sockets_of_group sees a grandchild in the same group", "[ports]") {
  std::string command = "'" + ferry_test::python3() + "' -c \"" + "import socket, time\n" +
                        "s = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\n" +
                        "print('port=%d' % s.getsockname()[1], flush=True)\ntime.sleep(30)\n" + "\" & wait";
  auto p = spawn({"/bin/sh", "-c", command});
  int port = printed_port(*p);
  CHECK(has(listening_sockets_of_group(p->pid()), "127.0.0.1", port));
}

TEST_CASE("listening_sockets_of_group ignores other groups and connected sockets", "[ports]") {
  auto quiet = spawn({"/bin/sh", "-c", "sleep 30"});
  ferry_test::TestServer ours;  // a listener in the test's own group
  ours.server().Get("/", [](const httplib::Request&, httplib::Response&) {});
  int our_port = ours.start();
  CHECK(listening_sockets_of_group(quiet->pid()).empty());
  CHECK_FALSE(has(listening_sockets_of_group(quiet->pid()), "127.0.0.1", our_port));
  CHECK(listening_sockets_of_group(999999).empty());
}
