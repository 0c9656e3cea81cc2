// contract/contract_loader: a valid contract becomes plain values; every
// malformed one is rejected with `file:/json/pointer: message`, never a crash.
#include "contract/contract_loader.hpp"

#include "contract/manifest.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ferry::contract;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* const k_minimal = R"({
  "format_version": 1,
  "exercise": "99-mini",
  "stages": [{"stage": 1, "title": "It starts"}],
  "cases": [{
    "id": "health", "title": "GET /health", "stage": 1, "kind": "happy", "concept": "router",
    "hint": "Add the route.", "lesson": "lessons/99-mini.md#health",
    "request": {"method": "GET", "path": "/health"},
    "expect": {"status": 200, "json": {"status": "ok"}}
  }]
})";

/// k_minimal with its only case replaced by @p case_json's members merged over it.
json with_case(const json& overrides) {
  json doc = json::parse(k_minimal);
  for (const auto& [key, value] : overrides.items()) {
    if (value.is_null()) {
      doc["cases"][0].erase(key);
    } else {
      doc["cases"][0][key] = value;
    }
  }
  return doc;
}

std::string corpus_dir() { return ferry_test::source_path("tests/contracts/malformed"); }

/// The fragment every malformed file's error must contain; "{file}" stands for its path.
const std::map<std::string, std::vector<std::string>> k_corpus = {
    {"truncated.json", {"{file}: line 7, column ", "unexpected end of input"}},
    {"empty.json", {"{file}: the file is empty; expected a JSON object"}},
    {"whitespace-only.json", {"{file}: the file is empty; expected a JSON object"}},
    {"trailing-garbage.json", {"{file}: line ", "expected end of input"}},
    {"nested-100-deep.json", {"{file}: line 1, column 74: nested deeper than 64 levels"}},
    {"nul-byte.json", {"{file}: line 1, column ", "control character U+0000 (NUL) must be escaped"}},
    {"number-overflow.json", {"{file}: number overflow parsing '1e999'"}},
    {"invalid-utf8.json", {"{file}: line 1, column ", "ill-formed UTF-8 byte"}},
    {"root-array.json", {"{file}:/: expected an object, found an array"}},
    {"wrong-type-format-version.json", {"{file}:/format_version: expected an integer, found a string"}},
    {"wrong-type-exercise.json", {"{file}:/exercise: expected a string, found an integer"}},
    {"wrong-type-title.json", {"{file}:/title: expected a string, found an array"}},
    {"wrong-type-stages.json", {"{file}:/stages: expected an array, found an object"}},
    {"wrong-type-hints.json", {"{file}:/hints: expected an array, found a string"}},
    {"wrong-type-defaults.json", {"{file}:/defaults: expected an object, found an array"}},
    {"wrong-type-cases.json", {"{file}:/cases: expected an array, found null"}},
    {"format-version-2.json", {"{file}:/format_version: this ferry reads contract format 1, the file is format 2"}},
    {"stages-out-of-order.json", {"{file}:/stages/0/stage: stages must be numbered 1, 2, 3… in order; expected 1"}},
    {"no-cases.json", {"{file}:/cases: a contract needs at least one case"}},
    {"unknown-member-typo.json",
     {"{file}:/cases/0/expect/stauts: unknown member \"stauts\"; did you mean \"status\"?",
      "{file}:/cases/0/expect: missing required member \"status\""}},
    {"duplicate-case-id.json", {"{file}:/cases/1/id: duplicate case id \"health\""}},
    {"stage-not-declared.json", {"{file}:/cases/0/stage: stage 3 is not declared in /stages"}},
    {"bad-case-id.json",
     {"{file}:/cases/0/id: case ids use lower-case letters, digits and '-' (found \"Health Check\")"}},
    {"unknown-kind.json",
     {"{file}:/cases/0/kind: unknown kind \"sad\"; expected one of happy, error, nil, concurrency, robustness"}},
    {"lesson-outside-lessons.json", {"{file}:/cases/0/lesson: expected a path under lessons/"}},
    {"timeout-too-large.json", {"{file}:/cases/0/timeout_ms: must be at most 120000"}},
    {"points-overflow.json", {"{file}:/cases/0/points: must be at most 1000"}},
    {"bad-regex.json", {"{file}:/cases/0/expect/match/~1name/regex: not a valid regular expression: "}},
    {"bad-json-pointer-in-match.json",
     {"{file}:/cases/0/expect/match/name: \"name\" is not a JSON pointer (it should look like \"/user/email\")"}},
    {"placeholder-not-captured.json", {"{file}:/cases/0/request: {{id}} is not captured by an earlier step"}},
    {"absent-with-type.json",
     {"{file}:/cases/0/expect/match/~1email/absent: \"absent\" cannot be combined with a check on the value"}},
    {"status-700.json", {"{file}:/cases/0/expect/status: a status is an integer from 100 to 599"}},
    {"status-list-with-string.json", {"{file}:/cases/0/expect/status/1: a status is an integer from 100 to 599"}},
    {"status-empty-list.json", {"{file}:/cases/0/expect/status: an empty list of statuses matches nothing"}},
    {"parallel-step-with-capture.json",
     {"{file}:/cases/0/steps/0/capture/id: a parallel step cannot capture values (which of its responses would it take?)"}},
    {"concurrency-without-parallel.json",
     {"{file}:/cases/0/kind: a concurrency case needs a step with \"parallel\" greater than 1"}},
    {"unsupported-method.json", {"{file}:/cases/0/request/method: unsupported method \"FETCH\""}},
    {"path-without-slash.json", {"{file}:/cases/0/request/path: a request path starts with '/'"}},
    {"json-and-body.json",
     {"{file}:/cases/0/request/body: give either \"json\" (a JSON value) or \"body\" (raw text), not both"}},
    {"steps-and-request.json",
     {"{file}:/cases/0/steps: a case has either \"request\"/\"expect\" or \"steps\", not both"}},
    {"no-request.json", {"{file}:/cases/0: a case needs a \"request\" and an \"expect\", or \"steps\""}},
    {"absent-body-with-json.json",
     {"{file}:/cases/0/expect/body: \"absent\" means no body, which contradicts the expected \"json\""}},
    {"header-two-modes.json",
     {"{file}:/cases/0/expect/headers/Allow: a header expectation has exactly one of \"value\", \"regex\", \"present\", \"absent\""}},
    {"min-greater-than-max.json", {"{file}:/cases/0/expect/match/~1age/min: min is greater than max"}},
    {"null-contradicts-type.json",
     {"{file}:/cases/0/expect/match/~1email/null: \"null\": true contradicts \"type\": \"string\""}},
    {"matcher-without-checks.json", {"{file}:/cases/0/expect/match/~1email: a matcher needs at least one check"}},
    {"lifecycle-unknown-action.json",
     {"{file}:/cases/0/steps/0/lifecycle: unknown lifecycle action \"reboot\"; expected restart, sigterm or kill"}},
    {"lifecycle-with-request.json",
     {"{file}:/cases/0/steps/0/request: a lifecycle step sends no request of its own, so it has no \"request\""}},
    {"lifecycle-restart-with-exit-code.json",
     {"{file}:/cases/0/steps/0/exit_code: \"exit_code\" judges a graceful stop: use it with \"lifecycle\": \"sigterm\""}},
    {"lifecycle-in-flight-without-expect.json", {"{file}:/cases/0/steps/0/in_flight: missing required member \"expect\""}},
    {"lifecycle-within-too-long.json", {"{file}:/cases/0/steps/0/within_ms: must be at most 60000"}},
    {"in-flight-on-request-step.json",
     {"{file}:/cases/0/steps/0/in_flight: \"in_flight\" belongs to a lifecycle step (one with \"lifecycle\")"}},
    {"tally-without-parallel.json",
     {"{file}:/cases/0/steps/0/tally: a tally counts the responses of a parallel step; add \"parallel\" greater than 1"}},
    {"tally-wrong-sum.json", {"{file}:/cases/0/steps/0/tally: the counts add up to 9, but the step sends 10 requests"}},
    {"tally-bad-status.json",
     {"{file}:/cases/0/steps/0/tally/2xx: tally keys are HTTP statuses from 100 to 599 (found \"2xx\")"}},
    {"lifecycle-kill-with-in-flight.json",
     {"{file}:/cases/0/steps/0/in_flight: a kill gives the service no chance to answer what is in flight; use \"sigterm\""}},
    {"retry-on-parallel-step.json",
     {"{file}:/cases/0/steps/0/retry: a parallel step is not retried (its copies race once); poll with a later single step"}},
    {"retry-without-within.json", {"{file}:/cases/0/steps/0/retry: missing required member \"within_ms\""}},
    {"retry-while-not-a-pointer.json",
     {"{file}:/cases/0/steps/0/retry/while/status: \"status\" is not a JSON pointer (it should look like \"/user/email\")"}},
    {"upstream-unknown-action.json",
     {"{file}:/cases/0/steps/0/upstream: unknown upstream action \"sideways\"; expected \"down\", \"up\" or {\"delay_ms\": N}"}},
    {"upstream-with-request.json",
     {"{file}:/cases/0/steps/0/request: an \"upstream\" step does only that, so it has no \"request\" (put it in a step of its own)"}},
    {"upstream-delay-zero.json", {"{file}:/cases/0/steps/0/upstream/delay_ms: must be between 1 and 60000, found 0"}},
    {"upstream-saw-count-zero-with-headers.json",
     {"{file}:/cases/0/steps/0/upstream_saw/headers: with \"count\": 0 no request is there to carry headers"}},
    {"upstream-saw-uncaptured.json", {"{file}:/cases/0/steps/0/upstream_saw: {{rid}} is not captured by an earlier step"}},
    {"body-file-escapes.json",
     {"{file}:/cases/0/steps/0/request/body_file: \"../secrets.json\" must be a path inside the file's directory"}},
    {"body-file-missing.json", {"{file}:/cases/0/steps/0/request/body_file: cannot read ", "testdata/nowhere.json"}},
    {"body-file-and-json.json",
     {"{file}:/cases/0/steps/0/request/body_file: a request has one body, but this one gives 2"}},
    {"body-repeat-too-big.json",
     {"{file}:/cases/0/steps/0/request/body_repeat/times: the body would be 100000000 bytes; at most 67108864 may be made"}},
    {"logs-empty.json", {"{file}:/cases/0/steps/1/logs: a logs step needs \"contains\", \"every_line\" or \"none\""}},
    {"logs-bad-regex.json", {"{file}:/cases/0/steps/1/logs/every_line: not a valid regular expression"}},
    {"logs-with-request.json",
     {"{file}:/cases/0/steps/0/request: a \"logs\" step does only that, so it has no \"request\" (put it in a step of its own)"}},
    {"logs-uncaptured.json", {"{file}:/cases/0/steps/1/logs: {{rid}} is not captured by an earlier step"}},
    {"metrics-bad-series.json", {"{file}:/cases/0/steps/0/metrics/series/http_requests_total{route=~1orders}: ",
                                 "is not a series: the value of the label route must be quoted"}},
    {"metrics-absent-with-value.json",
     {"{file}:/cases/0/steps/0/metrics/series/orders_created_total/absent: \"absent\" cannot be combined with a check on the value"}},
    {"metrics-no-check.json",
     {"{file}:/cases/0/steps/0/metrics/series/orders_created_total: a series needs at least one check"}},
    {"lifecycle-env-port.json",
     {"{file}:/cases/0/steps/0/env/PORT: ferry sets PORT itself; a case cannot change it",
      "{file}:/cases/0/steps/0/env/ORDERS_MAX_ITEMS: an environment value is a string, found an integer",
      "{file}:/cases/0/steps/0/args/1: an argument is a string, found an integer"}},
    {"member-name-with-newline.json",
     {"{file}:/cases/0/co\\ncept: unknown member \"co\\ncept\"; did you mean \"concept\"?",
      "{file}:/cases/0: missing required member \"concept\""}},
    {"upstream-saw-relative-path.json",
     {"{file}:/cases/0/steps/0/upstream_saw/path: a request target starts with '/', such as \"/todos?limit=1\""}},
    {"capture-not-a-pointer.json",
     {"{file}:/cases/0/steps/0/capture/id: \"id\" is neither a JSON pointer (\"/id\") nor \"header:Name\""}},
};

std::string substitute(std::string fragment, const std::string& file) {
  const std::string marker = "{file}";
  if (auto pos = fragment.find(marker); pos != std::string::npos) {
    fragment.replace(pos, marker.size(), file);
  }
  return fragment;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("a minimal valid contract loads into plain values", "[contract_loader]") {
  auto loaded = contract_from_json(json::parse(k_minimal), "mini.json");
  REQUIRE(loaded.has_value());
  const Contract& c = *loaded;
  CHECK(c.format_version == 1);
  CHECK(c.exercise == "99-mini");
  CHECK(c.source_path == "mini.json");
  CHECK(c.max_stage() == 1);
  REQUIRE(c.find_stage(1) != nullptr);
  CHECK(c.find_stage(1)->title == "It starts");
  CHECK(c.find_stage(2) == nullptr);
  REQUIRE(c.cases.size() == 1);
  const Case* health = c.find_case("health");
  REQUIRE(health != nullptr);
  CHECK(c.find_case("nope") == nullptr);
  CHECK(health->title == "GET /health");
  CHECK(health->kind == CaseKind::happy);
  CHECK(health->concept_tag == "router");
  CHECK(health->points == 1);
  CHECK(health->timeout_ms == 2000);
  CHECK(health->lesson == "lessons/99-mini.md#health");
  REQUIRE(health->steps.size() == 1);
  const Step& step = health->steps[0];
  CHECK(step.parallel == 1);
  CHECK(step.source == "mini.json:/cases/0");
  CHECK(step.request.method == "GET");
  CHECK(step.request.path == "/health");
  CHECK_FALSE(step.request.json.has_value());
  CHECK(step.expect.statuses == std::vector<int>{200});
  CHECK(step.expect.body.mode == BodyMode::subset);
  CHECK(step.expect.body.json == json::parse(R"({"status": "ok"})"));
  CHECK(step.expect.body.expects_json());
}

TEST_CASE("load_contract reads a file and keeps its path", "[contract_loader]") {
  ferry_test::TempDir dir;
  ferry_test::write_file(dir.file("c.json"), k_minimal);
  auto loaded = load_contract(dir.file("c.json"));
  REQUIRE(loaded.has_value());
  CHECK(loaded->source_path == dir.file("c.json"));
  CHECK(loaded->cases.at(0).steps.at(0).source == dir.file("c.json") + ":/cases/0");
}

TEST_CASE("the shipped exercise contracts load", "[contract_loader]") {
  auto manifest = load_manifest(ferry_test::source_path("exercises/manifest.json"));
  REQUIRE(manifest.has_value());
  REQUIRE_FALSE(manifest->exercises.empty());
  for (const auto& exercise : manifest->exercises) {
    INFO(exercise.contract);
    auto loaded = load_contract(ferry_test::source_path(exercise.contract));
    INFO((loaded ? std::string() : loaded.error()));
    REQUIRE(loaded.has_value());
    CHECK(loaded->exercise == exercise.id);
    CHECK_FALSE(loaded->cases.empty());
  }
}

TEST_CASE("defaults apply to cases that do not say otherwise", "[contract_loader]") {
  json doc = json::parse(k_minimal);
  doc["defaults"] = {{"timeout_ms", 500}, {"points", 3}};
  json second = doc["cases"][0];
  second["id"] = "health-again";
  second["points"] = 0;
  second["timeout_ms"] = 9000;
  doc["cases"].push_back(second);
  auto loaded = contract_from_json(doc, "c.json");
  REQUIRE(loaded.has_value());
  CHECK(loaded->cases[0].points == 3);
  CHECK(loaded->cases[0].timeout_ms == 500);
  CHECK(loaded->cases[1].points == 0);
  CHECK(loaded->cases[1].timeout_ms == 9000);
}

TEST_CASE("steps, captures and placeholders load", "[contract_loader]") {
  json doc = with_case(json::parse(R"({
    "request": null, "expect": null,
    "steps": [
      {"request": {"method": "POST", "path": "/users", "json": {"name": "ada"}},
       "expect": {"status": [201, 200]},
       "capture": {"id": "/id", "where": "header:Location"}},
      {"request": {"method": "GET", "path": "/users/{{id}}", "headers": {"X-From": "{{ where }}"}},
       "expect": {"status": 200, "json": {"id": "{{id}}"}, "body": "exact"}}
    ]
  })"));
  auto loaded = contract_from_json(doc, "c.json");
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.has_value());
  const auto& steps = loaded->cases[0].steps;
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].source == "c.json:/cases/0/steps/0");
  CHECK(steps[0].request.json == json::parse(R"({"name": "ada"})"));
  CHECK(steps[0].expect.statuses == std::vector<int>{201, 200});
  REQUIRE(steps[0].captures.size() == 2);
  std::map<std::string, Capture> by_name;
  for (const auto& cap : steps[0].captures) {
    by_name[cap.name] = cap;
  }
  CHECK(by_name["id"].pointer == "/id");
  CHECK(by_name["id"].header.empty());
  CHECK(by_name["where"].header == "location");  // header names compare in lower case
  CHECK(steps[1].request.path == "/users/{{id}}");
  REQUIRE(steps[1].request.headers.size() == 1);
  CHECK(steps[1].request.headers[0] == std::make_pair(std::string("X-From"), std::string("{{ where }}")));
  CHECK(steps[1].expect.body.mode == BodyMode::exact);
}

TEST_CASE("a step cannot use what it captures itself, only what earlier steps captured", "[contract_loader]") {
  json doc = with_case(json::parse(R"({
    "request": null, "expect": null,
    "steps": [
      {"request": {"method": "GET", "path": "/users/{{id}}"},
       "expect": {"status": 200},
       "capture": {"id": "/id"}}
    ]
  })"));
  auto loaded = contract_from_json(doc, "c.json");
  REQUIRE_FALSE(loaded.has_value());
  CHECK_THAT(loaded.error(), Catch::Contains("c.json:/cases/0/steps/0/request: {{id}} is not captured by an earlier step"));
}

TEST_CASE("expectations: header modes, body modes and matchers load as written", "[contract_loader]") {
  json doc = with_case(json::parse(R"({
    "request": {"method": "DELETE", "path": "/users/1", "body": "raw text"},
    "expect": {
      "status": 204,
      "headers": {"Allow": "GET", "X-Trace": {"regex": "^[0-9a-f]+$"}, "ETag": {"present": true},
                  "Set-Cookie": {"absent": true}},
      "body": "absent"
    }
  })"));
  auto loaded = contract_from_json(doc, "c.json");
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.has_value());
  const auto& step = loaded->cases[0].steps[0];
  CHECK(step.request.raw_body == std::optional<std::string>("raw text"));
  CHECK(step.expect.body.mode == BodyMode::absent);
  CHECK_FALSE(step.expect.body.expects_json());
  std::map<std::string, HeaderExpectation> headers;
  for (const auto& h : step.expect.headers) {
    headers[h.name] = h;
  }
  REQUIRE(headers.size() == 4);
  CHECK(headers["allow"].mode == HeaderExpectation::Mode::value);
  CHECK(headers["allow"].text == "GET");
  CHECK(headers["x-trace"].mode == HeaderExpectation::Mode::regex);
  CHECK(headers["x-trace"].text == "^[0-9a-f]+$");
  CHECK(headers["etag"].mode == HeaderExpectation::Mode::present);
  CHECK(headers["set-cookie"].mode == HeaderExpectation::Mode::absent);

  json matchers = with_case(json::parse(R"({
    "expect": {"status": 200, "match": {
      "/id": {"type": "integer", "min": 1, "max": 10},
      "/email": {"null": true},
      "/phone": {"absent": true},
      "/tags": {"length": 2, "non_empty": true},
      "/name": {"regex": "^a", "equals": "ada"},
      "/x": {"present": true}
    }}
  })"));
  auto with_matchers = contract_from_json(matchers, "c.json");
  INFO((with_matchers ? std::string() : with_matchers.error()));
  REQUIRE(with_matchers.has_value());
  const auto& body = with_matchers->cases[0].steps[0].expect.body;
  CHECK(body.expects_json());
  CHECK_FALSE(body.json.has_value());
  std::map<std::string, ValueMatcher> m;
  for (const auto& matcher : body.matchers) {
    m[matcher.pointer] = matcher;
  }
  REQUIRE(m.size() == 6);
  CHECK(m["/id"].type == std::optional<std::string>("integer"));
  CHECK(m["/id"].min == std::optional<double>(1));
  CHECK(m["/id"].max == std::optional<double>(10));
  CHECK(m["/email"].is_null);
  CHECK_FALSE(m["/email"].absent);
  CHECK(m["/phone"].absent);
  CHECK(m["/tags"].length == std::optional<std::size_t>(2));
  CHECK(m["/tags"].non_empty);
  CHECK(m["/name"].regex == std::optional<std::string>("^a"));
  CHECK(m["/name"].equals == std::optional<json>(json("ada")));
  CHECK(m["/x"].present);
}

TEST_CASE("every file of the malformed corpus has an expected message", "[contract_loader][malformed]") {
  auto files = corpus_files();
  CHECK(files.size() >= 15);
  for (const auto& name : files) {
    INFO(name);
    CHECK(k_corpus.count(name) == 1);
  }
  for (const auto& [name, fragments] : k_corpus) {
    INFO(name);
    CHECK(fs::exists(fs::path(corpus_dir()) / name));
  }
  // The NUL byte file must really hold one (written with printf).
  CHECK(ferry_test::read_file(corpus_dir() + "/nul-byte.json").find('\0') != std::string::npos);
}

TEST_CASE("malformed contracts are rejected with file:/json/pointer: message", "[contract_loader][malformed]") {
  for (const auto& [name, fragments] : k_corpus) {
    std::string path = corpus_dir() + "/" + name;
    auto loaded = load_contract(path);
    INFO("file: " << name);
    INFO("error: " << (loaded ? std::string("(none: it loaded)") : loaded.error()));
    REQUIRE_FALSE(loaded.has_value());
    for (const auto& fragment : fragments) {
      CHECK_THAT(loaded.error(), Catch::Contains(substitute(fragment, path)));
    }
    // Every line of the error names the file, so a learner knows where to look.
    std::size_t start = 0;
    const std::string& error = loaded.error();
    while (start < error.size()) {
      auto end = error.find('\n', start);
      std::string line = error.substr(start, end == std::string::npos ? std::string::npos : end - start);
      CHECK_THAT(line, Catch::StartsWith(path + ":"));
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
}

TEST_CASE("no malformed file crashes or throws any loader", "[contract_loader][malformed]") {
  for (const auto& name : corpus_files()) {
    std::string path = corpus_dir() + "/" + name;
    INFO(name);
    CHECK_NOTHROW([&] {
      auto contract = load_contract(path);
      CHECK_FALSE(contract.has_value());
      auto manifest = load_manifest(path);  // the same defensive reader, another schema
      CHECK_FALSE(manifest.has_value());
    }());
  }
}

TEST_CASE("a 5 MiB contract is refused before parsing", "[contract_loader][malformed]") {
  ferry_test::TempDir dir;
  std::string path = dir.file("huge.json");
  std::string doc = R"({"format_version": 1, "exercise": "x", "padding": ")" + std::string(5 * 1024 * 1024, 'a') + "\"}";
  ferry_test::write_file(path, doc);
  auto start = std::chrono::steady_clock::now();
  auto loaded = load_contract(path);
  REQUIRE_FALSE(loaded.has_value());
  CHECK(loaded.error() == path + ": the file is larger than the limit of 4194304 bytes");
  CHECK(ferry_test::ms_since(start) < 2000);
}

TEST_CASE("a directory or an unreadable path is an error, not a crash", "[contract_loader][malformed]") {
  ferry_test::TempDir dir;
  auto missing = load_contract(dir.file("missing.json"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() == dir.file("missing.json") + ": cannot open the file");
  CHECK_NOTHROW([&] {
    auto directory = load_contract(dir.path());
    CHECK_FALSE(directory.has_value());
  }());
}

TEST_CASE("several problems are all reported, one line each", "[contract_loader]") {
  json doc = json::parse(k_minimal);
  doc["exercise"] = "";
  doc["cases"][0]["stage"] = 9;
  doc["cases"][0]["request"]["method"] = "get";
  auto loaded = contract_from_json(doc, "c.json");
  REQUIRE_FALSE(loaded.has_value());
  CHECK_THAT(loaded.error(), Catch::Contains("c.json:/exercise: must not be empty"));
  CHECK_THAT(loaded.error(), Catch::Contains("c.json:/cases/0/stage: stage 9 is not declared in /stages"));
  CHECK_THAT(loaded.error(), Catch::Contains("c.json:/cases/0/request/method: unsupported method \"get\""));
  CHECK(std::count(loaded.error().begin(), loaded.error().end(), '\n') == 2);
}

TEST_CASE("capture names: letters, digits, '-' and '_' as the message says", "[contract_loader]") {
  // The loader accepts a capture name if it is a lower-case identifier OR merely
  // contains '_' (contract_loader.cpp:255), so its own message ("letters, digits,
  // '-' and '_'") is not what it enforces.
  auto load_with_capture = [](const std::string& name) {
    json doc = with_case(json::parse(R"({"request": null, "expect": null})"));
    doc["cases"][0]["steps"] = json::array({json::parse(R"({"request": {"method": "POST", "path": "/users"},
                                                           "expect": {"status": 201}})")});
    doc["cases"][0]["steps"][0]["capture"] = {{name, "/id"}};
    return contract_from_json(doc, "c.json");
  };
  CHECK(load_with_capture("user_id").has_value());
  CHECK(load_with_capture("user-id").has_value());
  CHECK(load_with_capture("userId").has_value());  // letters: upper case too
  CHECK_FALSE(load_with_capture("not a name_").has_value());
  CHECK_FALSE(load_with_capture("}}_").has_value());  // could never be written as {{...}}
}
