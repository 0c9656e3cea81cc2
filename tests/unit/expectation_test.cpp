// http/expectation: one response against one step's expectation — status,
// headers, the JSON content-type rule and the body, with captures filled in.
#include "http/expectation.hpp"

#include "contract/contract_loader.hpp"

#include <catch2/catch.hpp>

using namespace ferry::http;
using ferry::contract::BodyMode;
using ferry::contract::Expectation;
using ferry::contract::HeaderExpectation;
using ferry::contract::ValueMatcher;
using nlohmann::json;

namespace {

WireResponse response(int status, std::string content_type, std::string body) {
  WireResponse r;
  r.status = status;
  if (!content_type.empty()) {
    r.headers.emplace_back("content-type", std::move(content_type));
  }
  r.body = std::move(body);
  return r;
}

Expectation expect_json(const char* body, BodyMode mode = BodyMode::subset) {
  Expectation e;
  e.statuses = {200};
  e.body.mode = mode;
  e.body.json = json::parse(body);
  return e;
}

HeaderExpectation header(std::string name, HeaderExpectation::Mode mode, std::string text = "") {
  HeaderExpectation h;
  h.name = std::move(name);
  h.mode = mode;
  h.text = std::move(text);
  return h;
}

/// The expectation of the only step of a one-case contract whose "expect" is @p expect_json.
Expectation loaded_expectation(const char* expect_json_text) {
  json doc = json::parse(R"({
    "format_version": 1, "exercise": "x", "stages": [{"stage": 1, "title": "s"}],
    "cases": [{"id": "c", "title": "t", "stage": 1, "kind": "happy", "concept": "c", "hint": "h",
               "lesson": "lessons/x.md", "request": {"method": "GET", "path": "/"}}]
  })");
  doc["cases"][0]["expect"] = json::parse(expect_json_text);
  auto loaded = ferry::contract::contract_from_json(doc, "c.json");
  if (!loaded) {
    FAIL(loaded.error());
  }
  return loaded->cases[0].steps[0].expect;
}

}  // namespace

TEST_CASE("is_json_content_type: application/json and any application/*+json", "[expectation]") {
  CHECK(is_json_content_type("application/json"));
  CHECK(is_json_content_type("application/json; charset=utf-8"));
  CHECK(is_json_content_type("Application/JSON"));
  CHECK(is_json_content_type("  application/json  ;charset=UTF-8"));
  CHECK(is_json_content_type("application/problem+json"));
  CHECK(is_json_content_type("application/vnd.api+json; charset=utf-8"));
  CHECK_FALSE(is_json_content_type("text/plain"));
  CHECK_FALSE(is_json_content_type("text/json"));
  CHECK_FALSE(is_json_content_type("application/jsonp"));
  CHECK_FALSE(is_json_content_type("application/json-seq"));
  CHECK_FALSE(is_json_content_type("text/plain; note=application/json"));
  CHECK_FALSE(is_json_content_type(""));
}

TEST_CASE("status: any of a set, empty means unchecked", "[expectation]") {
  Expectation e;
  e.statuses = {200, 201, 204};
  CHECK(check_response(e, response(201, "", ""), {}).empty());
  auto diff = check_response(e, response(404, "", ""), {});
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].where == "status");
  CHECK(diff[0].expected == "200, 201 or 204");
  CHECK(diff[0].actual == "404");

  e.statuses = {200};
  CHECK(check_response(e, response(500, "", ""), {}).at(0).expected == "200");
  e.statuses = {400, 422};
  CHECK(check_response(e, response(500, "", ""), {}).at(0).expected == "400 or 422");
  e.statuses.clear();
  CHECK(check_response(e, response(599, "", ""), {}).empty());
}

TEST_CASE("headers: value, regex, present and absent", "[expectation]") {
  WireResponse r = response(200, "application/json", "{}");
  r.headers.emplace_back("allow", "GET, POST");
  r.headers.emplace_back("x-request-id", "abc123");

  Expectation e;
  e.headers = {header("allow", HeaderExpectation::Mode::value, "GET, POST"),
               header("x-request-id", HeaderExpectation::Mode::regex, "^[a-z0-9]+$"),
               header("content-type", HeaderExpectation::Mode::present),
               header("set-cookie", HeaderExpectation::Mode::absent)};
  CHECK(check_response(e, r, {}).empty());

  Expectation wrong;
  wrong.headers = {header("allow", HeaderExpectation::Mode::value, "GET"),
                   header("x-request-id", HeaderExpectation::Mode::regex, "^[0-9]+$"),
                   header("etag", HeaderExpectation::Mode::present),
                   header("allow", HeaderExpectation::Mode::absent)};
  auto diff = check_response(wrong, r, {});
  REQUIRE(diff.size() == 4);
  CHECK(diff[0].where == "header Allow");
  CHECK(diff[0].expected == "\"GET\"");
  CHECK(diff[0].actual == "\"GET, POST\"");
  CHECK(diff[1].where == "header X-Request-Id");
  CHECK(diff[1].expected == "matching /^[0-9]+$/");
  CHECK(diff[2].where == "header Etag");
  CHECK(diff[2].expected == "present");
  CHECK(diff[2].actual == "(absent)");
  CHECK(diff[3].expected == "absent");
}

TEST_CASE("header names from the contract compare case-insensitively", "[expectation]") {
  Expectation e = loaded_expectation(R"({"status": 405, "headers": {"ALLOW": "GET", "X-Trace-ID": {"regex": "^T"}}})");
  WireResponse r = response(405, "", "");
  r.headers.emplace_back("allow", "GET");  // the client lower-cases names as they arrive
  r.headers.emplace_back("x-trace-id", "t-1");  // regexes ignore case too
  CHECK(check_response(e, r, {}).empty());
}

TEST_CASE("header values may use captures", "[expectation]") {
  Expectation e;
  e.headers = {header("location", HeaderExpectation::Mode::value, "/users/{{id}}")};
  WireResponse r = response(201, "", "");
  r.headers.emplace_back("location", "/users/7");
  CHECK(check_response(e, r, {{"id", json(7)}}).empty());
  CHECK(check_response(e, r, {{"id", json(8)}}).size() == 1);
}

TEST_CASE("a JSON body needs a JSON Content-Type", "[expectation]") {
  Expectation e = expect_json(R"({"status": "ok"})");
  CHECK(check_response(e, response(200, "application/json", R"({"status":"ok"})"), {}).empty());
  CHECK(check_response(e, response(200, "application/problem+json", R"({"status":"ok"})"), {}).empty());

  auto text = check_response(e, response(200, "text/plain", R"({"status":"ok"})"), {});
  REQUIRE(text.size() == 1);
  CHECK(text[0].where == "header Content-Type");
  CHECK(text[0].actual == "\"text/plain\"");
  CHECK_THAT(text[0].expected, Catch::StartsWith("application/json"));

  auto none = check_response(e, response(200, "", R"({"status":"ok"})"), {});
  REQUIRE(none.size() == 1);
  CHECK(none[0].actual == "(absent)");

  // Matchers alone also mean "JSON expected".
  Expectation matchers_only;
  ValueMatcher m;
  m.pointer = "/id";
  m.present = true;
  matchers_only.body.matchers.push_back(m);
  CHECK(check_response(matchers_only, response(200, "text/plain", R"({"id":1})"), {}).size() == 1);
}

TEST_CASE("no body expectation: any body and any content type pass", "[expectation]") {
  Expectation e;
  e.statuses = {404};
  CHECK(check_response(e, response(404, "text/html", "<h1>nope</h1>"), {}).empty());
}

TEST_CASE("a body that is not JSON, or empty, when JSON is expected", "[expectation]") {
  Expectation e = expect_json(R"({"status": "ok"})");
  auto text = check_response(e, response(200, "application/json", "ok"), {});
  REQUIRE(text.size() == 1);
  CHECK(text[0].where == "body");
  CHECK(text[0].expected == "a JSON body");
  CHECK(text[0].actual == "not JSON: ok");

  auto empty = check_response(e, response(200, "application/json", ""), {});
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].actual == "an empty body");

  auto truncated = check_response(e, response(200, "application/json", R"({"status": "o)"), {});
  REQUIRE(truncated.size() == 1);
  CHECK(truncated[0].where == "body");

  std::string long_text(5000, 'x');
  auto long_diff = check_response(e, response(200, "application/json", long_text), {});
  REQUIRE(long_diff.size() == 1);
  CHECK(long_diff[0].actual.size() < 300);  // shown truncated
}

TEST_CASE("body differences say where, as 'body at /pointer'", "[expectation]") {
  Expectation e = expect_json(R"({"user": {"email": null}})");
  auto diff = check_response(e, response(200, "application/json", R"({"user": {}})"), {});
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].where == "body at /user/email");
  CHECK(diff[0].expected == "null");
  CHECK(diff[0].actual == "(absent)");

  Expectation whole = expect_json("[]");
  auto top = check_response(whole, response(200, "application/json", "null"), {});
  REQUIRE(top.size() == 1);
  CHECK(top[0].where == "body");
}

TEST_CASE("captures are filled into the expected JSON keeping their type", "[expectation]") {
  Expectation e = expect_json(R"({"id": "{{id}}", "self": "/users/{{id}}"})", BodyMode::exact);
  Captures captures = {{"id", json(7)}};
  CHECK(check_response(e, response(200, "application/json", R"({"id": 7, "self": "/users/7"})"), captures).empty());
  auto as_string = check_response(e, response(200, "application/json", R"({"id": "7", "self": "/users/7"})"), captures);
  REQUIRE(as_string.size() == 1);
  CHECK(as_string[0].where == "body at /id");
  CHECK(as_string[0].expected == "7");
  CHECK(as_string[0].actual == "\"7\"");

  Expectation eq;
  ValueMatcher m;
  m.pointer = "/owner";
  m.equals = json("{{id}}");
  eq.body.matchers.push_back(m);
  CHECK(check_response(eq, response(200, "application/json", R"({"owner": 7})"), captures).empty());
}

TEST_CASE("body absent: any byte of body is a difference", "[expectation]") {
  Expectation e;
  e.statuses = {204};
  e.body.mode = BodyMode::absent;
  CHECK(check_response(e, response(204, "", ""), {}).empty());
  auto diff = check_response(e, response(204, "application/json", "{}"), {});
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].where == "body");
  CHECK(diff[0].expected == "no body");
  CHECK(diff[0].actual == "{}");
}

TEST_CASE("several differences are all reported: status first, then headers, then body", "[expectation]") {
  Expectation e = expect_json(R"({"status": "ok"})");
  e.headers = {header("allow", HeaderExpectation::Mode::present)};
  auto diff = check_response(e, response(500, "text/plain", R"({"status": "down"})"), {});
  REQUIRE(diff.size() == 4);
  CHECK(diff[0].where == "status");
  CHECK(diff[1].where == "header Allow");
  CHECK(diff[2].where == "header Content-Type");
  CHECK(diff[3].where == "body at /status");
}

TEST_CASE("a JSON body nested deeper than the contract-file limit is not called 'not JSON'", "[expectation]") {
  // check_response parses the response with parse_json_text (expectation.cpp:98),
  // which applies the 64-level nesting limit meant for contract files; a valid
  // but deep body is then reported as "not JSON", which misleads the learner.
  Expectation e = expect_json(R"({"ok": true})");
  std::string deep = std::string(70, '[') + std::string(70, ']');
  auto diff = check_response(e, response(200, "application/json", R"({"ok": true, "tree": )" + deep + "}"), {});
  for (const auto& d : diff) {
    INFO(d.where << ": expected " << d.expected << ", got " << d.actual);
    CHECK_THAT(d.actual, !Catch::StartsWith("not JSON"));
  }
  CHECK(diff.empty());
}

namespace {

SeenRequest seen(std::string method, std::string target, std::string request_id = "") {
  SeenRequest r;
  r.method = std::move(method);
  r.target = std::move(target);
  if (!request_id.empty()) {
    r.headers.emplace_back("x-request-id", std::move(request_id));
  }
  return r;
}

ferry::contract::UpstreamSaw saw(std::string method, std::string path, std::optional<int> count = std::nullopt) {
  ferry::contract::UpstreamSaw s;
  s.method = std::move(method);
  s.path = std::move(path);
  s.count = count;
  return s;
}

}  // namespace

TEST_CASE("upstream_saw: at least one, or exactly count, by method and target", "[expectation][upstream]") {
  std::vector<SeenRequest> log = {seen("POST", "/todos"), seen("GET", "/todos?limit=1"), seen("POST", "/todos")};
  CHECK(check_upstream_saw(saw("POST", "/todos"), log, {}).empty());
  CHECK(check_upstream_saw(saw("POST", "/todos", 2), log, {}).empty());
  CHECK(check_upstream_saw(saw("GET", "/todos?limit=1", 1), log, {}).empty());

  auto wrong_count = check_upstream_saw(saw("POST", "/todos", 1), log, {});
  REQUIRE(wrong_count.size() == 1);
  CHECK(wrong_count[0].where == "POST /todos");
  CHECK(wrong_count[0].expected == "forwarded once");
  CHECK(wrong_count[0].actual == "forwarded 2 times");

  // The query is part of the target: a gateway that drops it did not forward this request.
  auto dropped_query = check_upstream_saw(saw("GET", "/todos?limit=2"), log, {});
  REQUIRE(dropped_query.size() == 1);
  CHECK(dropped_query[0].actual == "never forwarded; it received POST /todos, GET /todos?limit=1, POST /todos");

  auto nothing = check_upstream_saw(saw("DELETE", "/todos/1"), {}, {});
  REQUIRE(nothing.size() == 1);
  CHECK(nothing[0].actual == "never forwarded; nothing reached it during this case");
}

TEST_CASE("upstream_saw with count 0: the service answered without forwarding", "[expectation][upstream]") {
  Captures captures{{"id", 5}};
  CHECK(check_upstream_saw(saw("GET", "/todos/{{id}}", 0), {seen("GET", "/todos/6")}, captures).empty());
  auto forwarded = check_upstream_saw(saw("GET", "/todos/{{id}}", 0), {seen("GET", "/todos/5")}, captures);
  REQUIRE(forwarded.size() == 1);
  CHECK(forwarded[0].where == "GET /todos/5");
  CHECK(forwarded[0].expected == "answered by the service itself, never forwarded");
  CHECK(forwarded[0].actual == "forwarded once");
}

TEST_CASE("upstream_saw headers hold for every matching request, captures filled", "[expectation][upstream]") {
  auto s = saw("POST", "/todos");
  s.headers.push_back(header("x-request-id", HeaderExpectation::Mode::value, "{{rid}}"));
  Captures captures{{"rid", "abc"}};
  CHECK(check_upstream_saw(s, {seen("POST", "/todos", "abc")}, captures).empty());

  auto lost = check_upstream_saw(s, {seen("POST", "/todos")}, captures);
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].where == "the forwarded POST /todos's header X-Request-Id");
  CHECK(lost[0].expected == "\"abc\"");
  CHECK(lost[0].actual == "(absent)");

  auto second_wrong = check_upstream_saw(s, {seen("POST", "/todos", "abc"), seen("POST", "/todos", "zzz")}, captures);
  REQUIRE(second_wrong.size() == 1);
  CHECK(second_wrong[0].actual == "\"zzz\"");
}
