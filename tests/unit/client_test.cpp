// http/client: one request in, a response or a named transport failure out,
// bounded in time (whole-request deadline) and in memory (body cap).
#include "http/client.hpp"

#include "process/ports.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

using namespace ferry::http;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

WireRequest get(std::string path) {
  WireRequest r;
  r.method = "GET";
  r.path = std::move(path);
  return r;
}

/// A server with the handlers the client tests need.
struct Fixture {
  ferry_test::TestServer server;
  int port = 0;

  Fixture() {
    auto& s = server.server();
    s.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      json seen = {{"method", req.method},
                   {"target", req.target},
                   {"body", req.body},
                   {"content_type", req.get_header_value("Content-Type")},
                   {"custom", req.get_header_value("X-Custom")},
                   {"name", req.get_param_value("name")}};
      res.status = 201;
      res.set_header("X-Reply", "Yes");
      res.set_header("Set-Cookie", "a=1");
      res.set_content(seen.dump(), "application/json");
    });
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content(R"({"ok":true})", "application/json"); });
    s.Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/ok", 302); });
    s.Get("/sleep", [this](const httplib::Request&, httplib::Response& res) {
      server.nap(5s);
      res.set_content("late", "text/plain");
    });
    s.Get("/trickle", [this](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("text/plain", [this](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= 100 || server.stopping()) {
          sink.done();
          return true;
        }
        server.nap(100ms);
        return sink.write("x", 1);
      });
    });
    s.Get("/bytes", [](const httplib::Request& req, httplib::Response& res) {
      auto n = static_cast<std::size_t>(std::stoull(req.get_param_value("n")));
      res.set_content(std::string(n, 'x'), "application/octet-stream");
    });
    port = server.start();
  }
};

/// A TCP listener that accepts connections, reads a little, and closes them without a word.
class Slammer {
public:
  Slammer() {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(m_fd, 16) != 0 ||
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot listen");
    }
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] {
      while (true) {
        int client = accept(m_fd, nullptr, nullptr);
        if (client < 0) {
          return;
        }
        char buffer[1024];
        (void)recv(client, buffer, sizeof buffer, 0);
        close(client);
      }
    });
  }
  ~Slammer() {
    shutdown(m_fd, SHUT_RDWR);
    close(m_fd);
    m_thread.join();
  }
  Slammer(const Slammer&) = delete;
  Slammer& operator=(const Slammer&) = delete;
  [[nodiscard]] int port() const { return m_port; }

private:
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
};

}  // namespace

TEST_CASE("client: status, headers and body make the round trip", "[client]") {
  Fixture f;
  Client client(f.port);
  WireRequest r;
  r.method = "POST";
  r.path = "/echo?name=Ada";
  r.headers = {{"Content-Type", "application/json"}, {"X-Custom", "it's here"}};
  r.body = R"({"name":"Ada"})";
  r.has_body = true;
  Exchange ex = client.send(r, 2000ms);
  REQUIRE(ex.response.has_value());
  CHECK(ex.failure == TransportFailure::none);
  CHECK(ex.response->status == 201);
  CHECK(ex.response->header("x-reply") == std::optional<std::string>("Yes"));
  CHECK(ex.response->header("set-cookie") == std::optional<std::string>("a=1"));
  CHECK(ex.response->header("X-Reply") == std::nullopt);  // names are stored in lower case
  for (const auto& [name, value] : ex.response->headers) {
    INFO(name << ": " << value);
    for (char c : name) {
      CHECK_FALSE((c >= 'A' && c <= 'Z'));
    }
  }
  CHECK(ex.elapsed_ms > 0);
  CHECK(ex.response->elapsed_ms == ex.elapsed_ms);
  json seen = json::parse(ex.response->body);
  CHECK(seen["method"] == "POST");
  CHECK(seen["target"] == "/echo?name=Ada");
  CHECK(seen["name"] == "Ada");
  CHECK(seen["body"] == R"({"name":"Ada"})");
  CHECK(seen["content_type"] == "application/json");
  CHECK(seen["custom"] == "it's here");
}

TEST_CASE("client: a body without a Content-Type is sent as application/octet-stream", "[client]") {
  Fixture f;
  Client client(f.port);
  WireRequest r;
  r.method = "POST";
  r.path = "/echo";
  r.body = "raw";
  r.has_body = true;
  Exchange ex = client.send(r, 2000ms);
  REQUIRE(ex.response.has_value());
  json seen = json::parse(ex.response->body);
  CHECK(seen["content_type"] == "application/octet-stream");
  CHECK(seen["body"] == "raw");
}

TEST_CASE("client: keep-alive requests in a row all succeed", "[client]") {
  Fixture f;
  Client client(f.port);
  for (int i = 0; i < 20; ++i) {
    Exchange ex = client.send(get("/ok"), 2000ms);
    REQUIRE(ex.response.has_value());
    CHECK(ex.response->status == 200);
    CHECK(ex.response->body == R"({"ok":true})");
  }
}

TEST_CASE("client: HEAD and redirects are reported as they are", "[client]") {
  Fixture f;
  Client client(f.port);
  WireRequest head = get("/ok");
  head.method = "HEAD";
  Exchange h = client.send(head, 2000ms);
  REQUIRE(h.response.has_value());
  CHECK(h.response->status == 200);
  CHECK(h.response->body.empty());

  Exchange moved = client.send(get("/moved"), 2000ms);  // not followed: the contract sees the 302
  REQUIRE(moved.response.has_value());
  CHECK(moved.response->status == 302);
  CHECK(moved.response->header("location") == std::optional<std::string>("/ok"));
}

TEST_CASE("client: a handler slower than the timeout is a timeout, returned about on time", "[client]") {
  Fixture f;
  Client client(f.port);
  auto start = std::chrono::steady_clock::now();
  Exchange ex = client.send(get("/sleep"), 300ms);
  double took = ferry_test::ms_since(start);
  CHECK_FALSE(ex.response.has_value());
  CHECK(ex.failure == TransportFailure::timeout);
  CHECK(ex.failure_detail == "no complete answer within 300 ms");
  CHECK(took >= 250);
  CHECK(took < 1500);

  // The same client works again afterwards.
  Exchange next = client.send(get("/ok"), 2000ms);
  REQUIRE(next.response.has_value());
  CHECK(next.response->status == 200);
}

TEST_CASE("client: a service that trickles bytes cannot outlast the deadline", "[client]") {
  Fixture f;
  Client client(f.port);
  auto start = std::chrono::steady_clock::now();
  Exchange ex = client.send(get("/trickle"), 400ms);  // a byte every 100 ms would take 10 s
  double took = ferry_test::ms_since(start);
  CHECK_FALSE(ex.response.has_value());
  CHECK(ex.failure == TransportFailure::timeout);
  CHECK(took < 2000);
}

TEST_CASE("client: a body over 4 MiB is too_large, exactly 4 MiB is fine", "[client]") {
  Fixture f;
  Client client(f.port);
  Exchange big = client.send(get("/bytes?n=" + std::to_string(k_max_body_bytes + 1)), 10000ms);
  CHECK_FALSE(big.response.has_value());
  CHECK(big.failure == TransportFailure::too_large);
  CHECK(big.failure_detail == "the response body was larger than 4 MiB");

  Exchange exact = client.send(get("/bytes?n=" + std::to_string(k_max_body_bytes)), 10000ms);
  REQUIRE(exact.response.has_value());
  CHECK(exact.response->body.size() == k_max_body_bytes);

  Exchange much = client.send(get("/bytes?n=" + std::to_string(3 * k_max_body_bytes)), 10000ms);
  CHECK(much.failure == TransportFailure::too_large);
}

TEST_CASE("client: nothing listening is 'refused'", "[client]") {
  auto port = ferry::process::find_free_port();
  REQUIRE(port.has_value());
  Client client(*port);
  auto start = std::chrono::steady_clock::now();
  Exchange ex = client.send(get("/health"), 2000ms);
  CHECK_FALSE(ex.response.has_value());
  CHECK(ex.failure == TransportFailure::refused);
  CHECK(ex.failure_detail == "could not connect to 127.0.0.1:" + std::to_string(*port) + " (connection refused)");
  CHECK(ferry_test::ms_since(start) < 1500);
}

TEST_CASE("client: a connection closed without an answer is 'closed'", "[client]") {
  Slammer slammer;
  Client client(slammer.port());
  Exchange ex = client.send(get("/health"), 2000ms);
  CHECK_FALSE(ex.response.has_value());
  CHECK(ex.failure == TransportFailure::closed);
  CHECK(ex.failure_detail == "the service closed the connection without answering");
}

TEST_CASE("client: creating and destroying clients does not hang", "[client]") {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    Client client(1);
  }
  CHECK(ferry_test::ms_since(start) < 2000);
}

TEST_CASE("client: the request target is sent as the contract wrote it", "[client]") {
  // httplib's client URL-encodes the path by default (client.cpp never calls
  // set_url_encode(false)), so "+", ",", ";" and "'" are rewritten: a
  // contract's "/hello?name=Ada+Lovelace" reaches the service as
  // "/hello?name=Ada%2BLovelace", a literal plus instead of a space.
  ferry_test::TestServer server;
  std::string target;
  server.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    target = req.target;
    res.set_content("{}", "application/json");
  });
  int port = server.start();
  Client client(port);
  for (const char* path : {"/hello?name=Ada+Lovelace", "/users?fields=id,name", "/a;b", "/it's", "/hello?name=caf%C3%A9",
                           "/plain/path?x=1&y=2"}) {
    INFO(path);
    Exchange ex = client.send(get(path), 2000ms);
    REQUIRE(ex.response.has_value());
    CHECK(target == path);
  }
}
