// http/curl: the curl line printed with a failure must replay the same request.
#include "contract/contract_loader.hpp"
#include "http/case_runner.hpp"
#include "http/curl.hpp"
#include "util/text.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <mutex>

using ferry::http::curl_command;
using ferry::http::WireRequest;

namespace {

WireRequest request(std::string method, std::string path) {
  WireRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

WireRequest with_body(WireRequest r, std::string body, std::string content_type) {
  r.body = std::move(body);
  r.has_body = true;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

/// What the server saw.
struct Seen {
  std::string method;
  std::string target;
  std::string body;
  std::multimap<std::string, std::string> headers;
  int count = 0;
};

/// A server that records every request it gets, answering 200.
class Recorder {
public:
  Recorder() {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_seen.method = req.method;
      m_seen.target = req.target;
      m_seen.body = req.body;
      m_seen.headers.clear();
      for (const auto& [name, value] : req.headers) {
        m_seen.headers.emplace(ferry_test_lower(name), value);
      }
      ++m_seen.count;
      res.set_content("{}", "application/json");
    };
    auto& s = m_server.server();
    s.Get(".*", record);
    s.Post(".*", record);
    s.Put(".*", record);
    s.Patch(".*", record);
    s.Delete(".*", record);
    s.Options(".*", record);
    m_port = m_server.start();
  }

  [[nodiscard]] int port() const { return m_port; }
  Seen seen() {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }

private:
  static std::string ferry_test_lower(std::string s) {
    for (auto& c : s) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
  }

  ferry_test::TestServer m_server;
  std::mutex m_mutex;
  Seen m_seen;
  int m_port = 0;
};

bool have_curl() { return std::system("command -v curl >/dev/null 2>&1") == 0; }

/// Run the printed line as a learner would paste it.
std::string run_line(const std::string& line) { return ferry_test::shell_output(line + " --max-time 5 2>&1"); }

}  // namespace

TEST_CASE("curl_command for a plain GET is short and runnable", "[curl]") {
  CHECK(curl_command(request("GET", "/health"), 8080) == "curl -sS -i -g http://127.0.0.1:8080/health");
  CHECK(curl_command(request("GET", "/hello?name=Ada Lovelace"), 1) == "curl -sS -i -g 'http://127.0.0.1:1/hello?name=Ada Lovelace'");
}

TEST_CASE("curl_command: HEAD uses -I, other methods -X", "[curl]") {
  CHECK(curl_command(request("HEAD", "/health"), 80) == "curl -sS -i -g -I http://127.0.0.1:80/health");
  CHECK(curl_command(request("DELETE", "/users/1"), 80) == "curl -sS -i -g -X DELETE http://127.0.0.1:80/users/1");
  CHECK(curl_command(request("POST", "/users"), 80) == "curl -sS -i -g -X POST http://127.0.0.1:80/users");
}

TEST_CASE("curl_command sends a GET with a body as -X GET", "[curl]") {
  auto r = with_body(request("GET", "/search"), "{}", "application/json");
  CHECK(curl_command(r, 80) ==
        "curl -sS -i -g -X GET http://127.0.0.1:80/search -H 'Content-Type: application/json' --data-raw '{}'");
}

TEST_CASE("curl_command quotes headers and a body with a single quote", "[curl]") {
  auto r = with_body(request("POST", "/users"), R"({"name":"O'Brien"})", "application/json");
  r.headers.emplace_back("X-Note", "it's $HOME");
  CHECK(curl_command(r, 8080) ==
        "curl -sS -i -g -X POST http://127.0.0.1:8080/users -H 'Content-Type: application/json' "
        "-H 'X-Note: it'\\''s $HOME' --data-raw '{\"name\":\"O'\\''Brien\"}'");
}

TEST_CASE("the curl line replays method, path, headers and body exactly", "[curl]") {
  if (!have_curl()) {
    WARN("curl is not installed; skipping the replay");
    return;
  }
  Recorder server;
  std::vector<WireRequest> requests;
  requests.push_back(with_body(request("POST", "/users"), R"({"name":"O'Brien","note":"$HOME `id` \\ \"q\""})",
                               "application/json"));
  requests.push_back(with_body(request("PUT", "/users/7?x=1&y=two"), "line one\nline two\r\n\ttabbed\n", "text/plain"));
  requests.push_back(with_body(request("PATCH", "/users/7"), "", "application/json"));
  requests.push_back(request("DELETE", "/users/7"));
  requests.push_back(request("GET", "/hello?name=caf%C3%A9"));
  auto with_header = request("OPTIONS", "/users");
  with_header.headers.emplace_back("X-Quote", "'single' \"double\" ;&|");
  requests.push_back(with_header);

  for (const auto& r : requests) {
    std::string line = curl_command(r, server.port());
    INFO("line: " << line);
    std::string output = run_line(line);
    INFO("curl said: " << output);
    Seen seen = server.seen();
    CHECK(seen.method == r.method);
    CHECK(seen.target == r.path);
    CHECK(seen.body == r.body);
    for (const auto& [name, value] : r.headers) {
      std::string lower = name;
      for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      auto it = seen.headers.find(lower);
      REQUIRE(it != seen.headers.end());
      CHECK(it->second == value);
    }
    CHECK_THAT(output, Catch::StartsWith("HTTP/1.1 200"));
  }
}

TEST_CASE("the curl line sends a body starting with @ as text, not as a file name", "[curl]") {
  // curl_command uses --data-raw, for which curl reads "@name" as "the
  // contents of file name"; a raw body such as "@admin" is not replayed.
  if (!have_curl()) {
    WARN("curl is not installed; skipping the replay");
    return;
  }
  Recorder server;
  auto r = with_body(request("POST", "/users"), "@not-a-file-here", "application/octet-stream");
  std::string line = curl_command(r, server.port());
  INFO("line: " << line);
  run_line(line);
  Seen seen = server.seen();
  CHECK(seen.count == 1);
  CHECK(seen.body == "@not-a-file-here");
}

TEST_CASE("the curl line replays paths with spaces, brackets and braces as ferry sent them", "[curl]") {
  // curl_command passes the path to curl as is. Without -g/--globoff curl
  // treats [] and {} as URL patterns (the request is sent several times or
  // refused), and curl rejects a URL with a space ("URL using bad/illegal
  // format") where ferry's own client sends %20.
  if (!have_curl()) {
    WARN("curl is not installed; skipping the replay");
    return;
  }
  Recorder server;
  ferry::http::Client client(server.port());
  for (const char* path : {"/hello?name=Ada Lovelace", "/items/{a,b}", "/pages/[1-3]", "/search?tags[]=a&tags[]=b"}) {
    // build_request encodes the target once; ferry's client and the curl line send it as is.
    auto r = request("GET", ferry::util::encode_request_target(path));
    auto exchange = client.send(r, std::chrono::milliseconds(2000));
    REQUIRE(exchange.response.has_value());
    std::string sent_by_ferry = server.seen().target;
    int before = server.seen().count;

    std::string line = curl_command(r, server.port());
    INFO("line: " << line);
    std::string output = run_line(line);
    INFO("curl said: " << output);
    Seen seen = server.seen();
    CHECK(seen.count == before + 1);
    CHECK(seen.target == sent_by_ferry);
  }
}

TEST_CASE("a made body replays from its file or its generator, byte for byte", "[curl]") {
  ferry_test::TempDir dir;
  ferry_test::write_file(dir.file("events.json"), "[{\"ts\": 1},\n {\"ts\": 2}]\n");
  ferry_test::write_file(dir.file("c.json"), R"({"format_version": 1, "exercise": "t", "stages": [{"stage": 1, "title": "s"}],
    "cases": [{"id": "a", "title": "t", "stage": 1, "kind": "happy", "concept": "c", "hint": "h", "lesson": "lessons/t.md",
               "steps": [{"request": {"method": "POST", "path": "/stats", "body_file": "events.json"}, "expect": {"status": 200}},
                         {"request": {"method": "POST", "path": "/stats",
                                      "body_repeat": {"prefix": "[", "item": "{\"it's\": 1}", "separator": ",", "times": 3, "suffix": "]"}},
                          "expect": {"status": 413}}]}]})");
  auto contract = ferry::contract::load_contract(dir.file("c.json"));
  REQUIRE(contract);
  auto from_file = ferry::http::build_request(contract->cases[0].steps[0].request, {});
  auto repeated = ferry::http::build_request(contract->cases[0].steps[1].request, {});
  CHECK(repeated.body == "[{\"it's\": 1},{\"it's\": 1},{\"it's\": 1}]");
  // The line names the file, or pipes the generator in: never the whole body.
  CHECK(curl_command(from_file, 80).find("--data-binary @" + dir.file("events.json")) != std::string::npos);
  CHECK(curl_command(repeated, 80).rfind("python3 -c ", 0) == 0);
  CHECK(curl_command(repeated, 80).find("--data-binary @-") != std::string::npos);

  if (!have_curl() || std::system("command -v python3 >/dev/null 2>&1") != 0) {
    WARN("curl or python3 is not installed; skipping the replay");
    return;
  }
  Recorder recorder;
  for (const auto* wire : {&from_file, &repeated}) {
    run_line(curl_command(*wire, recorder.port()));
    auto seen = recorder.seen();
    CHECK(seen.body == wire->body);
    CHECK(seen.headers.find("content-type")->second == "application/json");
  }
}
