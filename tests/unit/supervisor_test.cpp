// process/supervisor: start a service on a free port, wait for GET /health,
// and when it does not come up say why in a sentence; always clean up.
#include "process/supervisor.hpp"

#include "http/client.hpp"
#include "process/ports.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace ferry::process;
using namespace std::chrono_literals;

namespace {

/// A small python3 service; argv[1] picks how it behaves.
const char* const k_service = R"py(
import http.server, os, subprocess, sys, socket, time
mode = sys.argv[1]
port = int(os.environ["PORT"])
print("service starting in mode", mode, "on", port, flush=True)

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if mode == "status500":
            self.answer(500, b'{"error":"not ready"}')
        elif self.path == "/health":
            self.answer(200, b'{"status":"ok"}')
        elif self.path == "/env":
            self.answer(200, os.environ.get("GREETING", "").encode())
        else:
            self.answer(404, b'{}')
    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

class V6Server(http.server.HTTPServer):
    address_family = socket.AF_INET6

if mode == "ipv6-only":
    V6Server(("::1", port), Handler).serve_forever()
elif mode == "wrong-port":
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()
elif mode == "silent":
    s = socket.socket()
    s.bind(("127.0.0.1", port))
    s.listen(16)
    time.sleep(60)
else:
    if mode == "daemon":
        child = subprocess.Popen(["setsid", "sleep", "60"])
        print("daemon=%d" % child.pid, flush=True)
    http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
)py";

struct Scripts {
  ferry_test::TempDir dir;
  std::string service;
  Scripts() : service(dir.file("service.py")) { ferry_test::write_file(service, k_service); }
};

ServiceSpec python_service(const Scripts& scripts, std::vector<std::string> args) {
  ServiceSpec spec;
  spec.binary = ferry_test::python3();
  spec.args = {scripts.service};
  spec.args.insert(spec.args.end(), args.begin(), args.end());
  spec.startup_timeout = 10'000ms;
  spec.stop_grace = 1000ms;
  return spec;
}

ServiceSpec shell_service(const std::string& script) {
  ServiceSpec spec;
  spec.binary = "/bin/sh";
  spec.args = {"-c", script};
  spec.startup_timeout = 5000ms;
  spec.stop_grace = 1000ms;
  return spec;
}

/// The pid printed by the service as "name=N".
pid_t printed(const Service& service, const std::string& name) {
  std::regex re(name + "=([0-9]+)");
  pid_t pid = 0;
  ferry_test::eventually([&] {
    std::smatch m;
    std::string out = service.output().tail();
    if (std::regex_search(out, m, re)) {
      pid = static_cast<pid_t>(std::stol(m[1]));
      return true;
    }
    return false;
  });
  return pid;
}

}  // namespace

TEST_CASE("a service that exits at start: its exit code and its last words", "[supervisor]") {
  auto t0 = std::chrono::steady_clock::now();
  StartResult result = Service::start(
      shell_service("echo 'listening soon'; echo 'error: DATABASE_URL is not set' >&2; exit 101"));
  CHECK(ferry_test::ms_since(t0) < 3000);
  CHECK(result.service == nullptr);
  CHECK(result.failure == "your service exited with code 101 before answering GET /health");
  CHECK_THAT(result.output_tail, Catch::Contains("error: DATABASE_URL is not set\n"));
  CHECK_THAT(result.output_tail, Catch::Contains("listening soon\n"));
}

TEST_CASE("the output tail of a service that exits at once is never lost", "[supervisor]") {
  // The reader thread may still be draining the pipe when poll() sees the
  // exit; the tail must be taken after it is done. Repeat the start so that a
  // lost last line would show.
  int missing = 0;
  for (int i = 0; i < 20; ++i) {
    StartResult result = Service::start(shell_service("echo 'panicked at src/main.rs:3:5'; exit 101"));
    REQUIRE(result.service == nullptr);
    if (result.output_tail.find("panicked at") == std::string::npos) {
      ++missing;
    }
  }
  CHECK(missing == 0);
}

TEST_CASE("find_panic picks the panic out of Rust and Go output", "[supervisor]") {
  CHECK(find_panic("starting\nthread 'main' panicked at src/main.rs:9:5:\nnot yet implemented\nnote: run with "
                   "`RUST_BACKTRACE=1` environment variable to display a backtrace\n") ==
        "thread 'main' panicked at src/main.rs:9:5: not yet implemented");
  CHECK(find_panic("  thread 'tokio-runtime-worker' panicked at src/users.rs:40:31:\n  called `Option::unwrap()` on a `None` value\n") ==
        "thread 'tokio-runtime-worker' panicked at src/users.rs:40:31: called `Option::unwrap()` on a `None` value");
  CHECK(find_panic("listening\npanic: runtime error: invalid memory address or nil pointer dereference\n"
                   "[signal SIGSEGV: segmentation violation]\n") ==
        "panic: runtime error: invalid memory address or nil pointer dereference");
  CHECK(find_panic("thread 'main' panicked at src/main.rs:1:1:") == "thread 'main' panicked at src/main.rs:1:1:");
  CHECK(find_panic("all good\nno panic: here\n").empty());
  CHECK(find_panic("").empty());
  std::string backtrace;
  for (int i = 0; i < 500; ++i) {
    backtrace += "  " + std::to_string(i) + ": std::rt::lang_start_internal\n";
  }
  CHECK(find_panic("thread 'main' panicked at src/main.rs:2:3:\nboom\n" + backtrace) ==
        "thread 'main' panicked at src/main.rs:2:3: boom");  // found even when a backtrace follows
  std::string long_message(1000, 'x');
  CHECK(find_panic("thread 'main' panicked at src/main.rs:2:3:\n" + long_message).size() < 500);
}

TEST_CASE("a service that panics at start: the panic is in the sentence", "[supervisor]") {
  StartResult result = Service::start(shell_service(
      "echo \"thread 'main' panicked at src/main.rs:9:5:\"; echo 'not yet implemented'; exit 101"));
  CHECK(result.service == nullptr);
  CHECK(result.failure == "your service exited with code 101 before answering GET /health; it panicked: "
                          "thread 'main' panicked at src/main.rs:9:5: not yet implemented");
}

TEST_CASE("a service that never listens: 'did not listen on port'", "[supervisor]") {
  ServiceSpec spec = shell_service("echo 'thinking...'; exec sleep 30");
  spec.startup_timeout = 700ms;
  auto t0 = std::chrono::steady_clock::now();
  StartResult result = Service::start(spec);
  CHECK(ferry_test::ms_since(t0) < 700 + 1000 + 2000);
  CHECK(result.service == nullptr);
  CHECK_THAT(result.failure, Catch::Matches("your service is running but did not listen on port [0-9]+ "
                                            "\\(from the PORT environment variable\\) within 700 ms"));
  CHECK_THAT(result.output_tail, Catch::Contains("thinking..."));
}

TEST_CASE("a service on a fixed port: 'not on the port it was given'", "[supervisor]") {
  Scripts scripts;
  auto fixed = find_free_port();
  REQUIRE(fixed.has_value());
  ServiceSpec spec = python_service(scripts, {"wrong-port", std::to_string(*fixed)});
  spec.startup_timeout = 1500ms;
  StartResult result = Service::start(spec);
  CHECK(result.service == nullptr);
  CHECK_THAT(result.failure, Catch::StartsWith("your service is listening on 127.0.0.1:" + std::to_string(*fixed) +
                                               ", not on the port it was given in the PORT environment variable ("));
  CHECK_THAT(result.failure, Catch::EndsWith("); read the port from PORT"));
}

TEST_CASE("a service whose /health is not 200 says the status", "[supervisor]") {
  Scripts scripts;
  ServiceSpec spec = python_service(scripts, {"status500"});
  spec.startup_timeout = 1500ms;
  StartResult result = Service::start(spec);
  CHECK(result.service == nullptr);
  CHECK(result.failure == "your service answered GET /health with status 500 instead of 200 (waited 1.5 s)");
}

TEST_CASE("a service that accepts connections but never answers", "[supervisor]") {
  Scripts scripts;
  ServiceSpec spec = python_service(scripts, {"silent"});
  spec.startup_timeout = 1500ms;
  StartResult result = Service::start(spec);
  CHECK(result.service == nullptr);
  CHECK_THAT(result.failure, Catch::Matches("your service accepts connections on port [0-9]+ but did not answer "
                                            "GET /health within 1.5 s"));
}

TEST_CASE("a service listening only on [::1]:PORT is told so, not that it 'accepts connections'", "[supervisor]") {
  // Binding "localhost" can give [::1] only. The health probe connects to
  // 127.0.0.1 and is refused, but listening_sockets_of_group finds a socket on
  // the right port, so supervisor.cpp:113 says the service "accepts
  // connections on port N but did not answer" — the wrong diagnosis; the
  // address is what is wrong.
  if (!ferry_test::fs::exists("/proc/net/tcp6")) {
    WARN("no IPv6 here");
    return;
  }
  Scripts scripts;
  ServiceSpec spec = python_service(scripts, {"ipv6-only"});
  spec.startup_timeout = 1500ms;
  StartResult result = Service::start(spec);
  INFO(result.output_tail);
  if (result.output_tail.find("Cannot assign requested address") != std::string::npos) {
    WARN("cannot bind ::1 here");
    return;
  }
  CHECK(result.service == nullptr);
  CHECK_THAT(result.failure, !Catch::Contains("accepts connections"));
  CHECK_THAT(result.failure, Catch::Contains("[::1]:"));
}

TEST_CASE("a program that does not exist", "[supervisor]") {
  ServiceSpec spec;
  spec.binary = "/nonexistent/target/debug/users";
  StartResult result = Service::start(spec);
  CHECK(result.service == nullptr);
  CHECK(result.failure == "cannot run /nonexistent/target/debug/users: No such file or directory");
}

TEST_CASE("a healthy service starts on its PORT with its environment, and stop leaves nothing", "[supervisor]") {
  Scripts scripts;
  ServiceSpec spec = python_service(scripts, {"healthy"});
  spec.env = {{"GREETING", "hello from the spec"}};
  StartResult result = Service::start(spec);
  INFO(result.failure << "\n" << result.output_tail);
  REQUIRE(result.service != nullptr);
  Service& service = *result.service;
  CHECK(service.port() > 0);
  CHECK(service.ready_after_ms() > 0);
  CHECK_FALSE(service.exited().has_value());
  CHECK_THAT(service.output().tail(), Catch::Contains("on " + std::to_string(service.port())));

  ferry::http::Client client(service.port());
  ferry::http::WireRequest env;
  env.method = "GET";
  env.path = "/env";
  auto exchange = client.send(env, 2000ms);
  REQUIRE(exchange.response.has_value());
  CHECK(exchange.response->body == "hello from the spec");

  pid_t pid = service.pid();
  CHECK(kill(pid, 0) == 0);
  ExitStatus status = service.stop();
  CHECK(status.signaled);
  CHECK(status.code == SIGTERM);
  errno = 0;
  CHECK(kill(pid, 0) == -1);
  CHECK(errno == ESRCH);
  ExitStatus again = service.stop();  // a second stop is harmless
  CHECK(again.signaled == status.signaled);
  CHECK(again.code == status.code);
  CHECK(listening_sockets_of_group(pid).empty());
}

TEST_CASE("stop also kills a daemon the service left behind with setsid", "[supervisor]") {
  become_subreaper();  // as ferry's main does
  Scripts scripts;
  StartResult result = Service::start(python_service(scripts, {"daemon"}));
  INFO(result.failure << "\n" << result.output_tail);
  REQUIRE(result.service != nullptr);
  pid_t daemon = printed(*result.service, "daemon");
  REQUIRE(daemon > 0);
  CHECK(kill(daemon, 0) == 0);
  result.service->stop();
  errno = 0;
  CHECK(kill(daemon, 0) == -1);
  CHECK(errno == ESRCH);
}

TEST_CASE("destroying a Service stops it", "[supervisor]") {
  Scripts scripts;
  pid_t pid = 0;
  {
    StartResult result = Service::start(python_service(scripts, {"healthy"}));
    REQUIRE(result.service != nullptr);
    pid = result.service->pid();
  }
  errno = 0;
  CHECK(kill(pid, 0) == -1);
  CHECK(errno == ESRCH);
}
