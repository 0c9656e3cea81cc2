// http/json_match: comparing a response body with the contract, difference by
// difference, each at its JSON pointer. Absent and null are different things.
#include "http/json_match.hpp"

#include <catch2/catch.hpp>

using namespace ferry::http;
using ferry::contract::BodyExpectation;
using ferry::contract::BodyMode;
using ferry::contract::ValueMatcher;
using nlohmann::json;

namespace {

json j(const char* text) { return json::parse(text); }

ValueMatcher matcher(const std::string& pointer) {
  ValueMatcher m;
  m.pointer = pointer;
  return m;
}

bool holds(const ValueMatcher& m, const char* body) { return !check_matcher(m, j(body)).has_value(); }

}  // namespace

TEST_CASE("subset mode allows extra members, exact mode reports them", "[json_match]") {
  CHECK(diff_json(j(R"({"a": 1})"), j(R"({"a": 1, "b": 2})"), true).empty());
  auto exact = diff_json(j(R"({"a": 1})"), j(R"({"a": 1, "b": 2})"), false);
  REQUIRE(exact.size() == 1);
  CHECK(exact[0].pointer == "/b");
  CHECK(exact[0].expected == "(absent)");
  CHECK(exact[0].actual == "2");
  // Subset applies at every depth, including inside arrays.
  CHECK(diff_json(j(R"({"users": [{"id": 1}]})"), j(R"({"users": [{"id": 1, "name": "ada"}], "n": 1})"), true).empty());
  CHECK(diff_json(j(R"({"users": [{"id": 1}]})"), j(R"({"users": [{"id": 1, "name": "ada"}]})"), false).size() == 1);
}

TEST_CASE("key order never matters", "[json_match]") {
  CHECK(json_equal(j(R"({"a": 1, "b": {"x": [1, 2], "y": null}})"), j(R"({"b": {"y": null, "x": [1, 2]}, "a": 1})")));
  CHECK(diff_json(j(R"({"b": 2, "a": 1})"), j(R"({"a": 1, "b": 2})"), false).empty());
}

TEST_CASE("numbers compare by value: 1 == 1.0", "[json_match]") {
  CHECK(json_equal(j("1"), j("1.0")));
  CHECK(json_equal(json(1u), json(1)));
  CHECK(json_equal(j(R"({"n": 10})"), j(R"({"n": 1e1})")));
  CHECK_FALSE(json_equal(j("1"), j("1.5")));
  CHECK_FALSE(json_equal(json(-1), json(18446744073709551615u)));
  CHECK_FALSE(json_equal(j("1"), j("\"1\"")));
  CHECK_FALSE(json_equal(j("0"), j("false")));
  auto diff = diff_json(j(R"({"n": 2})"), j(R"({"n": 2.5})"), true);
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].pointer == "/n");
  CHECK(diff[0].expected == "2");
  CHECK(diff[0].actual == "2.5");
}

TEST_CASE("null and absent are different", "[json_match]") {
  auto missing = diff_json(j(R"({"a": null})"), j("{}"), true);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].pointer == "/a");
  CHECK(missing[0].expected == "null");
  CHECK(missing[0].actual == "(absent)");

  auto extra_null = diff_json(j("{}"), j(R"({"a": null})"), false);
  REQUIRE(extra_null.size() == 1);
  CHECK(extra_null[0].pointer == "/a");
  CHECK(extra_null[0].expected == "(absent)");
  CHECK(extra_null[0].actual == "null");

  CHECK_FALSE(json_equal(j(R"({"a": null})"), j("{}")));
}

TEST_CASE("empty values are not null, and the rendering says which is which", "[json_match]") {
  struct Row {
    const char* expected;
    const char* actual;
    const char* shown_expected;
    const char* shown_actual;
  };
  const Row rows[] = {
      {"[]", "null", "[] (an empty array)", "null"},
      {"{}", "null", "{} (an empty object)", "null"},
      {"\"\"", "null", "\"\" (an empty string)", "null"},
      {"null", "\"\"", "null", "\"\" (an empty string)"},
      {"null", "{}", "null", "{} (an empty object)"},
      {"[]", "{}", "[] (an empty array)", "{} (an empty object)"},
  };
  for (const auto& row : rows) {
    INFO(row.expected << " vs " << row.actual);
    auto diff = diff_json(j(row.expected), j(row.actual), true);
    REQUIRE(diff.size() == 1);
    CHECK(diff[0].pointer.empty());
    CHECK(diff[0].expected == row.shown_expected);
    CHECK(diff[0].actual == row.shown_actual);
  }
}

TEST_CASE("arrays must have the expected length", "[json_match]") {
  auto diff = diff_json(j("[1, 2, 3]"), j("[1, 2]"), true);
  REQUIRE(diff.size() == 1);
  CHECK(diff[0].pointer.empty());
  CHECK(diff[0].expected == "an array of 3 elements: [1,2,3]");
  CHECK(diff[0].actual == "an array of 2 elements: [1,2]");
  CHECK(diff_json(j(R"({"users": []})"), j(R"({"users": [1]})"), true).at(0).pointer == "/users");
  auto order = diff_json(j("[1, 2]"), j("[2, 1]"), true);  // order matters in arrays
  CHECK(order.size() == 2);
}

TEST_CASE("differences are reported at escaped JSON pointers, in document order", "[json_match]") {
  auto diff = diff_json(j(R"({"a/b": {"c~d": 1}, "list": [{"x": 1}, {"x": 2}], "z": true})"),
                        j(R"({"a/b": {"c~d": 2}, "list": [{"x": 1}, {"x": 3}], "z": false})"), true);
  REQUIRE(diff.size() == 3);
  CHECK(diff[0].pointer == "/a~1b/c~0d");
  CHECK(diff[1].pointer == "/list/1/x");
  CHECK(diff[1].expected == "2");
  CHECK(diff[1].actual == "3");
  CHECK(diff[2].pointer == "/z");
  CHECK(diff[2].actual == "false");
}

TEST_CASE("render_json is compact, display-safe and bounded", "[json_match]") {
  CHECK(render_json(j(R"({"a": [1, "x"]})")) == R"({"a":[1,"x"]})");
  CHECK(render_json(json::object()) == "{} (an empty object)");
  CHECK(render_json(json::array()) == "[] (an empty array)");
  CHECK(render_json(json("")) == "\"\" (an empty string)");
  CHECK(render_json(json(nullptr)) == "null");

  std::string invalid = "ok \xFF\xFE bytes \xC3";  // not UTF-8
  std::string shown;
  REQUIRE_NOTHROW(shown = render_json(json(invalid)));
  CHECK_THAT(shown, Catch::Contains("\xEF\xBF\xBD"));  // U+FFFD replacement
  CHECK_THAT(shown, Catch::StartsWith("\"ok "));

  std::string long_text(1000, 'x');
  auto cut = render_json(json(long_text), 50);
  CHECK_THAT(cut, Catch::Contains("more bytes)"));
  CHECK(cut.size() < 80);
}

TEST_CASE("matcher type: integer accepts 7 and 7.0, not 7.5 or \"7\"", "[json_match]") {
  auto m = matcher("/n");
  m.type = "integer";
  CHECK(holds(m, R"({"n": 7})"));
  CHECK(holds(m, R"({"n": -7})"));
  CHECK(holds(m, R"({"n": 7.0})"));
  CHECK_FALSE(holds(m, R"({"n": 7.5})"));
  CHECK_FALSE(holds(m, R"({"n": "7"})"));
  CHECK_FALSE(holds(m, R"({"n": null})"));
  auto miss = check_matcher(m, j(R"({"n": "7"})"));
  REQUIRE(miss.has_value());
  CHECK(miss->pointer == "/n");
  CHECK(miss->expected == "of type integer");
  CHECK(miss->actual == "\"7\"");

  for (const char* type : {"number", "string", "boolean", "null", "object", "array"}) {
    INFO(type);
    m.type = type;
    const char* good = std::string(type) == "number" ? R"({"n": 7.5})"
                       : std::string(type) == "string" ? R"({"n": "x"})"
                       : std::string(type) == "boolean" ? R"({"n": false})"
                       : std::string(type) == "null" ? R"({"n": null})"
                       : std::string(type) == "object" ? R"({"n": {}})"
                                                       : R"({"n": []})";
    CHECK(holds(m, good));
  }
  m.type = "number";
  CHECK(holds(m, R"({"n": 7})"));
  m.type = "string";
  CHECK_FALSE(holds(m, R"({"n": 7})"));
  m.type = "object";
  CHECK_FALSE(holds(m, R"({"n": []})"));
}

TEST_CASE("matcher regex searches strings only", "[json_match]") {
  auto m = matcher("/email");
  m.regex = "^[a-z]+@example\\.com$";
  CHECK(holds(m, R"({"email": "ada@example.com"})"));
  CHECK_FALSE(holds(m, R"({"email": "Ada@example.com"})"));
  CHECK_FALSE(holds(m, R"({"email": 5})"));
  CHECK_FALSE(holds(m, R"({"email": null})"));
  CHECK_FALSE(holds(m, R"({})"));
  m.regex = "da";  // unanchored: a search, not a full match
  CHECK(holds(m, R"({"email": "ada"})"));
  auto miss = check_matcher(m, j(R"({"email": "bob"})"));
  REQUIRE(miss.has_value());
  CHECK(miss->expected == "matching /da/");
}

TEST_CASE("matcher min and max are inclusive and need a number", "[json_match]") {
  auto m = matcher("/age");
  m.min = 1;
  m.max = 10;
  CHECK(holds(m, R"({"age": 1})"));
  CHECK(holds(m, R"({"age": 10})"));
  CHECK(holds(m, R"({"age": 5.5})"));
  CHECK_FALSE(holds(m, R"({"age": 0.99})"));
  CHECK_FALSE(holds(m, R"({"age": 10.01})"));
  CHECK_FALSE(holds(m, R"({"age": "5"})"));
}

TEST_CASE("matcher length counts elements, members and string bytes", "[json_match]") {
  auto m = matcher("/v");
  m.length = 2;
  CHECK(holds(m, R"({"v": [1, 2]})"));
  CHECK(holds(m, R"({"v": {"a": 1, "b": 2}})"));
  CHECK(holds(m, R"({"v": "ab"})"));
  CHECK(holds(m, "{\"v\": \"\xC3\xA9\"}"));  // é is two bytes
  CHECK_FALSE(holds(m, R"({"v": [1]})"));
  CHECK_FALSE(holds(m, R"({"v": 22})"));
  CHECK_FALSE(holds(m, R"({"v": null})"));
}

TEST_CASE("matcher non_empty", "[json_match]") {
  auto m = matcher("/v");
  m.non_empty = true;
  CHECK(holds(m, R"({"v": "x"})"));
  CHECK(holds(m, R"({"v": [0]})"));
  CHECK(holds(m, R"({"v": {"a": null}})"));
  CHECK_FALSE(holds(m, R"({"v": ""})"));
  CHECK_FALSE(holds(m, R"({"v": []})"));
  CHECK_FALSE(holds(m, R"({"v": {}})"));
  CHECK_FALSE(holds(m, R"({"v": null})"));
  CHECK_FALSE(holds(m, R"({})"));
}

TEST_CASE("matchers null, absent and present tell null from absent", "[json_match]") {
  auto is_null = matcher("/email");
  is_null.is_null = true;
  CHECK(holds(is_null, R"({"email": null})"));
  CHECK_FALSE(holds(is_null, R"({})"));
  CHECK_FALSE(holds(is_null, R"({"email": ""})"));
  auto miss = check_matcher(is_null, j("{}"));
  REQUIRE(miss.has_value());
  CHECK(miss->expected == "null");
  CHECK(miss->actual == "(absent)");

  auto absent = matcher("/email");
  absent.absent = true;
  CHECK(holds(absent, R"({})"));
  CHECK(holds(absent, R"({"other": 1})"));
  CHECK_FALSE(holds(absent, R"({"email": null})"));
  auto there = check_matcher(absent, j(R"({"email": null})"));
  REQUIRE(there.has_value());
  CHECK(there->expected == "absent");
  CHECK(there->actual == "null");

  auto present = matcher("/email");
  present.present = true;
  CHECK(holds(present, R"({"email": null})"));
  CHECK(holds(present, R"({"email": "x"})"));
  CHECK_FALSE(holds(present, R"({})"));
}

TEST_CASE("matcher equals is deep and ignores key order and number form", "[json_match]") {
  auto m = matcher("/account");
  m.equals = j(R"({"iban": "X", "limits": [1, 2]})");
  CHECK(holds(m, R"({"account": {"limits": [1.0, 2], "iban": "X"}})"));
  CHECK_FALSE(holds(m, R"({"account": {"limits": [1, 2], "iban": "X", "extra": 1}})"));
  CHECK_FALSE(holds(m, R"({"account": null})"));
}

TEST_CASE("matchers on nested and escaped pointers", "[json_match]") {
  auto m = matcher("/a~1b/0/c~0d");
  m.equals = json(1);
  CHECK(holds(m, R"({"a/b": [{"c~d": 1}]})"));
  CHECK_FALSE(holds(m, R"({"a/b": [{"c/d": 1}]})"));
}

TEST_CASE("match_body combines the expected JSON and the matchers", "[json_match]") {
  BodyExpectation none;
  CHECK(match_body(none, std::nullopt).empty());  // nothing expected, nothing to say

  BodyExpectation expectation;
  expectation.mode = BodyMode::subset;
  expectation.json = j(R"({"status": "ok"})");
  auto not_json = match_body(expectation, std::nullopt);
  REQUIRE(not_json.size() == 1);
  CHECK(not_json[0].actual == "(not JSON)");
  CHECK(not_json[0].expected == R"({"status":"ok"})");

  CHECK(match_body(expectation, j(R"({"status": "ok", "extra": 1})")).empty());
  expectation.mode = BodyMode::exact;
  CHECK(match_body(expectation, j(R"({"status": "ok", "extra": 1})")).size() == 1);

  auto id = matcher("/id");
  id.type = "integer";
  expectation.matchers.push_back(id);
  auto both = match_body(expectation, j(R"({"status": "down", "id": "x"})"));
  REQUIRE(both.size() == 3);
  CHECK(both[0].pointer == "/status");  // the expected members first
  CHECK(both[1].pointer == "/id");  // exact mode: then the unexpected ones
  CHECK(both[1].expected == "(absent)");
  CHECK(both[2].pointer == "/id");  // then the matchers
  CHECK(both[2].expected == "of type integer");

  BodyExpectation only_matchers;
  only_matchers.matchers.push_back(id);
  auto missing_body = match_body(only_matchers, std::nullopt);
  REQUIRE(missing_body.size() == 1);
  CHECK(missing_body[0].expected == "a JSON body");
}
