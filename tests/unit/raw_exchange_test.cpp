// http/raw_exchange: a large body, read while written, so an early answer is kept.
#include "http/raw_exchange.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

using namespace ferry::http;
using namespace std::chrono_literals;

namespace {

/// A listener that reads a request's head only, answers @p answer and closes with the
/// body unread — as a service with a body limit does (the kernel then resets).
class EarlyAnswer {
public:
  explicit EarlyAnswer(std::string answer) : m_answer(std::move(answer)) {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(m_fd, 4) == 0);
    socklen_t length = sizeof address;
    getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] {
      int client = accept(m_fd, nullptr, nullptr);
      if (client < 0) {
        return;
      }
      std::string head;
      char c = 0;
      while (head.find("\r\n\r\n") == std::string::npos && read(client, &c, 1) == 1) {
        head += c;
      }
      m_head = head;
      (void)!write(client, m_answer.data(), m_answer.size());
      close(client);  // megabytes of body still unread: the peer gets a reset
    });
  }
  ~EarlyAnswer() {
    shutdown(m_fd, SHUT_RDWR);
    close(m_fd);
    m_thread.join();
  }
  [[nodiscard]] int port() const { return m_port; }
  std::string m_head;

private:
  std::string m_answer;
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
};

WireRequest big_post(std::size_t bytes) {
  WireRequest request;
  request.method = "POST";
  request.path = "/stats";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = "[" + std::string(bytes - 2, ' ') + "]";
  request.has_body = true;
  return request;
}

}  // namespace

TEST_CASE("a 413 sent before the body is read is the answer, not a dropped connection", "[raw_exchange]") {
  const std::string answer =
      "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nContent-Length: 41\r\n"
      "Connection: close\r\n\r\n{\"error\":{\"code\":\"body_too_large\",\"m\":1}}";
  EarlyAnswer service(answer);
  auto exchange = raw_exchange(service.port(), big_post(32 << 20), 10s);
  INFO(exchange.failure_detail);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 413);
  CHECK(exchange.response->header("content-type") == "application/json");
  CHECK(exchange.response->body == "{\"error\":{\"code\":\"body_too_large\",\"m\":1}}");
}

TEST_CASE("a large body is sent whole, framed, and the answer read", "[raw_exchange]") {
  ferry_test::TestServer server;
  std::size_t received = 0;
  server.server().Post("/stats", [&](const httplib::Request& req, httplib::Response& res) {
    received = req.body.size();
    res.set_chunked_content_provider("application/json", [size = req.body.size()](size_t, httplib::DataSink& sink) {
      std::string text = "{\"bytes\":" + std::to_string(size) + "}";
      sink.write(text.data(), text.size());
      sink.done();
      return true;
    });
  });
  int port = server.start();
  auto request = big_post(3 << 20);
  Client client(port);  // through the client: large bodies take this path
  auto exchange = client.send(request, 10s);
  INFO(exchange.failure_detail);
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 200);
  CHECK(received == request.body.size());
  CHECK(exchange.response->body == "{\"bytes\":" + std::to_string(request.body.size()) + "}");
}

TEST_CASE("no listener, and a service that closes without a word, are failures said plainly", "[raw_exchange]") {
  int port = 0;
  {
    EarlyAnswer gone("");
    port = gone.port();
    auto silent = raw_exchange(port, big_post(1 << 20), 10s);
    CHECK_FALSE(silent.response);
    CHECK(silent.failure == TransportFailure::closed);
    CHECK(silent.failure_detail == "the service closed the connection without answering");
  }
  auto refused = raw_exchange(port, big_post(1 << 20), 10s);
  CHECK_FALSE(refused.response);
  CHECK(refused.failure == TransportFailure::refused);
}
