// http/framing: where an HTTP/1.1 message ends in a buffer — Content-Length, chunks,
// no body, or (a response) the end of the connection — as the upstream proxy and the
// load generator both read it.
#include "http/framing.hpp"

#include <catch2/catch.hpp>

using namespace ferry::http;
using State = Framing::State;

TEST_CASE("a request is complete at its Content-Length, or at its head without one", "[framing]") {
  std::string post = "POST /todos?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
  for (std::size_t cut = 0; cut < post.size(); ++cut) {
    INFO(cut);
    CHECK(frame_message(post.substr(0, cut), true, false, false).state == State::incomplete);
  }
  auto f = frame_message(post + "GET / HTTP/1.1\r\n", true, false, false);  // a pipelined next request is not ours
  REQUIRE(f.state == State::complete);
  CHECK(f.start_line == "POST /todos?x=1 HTTP/1.1");
  CHECK(f.length == post.size());
  CHECK(f.has_length);
  REQUIRE(f.headers.size() == 2);
  CHECK(f.headers[1] == std::pair<std::string, std::string>{"Content-Length", "5"});

  auto get = frame_message("GET / HTTP/1.1\r\nHost: h\r\n\r\n", true, false, false);
  CHECK(get.state == State::complete);
  CHECK_FALSE(get.has_length);
}

TEST_CASE("chunks: complete after the last chunk and its blank line, and decoded whole", "[framing]") {
  std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"titl\r\n9;ext=1\r\ne\":\"tea\"}\r\n0\r\n\r\n";
  CHECK(frame_message(chunked.substr(0, chunked.size() - 2), true, false, false).state == State::incomplete);
  auto f = frame_message(chunked, true, false, false);
  REQUIRE(f.state == State::complete);
  CHECK(f.chunked);
  CHECK(f.length == chunked.size());
  CHECK(dechunk(chunked, f.head_length) == R"({"title":"tea"})");
  CHECK(frame_message("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true, false, false).state ==
        State::malformed);
}

TEST_CASE("responses: no body for HEAD, 1xx, 204 and 304; otherwise the length or the end of the connection",
          "[framing]") {
  std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
  auto f = frame_message(ok, false, false, false);
  REQUIRE(f.state == State::complete);
  CHECK(f.close);
  CHECK(response_status(f.start_line) == 200);
  CHECK(frame_message("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", false, true, false).state == State::complete);
  CHECK(frame_message("HTTP/1.1 204 No Content\r\n\r\n", false, false, false).state == State::complete);

  std::string unframed = "HTTP/1.1 200 OK\r\n\r\nuntil the end";
  CHECK(frame_message(unframed, false, false, false).state == State::incomplete);
  auto ended = frame_message(unframed, false, false, true);
  REQUIRE(ended.state == State::complete);
  CHECK(ended.length == unframed.size());
  CHECK(ended.close);
}

TEST_CASE("what is not HTTP is malformed, never a crash", "[framing]") {
  CHECK(frame_message("garbage\r\n\r\n", false, false, false).state == State::malformed);
  CHECK(frame_message("HTTP/1.1 abc\r\n\r\n", false, false, false).state == State::malformed);
  CHECK(frame_message("GET\r\n\r\n", true, false, false).state == State::malformed);
  CHECK(frame_message("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", false, false, false).state == State::malformed);
  CHECK(frame_message(std::string(k_max_head_bytes + 1, 'a'), true, false, false).state == State::malformed);
  CHECK(response_status("HTTP/1.1 99 Too Low") == 0);
  CHECK(response_status("SIP/2.0 200 OK") == 0);
}
