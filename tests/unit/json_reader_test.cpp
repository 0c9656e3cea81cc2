// contract/json_reader: defensive parsing (size, nesting, emptiness) and the
// typed ObjectReader that reports `file:/pointer: message` instead of throwing.
#include "contract/json_reader.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ferry::contract;
using nlohmann::json;

namespace {

std::string nested(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

}  // namespace

TEST_CASE("parse_json_text parses ordinary JSON", "[json_reader]") {
  auto doc = parse_json_text(R"({"a": [1, 2.5, "x", null, true]})", "f.json");
  REQUIRE(doc.has_value());
  CHECK((*doc)["a"].size() == 5);
}

TEST_CASE("parse_json_text: an empty or blank file says so", "[json_reader]") {
  for (const char* text : {"", "   ", "\n\t \r\n"}) {
    auto doc = parse_json_text(text, "f.json");
    REQUIRE_FALSE(doc.has_value());
    CHECK(doc.error() == "f.json: the file is empty; expected a JSON object");
  }
}

TEST_CASE("parse_json_text: a syntax error names the line and column, without nlohmann's prefix", "[json_reader]") {
  auto doc = parse_json_text("{\n  \"a\": 1,\n  \"b\": }", "f.json");
  REQUIRE_FALSE(doc.has_value());
  CHECK_THAT(doc.error(), Catch::StartsWith("f.json: line 3, column "));
  CHECK_THAT(doc.error(), !Catch::Contains("json.exception"));

  auto trailing = parse_json_text("{} x", "f.json");
  REQUIRE_FALSE(trailing.has_value());
  CHECK_THAT(trailing.error(), Catch::StartsWith("f.json: line 1, column 4:"));
}

TEST_CASE("parse_json_text: nesting is limited before parsing", "[json_reader]") {
  CHECK(parse_json_text(nested(k_max_nesting), "f.json").has_value());
  auto deep = parse_json_text(nested(k_max_nesting + 1), "f.json");
  REQUIRE_FALSE(deep.has_value());
  CHECK(deep.error() == "f.json: line 1, column 65: nested deeper than 64 levels");

  auto very_deep = parse_json_text(nested(100000), "f.json");  // would overflow a recursive parser
  REQUIRE_FALSE(very_deep.has_value());
  CHECK_THAT(very_deep.error(), Catch::Contains("nested deeper than 64 levels"));

  // The line and column point at the bracket that went too deep.
  auto on_line_two = parse_json_text("{\"a\":\n" + nested(70) + "}", "f.json");
  REQUIRE_FALSE(on_line_two.has_value());
  CHECK(on_line_two.error() == "f.json: line 2, column 64: nested deeper than 64 levels");
}

TEST_CASE("parse_json_text: brackets inside strings do not count as nesting", "[json_reader]") {
  std::string brackets(500, '[');
  auto doc = parse_json_text("{\"text\": \"" + brackets + "\", \"quote\": \"\\\"[[[[\"}", "f.json");
  REQUIRE(doc.has_value());
  CHECK((*doc)["text"].get<std::string>().size() == 500);
}

TEST_CASE("parse_json_text: size is limited", "[json_reader]") {
  std::string at_limit = "\"" + std::string(k_max_file_bytes - 2, 'a') + "\"";
  CHECK(parse_json_text(at_limit, "f.json").has_value());
  std::string over = "\"" + std::string(k_max_file_bytes - 1, 'a') + "\"";
  auto doc = parse_json_text(over, "f.json");
  REQUIRE_FALSE(doc.has_value());
  CHECK(doc.error() == "f.json: the file is 4194305 bytes; the limit is 4194304");
}

TEST_CASE("parse_json_file: missing files and oversized files", "[json_reader]") {
  ferry_test::TempDir dir;
  auto missing = parse_json_file(dir.file("nope.json"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() == dir.file("nope.json") + ": cannot open the file");

  ferry_test::write_file(dir.file("big.json"), "[\"" + std::string(k_max_file_bytes, 'x') + "\"]");
  auto big = parse_json_file(dir.file("big.json"));
  REQUIRE_FALSE(big.has_value());
  CHECK(big.error() == dir.file("big.json") + ": the file is larger than the limit of 4194304 bytes");

  ferry_test::write_file(dir.file("ok.json"), "{\"a\": 1}");
  auto ok = parse_json_file(dir.file("ok.json"));
  REQUIRE(ok.has_value());
  CHECK((*ok)["a"] == 1);
}

TEST_CASE("Diagnostics formats file:/pointer: message lines", "[json_reader]") {
  Diagnostics diag("c.json");
  CHECK(diag.ok());
  diag.error("", "root problem");
  diag.error("/cases/0/id", "bad id");
  CHECK_FALSE(diag.ok());
  REQUIRE(diag.errors().size() == 2);
  CHECK(diag.errors()[0] == "c.json:/: root problem");
  CHECK(diag.joined() == "c.json:/: root problem\nc.json:/cases/0/id: bad id");
}

TEST_CASE("describe_type names JSON types for people", "[json_reader]") {
  CHECK(describe_type(json(nullptr)) == "null");
  CHECK(describe_type(json(true)) == "a boolean");
  CHECK(describe_type(json("s")) == "a string");
  CHECK(describe_type(json(1)) == "an integer");
  CHECK(describe_type(json(1u)) == "an integer");
  CHECK(describe_type(json(1.5)) == "a number");
  CHECK(describe_type(json::object()) == "an object");
  CHECK(describe_type(json::array()) == "an array");
}

TEST_CASE("ObjectReader reports unknown members with a suggestion, and ignores $schema and comments", "[json_reader]") {
  Diagnostics diag("c.json");
  json value = json::parse(R"({"stauts": 200, "$schema": "x", "// note": "y", "zzzzzzzz": 1})");
  ObjectReader reader(value, "/cases/0/expect", diag, {"status", "headers"});
  CHECK(reader.is_object());
  REQUIRE(diag.errors().size() == 2);
  CHECK(diag.errors()[0] == "c.json:/cases/0/expect/stauts: unknown member \"stauts\"; did you mean \"status\"?");
  CHECK(diag.errors()[1] == "c.json:/cases/0/expect/zzzzzzzz: unknown member \"zzzzzzzz\"");
}

TEST_CASE("ObjectReader on a non-object reports its type and reads nothing", "[json_reader]") {
  Diagnostics diag("c.json");
  json value = json::array({1});
  ObjectReader reader(value, "/stages/0", diag, {"stage"});
  CHECK_FALSE(reader.is_object());
  CHECK_FALSE(reader.has("stage"));
  CHECK(reader.get("stage") == nullptr);
  CHECK_FALSE(reader.string("title", true).has_value());
  REQUIRE(diag.errors().size() == 1);  // no extra "missing member" noise
  CHECK(diag.errors()[0] == "c.json:/stages/0: expected an object, found an array");
}

TEST_CASE("ObjectReader typed accessors", "[json_reader]") {
  Diagnostics diag("c.json");
  json value = json::parse(R"({
    "name": "ada", "empty": "", "n": 7, "neg": -3, "f": 1.5, "fint": 2.0, "huge": 18446744073709551615,
    "yes": true, "list": [1], "obj": {}, "nul": null, "a/b": "slash"
  })");
  std::vector<std::string> keys;
  for (const auto& [k, v] : value.items()) {
    keys.push_back(k);
  }
  ObjectReader r(value, "/x", diag, keys);
  REQUIRE(diag.ok());

  CHECK(r.string("name", true) == std::optional<std::string>("ada"));
  CHECK(r.string("empty", true, false) == std::optional<std::string>(""));
  CHECK(r.integer("n", true, 0, 10) == std::optional<std::int64_t>(7));
  CHECK(r.number("f", true) == std::optional<double>(1.5));
  CHECK(r.number("n", true) == std::optional<double>(7.0));
  CHECK(r.boolean("yes", true) == std::optional<bool>(true));
  CHECK(r.array("list", true) != nullptr);
  CHECK(r.object("obj", true) != nullptr);
  CHECK(r.any("nul", true) != nullptr);
  CHECK_FALSE(r.string("absent", false).has_value());
  CHECK(r.pointer_to("a/b") == "/x/a~1b");
  CHECK(diag.ok());

  CHECK_FALSE(r.string("empty", true).has_value());
  CHECK_FALSE(r.string("n", true).has_value());
  CHECK_FALSE(r.integer("neg", true, 0, 10).has_value());
  CHECK_FALSE(r.integer("f", true, 0, 10).has_value());
  CHECK_FALSE(r.integer("fint", true, 0, 10).has_value());
  CHECK_FALSE(r.integer("huge", true, 0, 1000).has_value());
  CHECK_FALSE(r.number("name", true).has_value());
  CHECK_FALSE(r.boolean("n", true).has_value());
  CHECK(r.array("obj", true) == nullptr);
  CHECK(r.object("list", true) == nullptr);
  CHECK_FALSE(r.string("missing", true).has_value());
  r.error("a/b", "custom");

  const std::vector<std::string> expected = {
      "c.json:/x/empty: must not be empty",
      "c.json:/x/n: expected a string, found an integer",
      "c.json:/x/neg: must be between 0 and 10, found -3",
      "c.json:/x/f: expected an integer, found a number",
      "c.json:/x/fint: expected an integer, found a number",
      "c.json:/x/huge: must be at most 1000",
      "c.json:/x/name: expected a number, found a string",
      "c.json:/x/n: expected true or false, found an integer",
      "c.json:/x/obj: expected an array, found an object",
      "c.json:/x/list: expected an object, found an array",
      "c.json:/x: missing required member \"missing\"",
      "c.json:/x/a~1b: custom",
  };
  CHECK(diag.errors() == expected);
}
