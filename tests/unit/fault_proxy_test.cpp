// http/fault_proxy: ferry's proxy between a gateway under test and its upstream —
// requests pass through unchanged and are recorded; on demand the upstream is
// down (connections refused) or slow (answers held back). Real sockets throughout.
#include "http/fault_proxy.hpp"

#include "http/client.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace ferry::http;
using namespace std::chrono_literals;

namespace {

/// An upstream that answers like a small service and counts what it handled.
struct Upstream {
  ferry_test::TestServer server;
  std::atomic<int> handled{0};
  int port = 0;

  Upstream() {
    server.server().Post("/todos", [this](const httplib::Request& req, httplib::Response& res) {
      ++handled;
      res.status = 201;
      res.set_header("Location", "/todos/7");
      res.set_content(R"({"id":7,"echo":)" + nlohmann::json(req.body).dump() + R"(,"query":")" +
                          req.get_param_value("tag") + R"(","rid":")" + req.get_header_value("X-Request-Id") + "\"}",
                      "application/json");
    });
    server.server().Put("/todos/7", [this](const httplib::Request&, httplib::Response& res) {
      ++handled;
      res.status = 405;
      res.set_header("Allow", "GET, PATCH, DELETE");
      res.set_content(R"({"error":{"code":"method_not_allowed","message":"no"}})", "application/json");
    });
    server.server().Delete("/todos/7", [this](const httplib::Request&, httplib::Response& res) {
      ++handled;
      res.status = 204;
    });
    port = server.start();
  }
};

WireRequest post_todo(const std::string& target = "/todos?tag=a%20b") {
  WireRequest r;
  r.method = "POST";
  r.path = target;
  r.headers = {{"Content-Type", "application/json"}, {"X-Request-Id", "abc-123"}, {"Connection", "keep-alive"}};
  r.body = R"({"title":"milk"})";
  r.has_body = true;
  return r;
}

std::unique_ptr<FaultProxy> start_proxy(int upstream_port) {
  auto proxy = FaultProxy::start(upstream_port, "the test upstream");
  REQUIRE(proxy.has_value());
  return std::move(*proxy);
}

/// Sends @p raw on a fresh connection to @p port and reads until the peer closes.
std::string raw_exchange(int port, const std::string& raw) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(raw.size()));
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answer;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

}  // namespace

TEST_CASE("a request passes through unchanged and is recorded as it reached the upstream", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  Client client(proxy->port());
  auto exchange = client.send(post_todo(), 5s);
  INFO(exchange.failure_detail);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 201);
  CHECK(exchange.response->header("location") == "/todos/7");
  CHECK(exchange.response->header("connection") == "close");
  auto body = nlohmann::json::parse(exchange.response->body);
  CHECK(body["echo"] == R"({"title":"milk"})");
  CHECK(body["query"] == "a b");
  CHECK(body["rid"] == "abc-123");

  auto seen = proxy->seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].target == "/todos?tag=a%20b");
  CHECK(first_header(seen[0].headers, "x-request-id") == "abc-123");
  CHECK(first_header(seen[0].headers, "content-type") == "application/json");
  CHECK(seen[0].body == R"({"title":"milk"})");
}

TEST_CASE("the upstream's status and headers come back, a 204 without a body", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  Client client(proxy->port());
  WireRequest put;
  put.method = "PUT";
  put.path = "/todos/7";
  auto exchange = client.send(put, 5s);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 405);
  CHECK(exchange.response->header("allow") == "GET, PATCH, DELETE");

  WireRequest del;
  del.method = "DELETE";
  del.path = "/todos/7";
  exchange = client.send(del, 5s);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 204);
  CHECK(exchange.response->body.empty());
  CHECK(proxy->seen().size() == 2);
}

TEST_CASE("a chunked request body is recorded de-chunked and forwarded whole", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  std::string answer = raw_exchange(proxy->port(),
                                    "POST /todos HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n"
                                    "6\r\n{\"titl\r\n9\r\ne\":\"tea\"}\r\n0\r\n\r\n");
  CHECK_THAT(answer, Catch::StartsWith("HTTP/1.1 201"));
  CHECK_THAT(answer, Catch::Contains(R"(\"title\":\"tea\")"));
  auto seen = proxy->seen();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].body == R"({"title":"tea"})");
}

TEST_CASE("down refuses connections at once; up serves again on the same port", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  const int port = proxy->port();
  REQUIRE(proxy->set_down(true).empty());
  {
    Client client(port);
    auto exchange = client.send(post_todo(), 5s);
    CHECK_FALSE(exchange.response);
    CHECK(exchange.failure == TransportFailure::refused);
  }
  CHECK(proxy->seen().empty());
  CHECK(upstream.handled == 0);

  REQUIRE(proxy->set_down(false).empty());
  CHECK(proxy->port() == port);
  Client client(port);
  auto exchange = client.send(post_todo(), 5s);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 201);
}

TEST_CASE("a delay holds the answer back, but the upstream has done the work already", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  proxy->set_delay(400ms);
  Client client(proxy->port());
  auto started = std::chrono::steady_clock::now();
  auto late = client.send(post_todo(), 5s);
  REQUIRE(late.response);
  CHECK(ferry_test::ms_since(started) >= 400);  // a lower bound: it cannot come sooner

  // A caller that gives up first gets nothing, yet the upstream handled its request.
  proxy->set_delay(3000ms);
  auto given_up = client.send(post_todo(), 200ms);
  CHECK_FALSE(given_up.response);
  CHECK(given_up.failure == TransportFailure::timeout);
  CHECK(ferry_test::eventually([&] { return upstream.handled == 2; }));
  CHECK(proxy->seen().size() == 2);
}

TEST_CASE("reset: up, prompt, and nothing seen", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  Client client(proxy->port());
  REQUIRE(client.send(post_todo(), 5s).response);
  proxy->set_delay(5000ms);
  REQUIRE(proxy->set_down(true).empty());
  REQUIRE(proxy->reset().empty());
  CHECK(proxy->seen().empty());
  auto exchange = client.send(post_todo(), 2s);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 201);
}

TEST_CASE("when the upstream itself is gone, the connection ends without an answer", "[fault_proxy]") {
  auto upstream = std::make_unique<Upstream>();
  auto proxy = start_proxy(upstream->port);
  upstream.reset();
  Client client(proxy->port());
  auto exchange = client.send(post_todo(), 5s);
  CHECK_FALSE(exchange.response);
  CHECK(exchange.failure == TransportFailure::closed);
  CHECK(proxy->seen().size() == 1);  // it reached ferry's proxy, which could not pass it on
}

TEST_CASE("stopping the proxy cuts a delayed answer short instead of waiting it out", "[fault_proxy]") {
  Upstream upstream;
  auto proxy = start_proxy(upstream.port);
  proxy->set_delay(60'000ms);
  std::jthread caller([port = proxy->port()] {
    Client client(port);
    client.send(post_todo(), 30s);
  });
  REQUIRE(ferry_test::eventually([&] { return upstream.handled == 1; }));
  auto started = std::chrono::steady_clock::now();
  proxy.reset();  // returns once every connection's thread has ended
  // Waiting the delay out would take 60 s; cut short, it takes a moment.
  CHECK(ferry_test::ms_since(started) < 30'000);
}
