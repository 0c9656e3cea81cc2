// util/json_pointer: RFC 6901 pointers, built while walking and resolved without throwing.
#include "util/json_pointer.hpp"

#include <catch2/catch.hpp>

using ferry::util::escape_pointer_token;
using ferry::util::is_valid_pointer;
using ferry::util::pointer_append;
using ferry::util::resolve_pointer;
using nlohmann::json;

TEST_CASE("escape_pointer_token escapes ~ and / (in that order)", "[json_pointer]") {
  CHECK(escape_pointer_token("plain") == "plain");
  CHECK(escape_pointer_token("a/b") == "a~1b");
  CHECK(escape_pointer_token("m~n") == "m~0n");
  CHECK(escape_pointer_token("~/") == "~0~1");
  CHECK(escape_pointer_token("~1") == "~01");  // not "~1" read back as "/"
  CHECK(escape_pointer_token("").empty());
}

TEST_CASE("pointer_append builds child pointers", "[json_pointer]") {
  CHECK(pointer_append("", "cases") == "/cases");
  CHECK(pointer_append("/cases", std::size_t{3}) == "/cases/3");
  CHECK(pointer_append("/match", "/user/email") == "/match/~1user~1email");
  CHECK(pointer_append("", "") == "/");
}

TEST_CASE("is_valid_pointer accepts RFC 6901 syntax only", "[json_pointer]") {
  CHECK(is_valid_pointer(""));
  CHECK(is_valid_pointer("/"));
  CHECK(is_valid_pointer("/a/b"));
  CHECK(is_valid_pointer("/a~0b/c~1d"));
  CHECK(is_valid_pointer("//"));
  CHECK_FALSE(is_valid_pointer("a"));
  CHECK_FALSE(is_valid_pointer("a/b"));
  CHECK_FALSE(is_valid_pointer("/~"));
  CHECK_FALSE(is_valid_pointer("/~2"));
  CHECK_FALSE(is_valid_pointer("/a~"));
  CHECK_FALSE(is_valid_pointer("#/a"));
}

TEST_CASE("resolve_pointer finds members, unescaping tokens", "[json_pointer]") {
  const json doc = json::parse(R"({
    "a/b": 1, "m~n": 2, "~1": "tilde-one", "": {"x": "empty key"},
    "user": {"email": null, "tags": ["x", "y"]}
  })");
  CHECK(resolve_pointer(doc, "") == doc);
  CHECK(resolve_pointer(doc, "/a~1b") == json(1));
  CHECK(resolve_pointer(doc, "/m~0n") == json(2));
  CHECK(resolve_pointer(doc, "/~01") == json("tilde-one"));
  CHECK(resolve_pointer(doc, "/") == json::parse(R"({"x": "empty key"})"));
  CHECK(resolve_pointer(doc, "//x") == json("empty key"));
  CHECK(resolve_pointer(doc, "/user/tags/1") == json("y"));
}

TEST_CASE("resolve_pointer: null that is there is not absent", "[json_pointer]") {
  const json doc = json::parse(R"({"email": null})");
  auto found = resolve_pointer(doc, "/email");
  REQUIRE(found.has_value());
  CHECK(found->is_null());
  CHECK_FALSE(resolve_pointer(doc, "/phone").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/email/domain").has_value());
}

TEST_CASE("resolve_pointer on arrays: decimal indexes only, in range", "[json_pointer]") {
  const json doc = json::parse(R"({"arr": [10, 20, 30], "n": 5})");
  CHECK(resolve_pointer(doc, "/arr/0") == json(10));
  CHECK(resolve_pointer(doc, "/arr/2") == json(30));
  CHECK_FALSE(resolve_pointer(doc, "/arr/3").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/01").has_value());  // leading zero
  CHECK_FALSE(resolve_pointer(doc, "/arr/00").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/-").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/-1").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/+1").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/1x").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/arr/99999999999999999999999").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/n/0").has_value());  // a number has no members
  CHECK_FALSE(resolve_pointer(doc, "/arr/0/x").has_value());
}

TEST_CASE("resolve_pointer rejects a malformed pointer instead of guessing", "[json_pointer]") {
  const json doc = json::parse(R"({"a": 1, "~2": 3})");
  CHECK_FALSE(resolve_pointer(doc, "a").has_value());
  CHECK_FALSE(resolve_pointer(doc, "/~2").has_value());
}
