// http/template: {{name}} placeholders filled from captures, keeping JSON types.
#include "http/template.hpp"

#include <catch2/catch.hpp>

using namespace ferry::http;
using nlohmann::json;

namespace {

const Captures k_captures = {
    {"id", json(7)},
    {"name", json("ada")},
    {"ratio", json(0.5)},
    {"nothing", json(nullptr)},
    {"account", json::parse(R"({"iban": "X"})")},
    {"yes", json(true)},
};

}  // namespace

TEST_CASE("fill_text writes strings as they are and other values as JSON", "[template]") {
  CHECK(fill_text("/users/{{id}}", k_captures) == "/users/7");
  CHECK(fill_text("/hello?name={{name}}", k_captures) == "/hello?name=ada");  // no quotes
  CHECK(fill_text("{{ id }}-{{name}}", k_captures) == "7-ada");
  CHECK(fill_text("{{account}}", k_captures) == R"({"iban":"X"})");
  CHECK(fill_text("{{nothing}}/{{yes}}/{{ratio}}", k_captures) == "null/true/0.5");
  CHECK(fill_text("no placeholders", k_captures) == "no placeholders");
  CHECK(fill_text("", k_captures).empty());
}

TEST_CASE("fill_text leaves unknown and unterminated placeholders alone", "[template]") {
  CHECK(fill_text("/users/{{unknown}}", k_captures) == "/users/{{unknown}}");
  CHECK(fill_text("/users/{{id", k_captures) == "/users/{{id");
  CHECK(fill_text("{{id}} and {{id", k_captures) == "7 and {{id");
  CHECK(fill_text("}}{{id}}{{", k_captures) == "}}7{{");
  CHECK(fill_text("{{}}", k_captures) == "{{}}");
}

TEST_CASE("fill_json: a string that is exactly one placeholder takes the captured type", "[template]") {
  auto filled = fill_json(json::parse(R"({"id": "{{id}}", "spaced": "{{ id }}", "acct": "{{account}}",
                                          "none": "{{nothing}}", "flag": "{{yes}}"})"),
                          k_captures);
  CHECK(filled["id"] == json(7));
  CHECK(filled["id"].is_number_integer());
  CHECK(filled["spaced"] == json(7));
  CHECK(filled["acct"] == json::parse(R"({"iban": "X"})"));
  CHECK(filled["none"].is_null());
  CHECK(filled["flag"] == json(true));
}

TEST_CASE("fill_json: placeholders inside longer strings give strings", "[template]") {
  auto filled = fill_json(json::parse(R"({"path": "/users/{{id}}", "two": "{{id}}{{name}}", "unknown": "{{nope}}"})"),
                          k_captures);
  CHECK(filled["path"] == json("/users/7"));
  CHECK(filled["two"] == json("7ada"));
  CHECK(filled["unknown"] == json("{{nope}}"));
}

TEST_CASE("fill_json walks arrays and objects and leaves other values and keys alone", "[template]") {
  json input = json::parse(R"({"list": ["{{id}}", 3, null, false, {"deep": ["{{name}}"]}], "{{id}}": 1.5})");
  auto filled = fill_json(input, k_captures);
  CHECK(filled == json::parse(R"({"list": [7, 3, null, false, {"deep": ["ada"]}], "{{id}}": 1.5})"));
  CHECK(fill_json(json(42), k_captures) == json(42));
  CHECK(fill_json(json::parse(R"("{{id}}")"), {}) == json("{{id}}"));
}
