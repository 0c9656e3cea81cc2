// grading/diagnostics: cargo's JSON messages read back into text and counts by code.
#include "grading/diagnostics.hpp"

#include <catch2/catch.hpp>

using namespace ferry::grading;

TEST_CASE("parse_cargo_messages: rendered text, errors by code, summaries and artifacts dropped", "[diagnostics]") {
  std::string output =
      R"({"reason":"compiler-artifact","package_id":"serde 1.0.0","target":{"name":"serde"}})"
      "\n"
      R"({"reason":"compiler-message","message":{"rendered":"error[E0382]: borrow of moved value: `s`\n","level":"error","message":"borrow of moved value: `s`","code":{"code":"E0382","explanation":"..."},"spans":[{"file_name":"src/main.rs"}]}})"
      "\n"
      R"({"reason":"compiler-message","message":{"rendered":"error[E0382]: borrow of moved value: `t`\n","level":"error","message":"borrow of moved value: `t`","code":{"code":"E0382"},"spans":[{"file_name":"src/main.rs"}]}})"
      "\n"
      R"({"reason":"compiler-message","message":{"rendered":"warning: unused variable: `x`\n","level":"warning","message":"unused variable: `x`","code":{"code":"unused_variables"},"spans":[{"file_name":"src/main.rs"}]}})"
      "\n"
      R"({"reason":"compiler-message","message":{"rendered":"error: aborting due to 2 previous errors\n","level":"error","message":"aborting due to 2 previous errors","code":null,"spans":[]}})"
      "\n"
      "error: could not compile `hello` (bin \"hello\") due to 2 previous errors\n"
      R"({"reason":"build-finished","success":false})"
      "\n";
  auto parsed = parse_cargo_messages(output);
  REQUIRE(parsed.diagnostics.size() == 2);
  CHECK(parsed.diagnostics[0].code == "E0382");
  CHECK(parsed.diagnostics[0].level == "error");
  CHECK(parsed.diagnostics[0].count == 2);
  CHECK(parsed.diagnostics[0].message == "borrow of moved value: `s`");
  CHECK(parsed.diagnostics[1].code == "unused_variables");
  CHECK(parsed.rendered.find("error[E0382]: borrow of moved value: `t`") != std::string::npos);
  CHECK(parsed.rendered.find("aborting due to 2 previous errors") != std::string::npos);
  CHECK(parsed.rendered.find("could not compile `hello`") != std::string::npos);
  CHECK(parsed.rendered.find("compiler-artifact") == std::string::npos);
  CHECK(parsed.rendered.find("build-finished") == std::string::npos);
}

TEST_CASE("parse_cargo_messages keeps lines that are not JSON, or broken JSON, as text", "[diagnostics]") {
  auto parsed = parse_cargo_messages("   Compiling hello\n{not json\n");
  CHECK(parsed.diagnostics.empty());
  CHECK(parsed.rendered == "   Compiling hello\n{not json\n");
}

TEST_CASE("is_borrow_checker_code: moves, borrows and lifetimes, not type errors", "[diagnostics]") {
  for (const char* code : {"E0382", "E0499", "E0502", "E0505", "E0597", "E0716"}) {
    CHECK(is_borrow_checker_code(code));
  }
  CHECK_FALSE(is_borrow_checker_code("E0308"));
  CHECK_FALSE(is_borrow_checker_code(""));
}
