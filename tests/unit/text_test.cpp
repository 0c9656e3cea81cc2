// util/text: shell quoting, display truncation, lines, trimming, "did you mean".
#include "util/text.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ferry::util;

namespace {

/// Whether @p s is well-formed UTF-8 (no truncated or stray continuation bytes).
bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if ((c >> 5) == 0x6) {
      extra = 1;
    } else if ((c >> 4) == 0xE) {
      extra = 2;
    } else if ((c >> 3) == 0x1E) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size() && extra > 0) {
      return false;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

TEST_CASE("shell_quote output survives a round trip through /bin/sh", "[text]") {
  const std::vector<std::string> samples = {
      "plain",
      "",
      "two words",
      "it's",
      "'",
      "''",
      "a'b'c",
      "$HOME",
      "`id`",
      "$(echo injected)",
      "back\\slash",
      "new\nline",
      "tab\there",
      "*?[a-z]{x,y}",
      "\"double\" quotes",
      "semi;colon && rm -rf nothing | cat",
      "!bang #hash ~tilde",
      "{\"name\":\"O'Brien\",\"note\":\"50% off\"}",
      "-n",
      "caf\xC3\xA9 \xF0\x9F\x9A\xA2",
  };
  for (const auto& s : samples) {
    INFO("input: [" << s << "] quoted: " << shell_quote(s));
    CHECK(ferry_test::shell_output("printf %s " + shell_quote(s)) == s);
  }
}

TEST_CASE("shell_quote leaves plain words readable and quotes everything else", "[text]") {
  CHECK(shell_quote("http://127.0.0.1:8080/health") == "http://127.0.0.1:8080/health");
  CHECK(shell_quote("a-b_c.d/e@f%g+h=i:j,k") == "a-b_c.d/e@f%g+h=i:j,k");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("two words") == "'two words'");
  CHECK(shell_quote("it's") == "'it'\\''s'");
  CHECK(shell_quote("$x") == "'$x'");
}

TEST_CASE("truncate_for_display keeps short text and says how much it cut", "[text]") {
  CHECK(truncate_for_display("hello", 10) == "hello");
  CHECK(truncate_for_display("hello", 5) == "hello");
  CHECK(truncate_for_display("hello world", 5) == "hello… (6 more bytes)");
  CHECK(truncate_for_display("abc", 0) == "… (3 more bytes)");
}

TEST_CASE("truncate_for_display never cuts a UTF-8 character in half", "[text]") {
  // "h" + "é" (2 bytes) + "llo": a cut at byte 2 would split é.
  const std::string word = "h\xC3\xA9llo";
  auto cut = truncate_for_display(word, 2);
  CHECK(cut == "h… (5 more bytes)");
  CHECK(valid_utf8(cut));

  // A 4-byte emoji: every cut inside it steps back to its start.
  const std::string ship = "ab\xF0\x9F\x9A\xA2z";
  for (std::size_t max = 2; max < 6; ++max) {
    INFO("max_bytes = " << max);
    auto out = truncate_for_display(ship, max);
    CHECK(out.rfind("ab…", 0) == 0);
    CHECK(valid_utf8(out));
  }
  CHECK(truncate_for_display(ship, 6) == "ab\xF0\x9F\x9A\xA2… (1 more bytes)");
}

TEST_CASE("split_lines and last_lines", "[text]") {
  CHECK(split_lines("").empty());
  CHECK(split_lines("a\nb\n") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("a\nb") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("a\r\nb\r\n") == std::vector<std::string>{"a", "b"});
  CHECK(split_lines("a\n\nb") == std::vector<std::string>{"a", "", "b"});
  CHECK(split_lines("\n") == std::vector<std::string>{""});

  CHECK(last_lines("1\n2\n3\n", 2) == std::vector<std::string>{"2", "3"});
  CHECK(last_lines("1\n2\n3\n", 10) == std::vector<std::string>{"1", "2", "3"});
  CHECK(last_lines("1\n2\n3\n", 0).empty());
}

TEST_CASE("to_lower and trim", "[text]") {
  CHECK(to_lower("Content-TYPE") == "content-type");
  CHECK(to_lower("\xC3\x89") == "\xC3\x89");  // bytes above ASCII are left alone
  CHECK(trim("  \t a b \n") == "a b");
  CHECK(trim("   ").empty());
  CHECK(trim("x") == "x");
}

TEST_CASE("edit_distance is the Levenshtein distance", "[text]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("same", "same") == 0);
  CHECK(edit_distance("stauts", "status") == 2);
}

TEST_CASE("closest_match suggests a likely typo and nothing for a stranger", "[text]") {
  const std::vector<std::string> members = {"status", "headers", "body", "json", "match"};
  CHECK(closest_match("stauts", members) == "status");
  CHECK(closest_match("Status", members) == "status");
  CHECK(closest_match("header", members) == "headers");
  CHECK(closest_match("jsno", members) == "json");
  CHECK(closest_match("completely-different", members).empty());
  CHECK(closest_match("x", {}).empty());
}

TEST_CASE("format_duration_ms picks a readable unit", "[text]") {
  CHECK(format_duration_ms(85) == "85 ms");
  CHECK(format_duration_ms(1400) == "1.4 s");
  CHECK(format_duration_ms(0.25) == "0.25 ms");
  CHECK(format_duration_ms(12'000) == "12.0 s");
}

TEST_CASE("strip_terminal_controls drops colours and escapes a service printed", "[text]") {
  using ferry::util::strip_terminal_controls;
  // tracing-subscriber's coloured level and dimmed target
  CHECK(strip_terminal_controls("\x1b[2m2026-11-21T20:00:00Z\x1b[0m \x1b[32m INFO\x1b[0m listening") ==
        "2026-11-21T20:00:00Z  INFO listening");
  CHECK(strip_terminal_controls("a\x1b]0;pwned title\x07" "b") == "ab");  // OSC, ended by BEL
  CHECK(strip_terminal_controls("a\x1b]0;t\x1b\\b") == "ab");  // OSC, ended by ST
  CHECK(strip_terminal_controls("clear\x1b[2J\x1b[Hdone") == "cleardone");
  CHECK(strip_terminal_controls("bell\x07 and \x08" "back") == "bell? and ?back");
  CHECK(strip_terminal_controls("tab\tkept, ünïcode kept") == "tab\tkept, ünïcode kept");
  CHECK(strip_terminal_controls("cut \x1b[3") == "cut ");  // an escape cut off at the end
}

TEST_CASE("quoted_tail: the last lines, indented, without terminal controls", "[text]") {
  CHECK(quoted_tail("one\ntwo\n\x1b[31mthree\x1b[0m\n", 2) == "\n    two\n    three");
  CHECK(quoted_tail("", 3).empty());
}
