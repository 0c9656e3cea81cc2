// util/regex_cache: a pattern is compiled once and reused; a bad one throws and is not kept.
#include "util/regex_cache.hpp"

#include <catch2/catch.hpp>

using ferry::util::compiled_regex;
using ferry::util::RegexCase;

TEST_CASE("a pattern is compiled once and the same regex is handed out again", "[regex_cache]") {
  const std::regex& first = compiled_regex("^[0-9]+$", RegexCase::sensitive);
  const std::regex& again = compiled_regex("^[0-9]+$", RegexCase::sensitive);
  CHECK(&first == &again);
  CHECK(std::regex_search("123", first));
}

TEST_CASE("case-insensitive and case-sensitive compilations are kept apart", "[regex_cache]") {
  CHECK(std::regex_search("NO-STORE", compiled_regex("no-store", RegexCase::insensitive)));
  CHECK_FALSE(std::regex_search("NO-STORE", compiled_regex("no-store", RegexCase::sensitive)));
}

TEST_CASE("a pattern that does not compile throws each time", "[regex_cache]") {
  CHECK_THROWS_AS(compiled_regex("([a-z", RegexCase::sensitive), std::regex_error);
  CHECK_THROWS_AS(compiled_regex("([a-z", RegexCase::sensitive), std::regex_error);
}
