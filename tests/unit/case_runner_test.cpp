// http/case_runner: running whole cases (steps, captures, parallel copies)
// against an in-process service on 127.0.0.1.
#include "http/case_runner.hpp"

#include "contract/contract_loader.hpp"
#include "process/ports.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <atomic>

using namespace ferry::http;
using namespace std::chrono_literals;
using ferry::contract::Case;
using nlohmann::json;

namespace {

/// A small users service with a counter, a lossy counter and a slow route.
struct Service {
  ferry_test::TestServer server;
  std::atomic<int> next_id{41};
  std::atomic<int> counter{0};
  int lossy = 0;  // deliberately unsynchronised: read, sleep, write
  std::mutex lossy_guard;  // guards only the individual reads and writes, not the update
  int port = 0;

  explicit Service(int backlog = 1024) : server(64, backlog) {
    auto& s = server.server();
    s.Post("/users", [this](const httplib::Request& req, httplib::Response& res) {
      int id = ++next_id;
      json body = json::parse(req.body, nullptr, false);
      res.status = 201;
      res.set_header("Location", "/users/" + std::to_string(id));
      res.set_content(json{{"id", id}, {"name", body.value("name", "")}}.dump(), "application/json");
    });
    s.Get(R"(/users/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      int id = std::stoi(req.matches[1]);
      if (id > next_id.load() || id < 42) {
        res.status = 404;
        res.set_content(R"({"error":"user_not_found"})", "application/json");
        return;
      }
      res.set_content(json{{"id", id}, {"seen_header", req.get_header_value("X-From")}}.dump(), "application/json");
    });
    s.Post("/reset", [this](const httplib::Request&, httplib::Response& res) {
      counter = 0;
      std::lock_guard lock(lossy_guard);
      lossy = 0;
      res.set_content("{}", "application/json");
    });
    s.Post("/incr", [this](const httplib::Request&, httplib::Response& res) {
      ++counter;
      res.set_content("{}", "application/json");
    });
    s.Post("/lossy-incr", [this](const httplib::Request&, httplib::Response& res) {
      int value = 0;
      {
        std::lock_guard lock(lossy_guard);
        value = lossy;
      }
      std::this_thread::sleep_for(1ms);
      {
        std::lock_guard lock(lossy_guard);
        lossy = value + 1;
      }
      res.set_content("{}", "application/json");
    });
    s.Get("/count", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(json{{"count", counter.load()}}.dump(), "application/json");
    });
    s.Get("/lossy-count", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(lossy_guard);
      res.set_content(json{{"count", lossy}}.dump(), "application/json");
    });
    s.Get("/sleep", [this](const httplib::Request&, httplib::Response& res) {
      server.nap(5s);
      res.set_content("{}", "application/json");
    });
    port = server.start();
  }
};

/// One case, loaded through the real loader so the runner sees what a contract gives it.
Case load_case(const json& case_members) {
  json doc = json::parse(R"({"format_version": 1, "exercise": "t", "stages": [{"stage": 1, "title": "s"}], "cases": []})");
  json c = json::parse(R"({"id": "c", "title": "t", "stage": 1, "kind": "happy", "concept": "c", "hint": "h",
                           "lesson": "lessons/t.md"})");
  for (const auto& [key, value] : case_members.items()) {
    c[key] = value;
  }
  doc["cases"].push_back(c);
  auto loaded = ferry::contract::contract_from_json(doc, "c.json");
  if (!loaded) {
    FAIL(loaded.error());
  }
  return loaded->cases.at(0);
}

Case load_case(const char* text) { return load_case(json::parse(text)); }

}  // namespace

TEST_CASE("build_request fills placeholders and sets the Content-Type", "[case_runner]") {
  ferry::contract::Request request;
  request.method = "POST";
  request.path = "/users/{{id}}/notify";
  request.headers = {{"X-Id", "{{id}}"}};
  request.json = json::parse(R"({"id": "{{id}}", "text": "hi {{name}}"})");
  Captures captures = {{"id", json(7)}, {"name", json("ada")}};
  WireRequest wire = build_request(request, captures);
  CHECK(wire.method == "POST");
  CHECK(wire.path == "/users/7/notify");
  CHECK(wire.has_body);
  CHECK(json::parse(wire.body) == json::parse(R"({"id": 7, "text": "hi ada"})"));
  REQUIRE(wire.headers.size() == 2);
  CHECK(wire.headers[0] == std::make_pair(std::string("X-Id"), std::string("7")));
  CHECK(wire.headers[1] == std::make_pair(std::string("Content-Type"), std::string("application/json")));

  // A Content-Type the contract gives (in any case) is kept, not doubled.
  request.headers = {{"content-TYPE", "text/plain"}};
  wire = build_request(request, captures);
  REQUIRE(wire.headers.size() == 1);
  CHECK(wire.headers[0].second == "text/plain");

  ferry::contract::Request raw;
  raw.method = "POST";
  raw.path = "/users";
  raw.raw_body = "{\"name\": {{id}}";
  wire = build_request(raw, captures);
  CHECK(wire.body == "{\"name\": 7");
  REQUIRE(wire.headers.size() == 1);
  CHECK(wire.headers[0].second == "application/octet-stream");

  ferry::contract::Request bare;
  bare.path = "/health";
  wire = build_request(bare, {});
  CHECK(wire.method == "GET");
  CHECK_FALSE(wire.has_body);
  CHECK(wire.headers.empty());
}

TEST_CASE("a passing single-step case", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  CHECK(runner.port() == svc.port);
  auto outcome = runner.run(load_case(R"({"request": {"method": "POST", "path": "/users", "json": {"name": "ada"}},
                                          "expect": {"status": 201, "json": {"name": "ada"},
                                                     "match": {"/id": {"type": "integer", "min": 1}}}})"));
  INFO(outcome.summary);
  CHECK(outcome.passed);
  CHECK(outcome.step_count == 1);
  CHECK(outcome.summary.empty());
  CHECK(outcome.differences.empty());
  CHECK(outcome.duration_ms > 0);
}

TEST_CASE("a failing case carries the request, the response and the first difference", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"request": {"method": "GET", "path": "/users/999"},
                                          "expect": {"status": 200, "json": {"id": 999}}})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.failing_step == 0);
  CHECK(outcome.transport == TransportFailure::none);
  CHECK(outcome.summary == "status: expected 200, got 404");
  REQUIRE(outcome.differences.size() == 2);
  CHECK(outcome.differences[1].where == "body at /id");
  REQUIRE(outcome.request.has_value());
  CHECK(outcome.request->path == "/users/999");
  REQUIRE(outcome.response.has_value());
  CHECK(outcome.response->status == 404);
  CHECK(outcome.response->body == R"({"error":"user_not_found"})");
}

TEST_CASE("a multi-step case captures from the body and headers and uses them later", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"steps": [
      {"request": {"method": "POST", "path": "/users", "json": {"name": "ada"}},
       "expect": {"status": 201},
       "capture": {"id": "/id", "where": "header:Location"}},
      {"request": {"method": "GET", "path": "/users/{{id}}", "headers": {"X-From": "{{where}}"}},
       "expect": {"status": 200, "json": {"id": "{{id}}", "seen_header": "/users/{{id}}"}, "body": "exact"}}
  ]})"));
  INFO(outcome.summary);
  CHECK(outcome.passed);
  CHECK(outcome.step_count == 2);
}

TEST_CASE("a later step's failure names that step", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"steps": [
      {"request": {"method": "POST", "path": "/users", "json": {"name": "ada"}},
       "expect": {"status": 201}, "capture": {"id": "/id"}},
      {"request": {"method": "GET", "path": "/users/{{id}}"}, "expect": {"status": 200, "json": {"id": 1}}},
      {"request": {"method": "GET", "path": "/users/{{id}}"}, "expect": {"status": 200}}
  ]})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.failing_step == 1);
  CHECK(outcome.step_count == 3);
  REQUIRE(outcome.request.has_value());
  CHECK(outcome.request->path == "/users/42");
  CHECK_THAT(outcome.summary, Catch::StartsWith("body at /id: expected 1, got 42"));
}

TEST_CASE("a capture with nothing to capture fails the step", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"steps": [
      {"request": {"method": "POST", "path": "/users", "json": {}}, "expect": {"status": 201},
       "capture": {"token": "/token"}},
      {"request": {"method": "GET", "path": "/users/{{token}}"}, "expect": {"status": 200}}
  ]})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.failing_step == 0);
  CHECK(outcome.summary == "nothing to capture as {{token}}: the body at /token is absent");
  REQUIRE(outcome.differences.size() == 1);
  CHECK(outcome.differences[0].actual == "(absent)");
}

TEST_CASE("a transport failure is an outcome, not an exception", "[case_runner]") {
  auto port = ferry::process::find_free_port();
  REQUIRE(port.has_value());
  CaseRunner runner(*port);
  CaseOutcome outcome;
  REQUIRE_NOTHROW(outcome = runner.run(load_case(R"({"request": {"method": "GET", "path": "/health"},
                                                     "expect": {"status": 200}})")));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.transport == TransportFailure::refused);
  CHECK_THAT(outcome.summary, Catch::Contains("connection refused"));
  CHECK(outcome.request.has_value());
  CHECK_FALSE(outcome.response.has_value());
}

TEST_CASE("a case's timeout_ms bounds each request", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto start = std::chrono::steady_clock::now();
  auto outcome = runner.run(load_case(R"({"timeout_ms": 300, "request": {"method": "GET", "path": "/sleep"},
                                          "expect": {"status": 200}})"));
  CHECK(ferry_test::ms_since(start) < 1500);
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.transport == TransportFailure::timeout);
  CHECK(outcome.summary == "no complete answer within 300 ms");
}

TEST_CASE("a parallel step of 50 copies against a safe counter, then the exact count", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000, "steps": [
      {"request": {"method": "POST", "path": "/reset"}, "expect": {"status": 200}},
      {"request": {"method": "POST", "path": "/incr"}, "expect": {"status": 200}, "parallel": 50},
      {"request": {"method": "GET", "path": "/count"}, "expect": {"status": 200, "json": {"count": 50}}}
  ]})"));
  INFO(outcome.summary);
  CHECK(outcome.passed);
  CHECK(svc.counter.load() == 50);
}

TEST_CASE("the same parallel step against a lossy counter fails the follow-up", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000, "steps": [
      {"request": {"method": "POST", "path": "/reset"}, "expect": {"status": 200}},
      {"request": {"method": "POST", "path": "/lossy-incr"}, "expect": {"status": 200}, "parallel": 50},
      {"request": {"method": "GET", "path": "/lossy-count"}, "expect": {"status": 200, "json": {"count": 50}}}
  ]})"));
  INFO(outcome.summary);
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.failing_step == 2);
  CHECK_THAT(outcome.summary, Catch::StartsWith("body at /count: expected 50, got "));
}

TEST_CASE("a parallel step against a correct service with a small listen backlog passes", "[case_runner]") {
  // httplib (as Debian builds it) listens with a backlog of 5, Rust's std
  // TcpListener with 128. Fifty simultaneous connects overflow the accept
  // queue; the kernel drops the extra SYNs and retries them after its initial
  // 1 s retransmission timeout, which is exactly the client's connect timeout
  // (k_connect_timeout, client.hpp), so copies fail with "the connection was
  // not accepted in time" although the service is correct and merely slow to
  // accept.
  Service svc(0);
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000,
      "request": {"method": "POST", "path": "/incr"}, "expect": {"status": 200}, "parallel": 50})"));
  INFO(outcome.summary);
  CHECK(outcome.passed);
  CHECK(svc.counter.load() == 50);
}

TEST_CASE("a failing parallel step says how many copies failed", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000,
      "request": {"method": "POST", "path": "/incr"}, "expect": {"status": 201}, "parallel": 10})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.summary == "10 of 10 parallel requests failed; the first: status: expected 201, got 200");
  CHECK(outcome.response.has_value());
  CHECK(svc.counter.load() == 10);  // every copy was sent
}

TEST_CASE("set_port points the runner at a restarted service", "[case_runner]") {
  auto gone = ferry::process::find_free_port();
  REQUIRE(gone.has_value());
  CaseRunner runner(*gone);
  Case health = load_case(R"({"request": {"method": "GET", "path": "/count"}, "expect": {"status": 200}})");
  CHECK_FALSE(runner.run(health).passed);
  Service svc;
  runner.set_port(svc.port);
  CHECK(runner.port() == svc.port);
  CHECK(runner.run(health).passed);
}

TEST_CASE("a tally that matches the statuses of a parallel step passes", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000,
      "request": {"method": "POST", "path": "/incr"}, "expect": {"status": [200, 201]}, "parallel": 10,
      "tally": {"200": 10, "201": 0}})"));
  INFO(outcome.summary);
  CHECK(outcome.passed);
}

TEST_CASE("a tally that does not match fails though every response met expect", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "concurrency", "timeout_ms": 10000,
      "request": {"method": "POST", "path": "/incr"}, "expect": {"status": [200, 201]}, "parallel": 10,
      "tally": {"201": 1, "200": 9}})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.summary == "of 10 parallel requests, expected 9 × 200, 1 × 201, got 10 × 200 (10 answered 200, not 9)");
  CHECK(outcome.request.has_value());  // for the curl line
}

TEST_CASE("a lifecycle step without a service owner fails with a sentence", "[case_runner]") {
  Service svc;
  CaseRunner runner(svc.port);
  auto outcome = runner.run(load_case(R"({"kind": "robustness", "steps": [{"lifecycle": "restart"}]})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.summary == "this case stops and starts the service, which only `ferry check` can do");
}

namespace {

/// A service with Prometheus metrics: POST /orders counts, /bad-type and /bad-text
/// break the format in two ways.
struct MetricsService {
  ferry_test::TestServer server;
  std::atomic<int> orders{0};
  int port = 0;

  MetricsService() {
    auto& s = server.server();
    s.Post("/orders", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.body != "bad") {
        ++orders;
      }
      res.status = 201;
      res.set_content("{}", "application/json");
    });
    s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      std::string text = "# TYPE orders_created_total counter\n";
      if (orders > 0) {
        text += "orders_created_total " + std::to_string(orders.load()) + "\n";
      }
      text += "http_requests_total{route=\"/orders\",method=\"POST\"} " + std::to_string(orders.load()) + "\n";
      res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
    });
    s.Get("/bad-type", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    s.Get("/bad-text", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("orders_created_total{route=/x} 1\n", "text/plain");
    });
    port = server.start();
  }
};

/// Stands in for the check loop's host: what the "service" wrote is whatever the test says.
class ScriptedOutput final : public ServiceControl {
public:
  StopReport stop(std::chrono::milliseconds) override { return {}; }
  StopReport kill() override { return {}; }
  ferry::util::Expected<int> start(const ferry::contract::ServiceConfig&) override {
    return ferry::util::Error{"not in this test"};
  }
  [[nodiscard]] std::chrono::milliseconds default_grace() const override { return 1s; }
  [[nodiscard]] std::string case_output() const override {
    std::lock_guard lock(m_mutex);
    return m_output;
  }
  void write(const std::string& text) {
    std::lock_guard lock(m_mutex);
    m_output += text;
  }

private:
  mutable std::mutex m_mutex;
  std::string m_output;
};

}  // namespace

TEST_CASE("a metrics step measures a counter's delta from the start of the case", "[case_runner][metrics]") {
  MetricsService service;
  CaseRunner runner(service.port);
  // Not zero at the start: the delta is what this case did, not the counter's value.
  service.orders = 5;
  const char* two_orders = R"({"steps": [
    {"request": {"method": "POST", "path": "/orders", "body": "ok"}, "expect": {"status": 201}},
    {"request": {"method": "POST", "path": "/orders", "body": "ok"}, "expect": {"status": 201}},
    {"metrics": {"series": {"orders_created_total": {"delta": 2, "min": 7},
                            "http_requests_total{method=\"POST\",route=\"/orders\"}": {"delta": 2}}}}]})";
  auto outcome = runner.run(load_case(two_orders));
  CHECK(outcome.passed);
  INFO(outcome.summary);

  // A rejected order that is counted anyway moves the counter by one too many.
  auto counted_once_more = runner.run(load_case(R"({"steps": [
    {"request": {"method": "POST", "path": "/orders", "body": "ok"}, "expect": {"status": 201}},
    {"metrics": {"series": {"orders_created_total": {"delta": 0}}}}]})"));
  CHECK_FALSE(counted_once_more.passed);
  CHECK(counted_once_more.summary ==
        "GET /metrics: orders_created_total: expected it to move by 0 during the case, it moved by 1 (from 7 to 8)");
}

TEST_CASE("a series absent at the start counts from zero; equals, absent and exact label sets", "[case_runner][metrics]") {
  MetricsService service;
  CaseRunner runner(service.port);
  auto outcome = runner.run(load_case(R"({"steps": [
    {"metrics": {"series": {"orders_created_total": {"absent": true}}}},
    {"request": {"method": "POST", "path": "/orders", "body": "ok"}, "expect": {"status": 201}},
    {"metrics": {"series": {"orders_created_total": {"delta": 1, "equals": 1}}}}]})"));
  CHECK(outcome.passed);
  INFO(outcome.summary);

  // The raw path as a label (one series per order id) is not the route's series.
  auto raw_path = runner.run(load_case(R"({"steps": [{"metrics": {"series": {
    "http_requests_total{route=\"/orders/7\",method=\"POST\"}": {"present": true}}}}]})"));
  CHECK_FALSE(raw_path.passed);
  CHECK(raw_path.summary == "GET /metrics: http_requests_total{method=\"POST\",route=\"/orders/7\"}: expected the series, "
                            "but the scrape has no series with exactly these labels");
}

TEST_CASE("a scrape that is not the text format fails with where and why", "[case_runner][metrics]") {
  MetricsService service;
  CaseRunner runner(service.port);
  auto json_type = runner.run(load_case(R"({"steps": [{"metrics": {"path": "/bad-type", "series": {"x": {"present": true}}}}]})"));
  CHECK_FALSE(json_type.passed);
  CHECK(json_type.summary.rfind("GET /bad-type answered Content-Type \"application/json\"", 0) == 0);
  auto broken = runner.run(load_case(R"({"steps": [{"metrics": {"path": "/bad-text", "series": {"x": {"present": true}}}}]})"));
  CHECK_FALSE(broken.passed);
  CHECK(broken.summary == "GET /bad-text is not in the Prometheus text format: line 1: the value of the label route must be quoted, found '/'");
  REQUIRE(broken.response);
  // A delta needs a baseline: a broken scrape before the first step fails the case at once.
  auto no_baseline = runner.run(load_case(R"({"steps": [{"metrics": {"path": "/missing", "series": {"x": {"delta": 1}}}}]})"));
  CHECK_FALSE(no_baseline.passed);
  CHECK(no_baseline.summary.rfind("before the case began, to measure what it changes: GET /missing answered 404", 0) == 0);
}

TEST_CASE("a logs step: every line, some line, no line, with a captured value", "[case_runner][logs]") {
  Service service;
  ScriptedOutput output;
  CaseRunner runner(service.server.port(), &output);
  output.write("\x1b[32mINFO\x1b[0m request_id=\"r-42\" method=GET path=/users/42\n\n");
  output.write("INFO request_id=\"r-42\" status=200\n");
  const char* steps = R"({"steps": [
    {"request": {"method": "POST", "path": "/users", "json": {"name": "r-42"}}, "expect": {"status": 201},
     "capture": {"rid": "/name"}},
    {"logs": {"every_line": "request_id=\"{{rid}}\"", "contains": "status=200", "none": "panicked"}}]})";
  auto outcome = runner.run(load_case(steps));
  CHECK(outcome.passed);
  INFO(outcome.summary);

  // A line logged outside the request's span has no id.
  output.write("INFO finished in 3 ms\n");
  auto missing = runner.run(load_case(steps));
  CHECK_FALSE(missing.passed);
  CHECK(missing.summary == "1 of 3 lines your service wrote during this case do not match /request_id=\"r-42\"/; "
                           "the first: \"INFO finished in 3 ms\"");

  // A captured value is matched literally: "r.42" does not stand for "r-42".
  ScriptedOutput other;
  other.write("id=r-42\n");
  CaseRunner literal(service.server.port(), &other);
  auto dot = literal.run(load_case(R"({"steps": [
    {"request": {"method": "POST", "path": "/users", "json": {"name": "r.42"}}, "expect": {"status": 201},
     "capture": {"rid": "/name"}},
    {"logs": {"contains": "id={{rid}}"}}]})"));
  CHECK_FALSE(dot.passed);
  CHECK(dot.summary.rfind("no line your service wrote during this case matches /id=r\\.42/ (1 line; the last: \"id=r-42\")", 0) == 0);

  ScriptedOutput panicking;
  panicking.write("thread 'tokio-rt-worker' panicked at src/main.rs:3:5\n");
  CaseRunner none(service.server.port(), &panicking);
  auto panicked = none.run(load_case(R"({"steps": [{"logs": {"none": "panicked"}}]})"));
  CHECK_FALSE(panicked.passed);
  CHECK(panicked.summary.find("which no line may") != std::string::npos);
}

TEST_CASE("a logs step waits for a line written after the answer", "[case_runner][logs]") {
  Service service;
  ScriptedOutput output;
  CaseRunner runner(service.server.port(), &output);
  std::jthread late([&] {
    std::this_thread::sleep_for(100ms);  // the fixture's own timing: the line arrives while the step waits
    output.write("INFO done request_id=7\n");
  });
  auto outcome = runner.run(load_case(R"({"steps": [{"logs": {"contains": "done request_id=7"}}]})"));
  CHECK(outcome.passed);
  INFO(outcome.summary);
}

TEST_CASE("logs and metrics steps need a host that can read the service's output", "[case_runner][logs]") {
  Service service;
  CaseRunner runner(service.server.port());
  auto outcome = runner.run(load_case(R"({"steps": [{"logs": {"contains": "x"}}]})"));
  CHECK_FALSE(outcome.passed);
  CHECK(outcome.summary == "this case reads the service's output, which only `ferry check` can do");
}
