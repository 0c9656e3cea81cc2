// report/terminal_reporter: what the learner reads — the failure block (first
// difference, curl line, service output, hint, lesson) and the verdict.
#include "report/terminal_reporter.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

using namespace ferry;
using report::TerminalOptions;
using report::TerminalReporter;

namespace {

/// A FILE* writing into memory, read back with text().
class MemoryFile {
public:
  MemoryFile() : m_file(open_memstream(&m_buffer, &m_size)) {}
  ~MemoryFile() {
    std::fclose(m_file);
    std::free(m_buffer);
  }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  std::FILE* get() { return m_file; }
  std::string text() {
    std::fflush(m_file);
    return std::string(m_buffer, m_size);
  }

private:
  char* m_buffer = nullptr;
  std::size_t m_size = 0;
  std::FILE* m_file;
};

contract::Contract make_contract() {
  contract::Contract c;
  c.exercise = "02-users";
  c.stages = {{1, "Users exist"}, {2, "The nil account"}};
  for (int i = 0; i < 8; ++i) {
    contract::Case kase;
    kase.id = "case-" + std::to_string(i);
    kase.title = "case number " + std::to_string(i);
    kase.stage = i < 4 ? 1 : 2;
    kase.points = 2;
    kase.hint = "Look at case " + std::to_string(i) + "'s handler.";
    kase.lesson = "lessons/02-users.md#case-" + std::to_string(i);
    c.cases.push_back(kase);
  }
  return c;
}

grading::CaseResult failing(const contract::Case& c) {
  grading::CaseResult r;
  r.c = &c;
  r.status = grading::CaseStatus::fail;
  r.port = 4321;
  r.outcome.passed = false;
  r.outcome.step_count = 2;
  r.outcome.failing_step = 1;
  r.outcome.summary = "body at /account: expected null, got {} (an empty object)";
  r.outcome.differences = {{"body at /account", "null", "{} (an empty object)"},
                           {"body at /email", "null", "\"\" (an empty string)"}};
  http::WireRequest request;
  request.method = "POST";
  request.path = "/users";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"name":"O'Brien"})";
  request.has_body = true;
  r.outcome.request = request;
  http::WireResponse response;
  response.status = 201;
  response.headers = {{"content-type", "application/json"}};
  response.body = R"({"account":{},"email":""})";
  r.outcome.response = response;
  r.output = "listening on 127.0.0.1:4321\nPOST /users\ncreated user 1\n";
  return r;
}

grading::CheckResult verdict(const contract::Contract& c, grading::Outcome outcome, int passed) {
  grading::CheckResult result;
  result.exercise = c.exercise;
  result.outcome = outcome;
  result.max_stage = 2;
  result.stage_limit = 2;
  for (std::size_t i = 0; i < c.cases.size(); ++i) {
    grading::CaseResult r;
    r.c = &c.cases[i];
    r.status = static_cast<int>(i) < passed ? grading::CaseStatus::pass : grading::CaseStatus::fail;
    result.cases.push_back(r);
  }
  result.points = 2 * passed;
  result.max_points = 2 * static_cast<int>(c.cases.size());
  result.stage_reached = passed >= 8 ? 2 : passed >= 4 ? 1 : 0;
  return result;
}

}  // namespace

TEST_CASE("a failing case prints the first difference, the curl line, the output, the hint and the lesson", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  reporter.begin(c, grading::Implementation{});
  auto r = failing(c.cases[0]);
  reporter.case_finished(r);
  reporter.end(c, verdict(c, grading::Outcome::fail, 0));
  std::string text = out.text();
  INFO(text);
  CHECK_THAT(text, Catch::StartsWith("ferry check 02-users — your port\n"));
  CHECK_THAT(text, Catch::Contains("Stage 1 · Users exist\n"));
  CHECK_THAT(text, Catch::Contains("  ✗ case-0"));
  CHECK_THAT(text, Catch::Contains("      at step 2 of 2\n"));
  CHECK_THAT(text, Catch::Contains("      body at /account: expected null, got {} (an empty object)\n"));
  CHECK_THAT(text, Catch::Contains("(and 1 more difference; -v shows them all)"));
  CHECK_THAT(text, !Catch::Contains("body at /email"));
  CHECK_THAT(text, Catch::Contains("      got 201 application/json {\"account\":{},\"email\":\"\"}\n"));
  CHECK_THAT(text, Catch::Contains("      try: curl -sS -i -g -X POST http://127.0.0.1:4321/users -H 'Content-Type: application/json' "
                                   "--data-raw '{\"name\":\"O'\\''Brien\"}'\n"));
  CHECK_THAT(text, Catch::Contains("      your service printed:\n        │ listening on 127.0.0.1:4321\n"
                                   "        │ POST /users\n        │ created user 1\n"));
  CHECK_THAT(text, Catch::Contains("      hint: Look at case 0's handler.\n"));
  CHECK_THAT(text, Catch::Contains("      read: lessons/02-users.md#case-0\n"));
  CHECK_THAT(text, Catch::Contains("FAIL 02-users: 0 of 8 cases passed · 0/16 points · stage 0 of 2 complete\n"));
  CHECK_THAT(text, Catch::EndsWith("next: make case-0 pass (stage 1), then ferry check 02-users again; stuck? ferry hint 02-users\n"));
  CHECK(text.find("\x1b[") == std::string::npos);  // colour off means no escape codes
  // The order a learner reads it in.
  CHECK(text.find("expected null") < text.find("try: curl"));
  CHECK(text.find("try: curl") < text.find("hint:"));
  CHECK(text.find("hint:") < text.find("read:"));
  CHECK(text.find("read:") < text.find("FAIL 02-users"));
}

TEST_CASE("verbose shows every difference", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalOptions options;
  options.verbose = true;
  TerminalReporter reporter(out.get(), options);
  reporter.begin(c, grading::Implementation{});
  reporter.case_finished(failing(c.cases[0]));
  std::string text = out.text();
  CHECK_THAT(text, Catch::Contains("      body at /email: expected null, got \"\" (an empty string)\n"));
  CHECK_THAT(text, !Catch::Contains("-v shows them all"));
}

TEST_CASE("colour on paints the marks, the text stays the same", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalOptions options;
  options.color = true;
  TerminalReporter reporter(out.get(), options);
  reporter.begin(c, grading::Implementation{});
  reporter.case_finished(failing(c.cases[0]));
  std::string text = out.text();
  CHECK_THAT(text, Catch::Contains("\x1b[31m✗\x1b[0m"));
  CHECK_THAT(text, Catch::Contains("\x1b[33mhint:\x1b[0m Look at case 0's handler."));
}

TEST_CASE("after max_detailed_failures, failures take one line each", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalOptions options;
  options.max_detailed_failures = 2;
  TerminalReporter reporter(out.get(), options);
  reporter.begin(c, grading::Implementation{});
  for (int i = 0; i < 4; ++i) {
    reporter.case_finished(failing(c.cases[static_cast<std::size_t>(i)]));
  }
  reporter.end(c, verdict(c, grading::Outcome::fail, 0));
  std::string text = out.text();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("hint: Look at case 1's handler."));
  CHECK_THAT(text, !Catch::Contains("hint: Look at case 2's handler."));
  auto case3 = text.find("✗ case-3");
  REQUIRE(case3 != std::string::npos);
  CHECK(text.find("      body at /account: expected null, got {} (an empty object)\n", case3) != std::string::npos);
  CHECK_THAT(text, Catch::Contains("(2 more failures shown in one line; -v shows every failure in full)"));
}

TEST_CASE("passing cases are one line, stage headers appear once per stage", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  reporter.begin(c, grading::Implementation{});
  auto result = verdict(c, grading::Outcome::pass, 8);
  for (const auto& r : result.cases) {
    reporter.case_finished(r);
  }
  reporter.end(c, result);
  std::string text = out.text();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("  ✓ case-0"));
  CHECK(text.find("Stage 1 · Users exist") == text.rfind("Stage 1 · Users exist"));
  CHECK_THAT(text, Catch::Contains("Stage 2 · The nil account"));
  CHECK_THAT(text, !Catch::Contains("hint:"));
  CHECK_THAT(text, Catch::Contains("PASS 02-users: 8 of 8 cases passed · 16/16 points · stage 2 of 2 complete\n"));
  CHECK_THAT(text, Catch::EndsWith("next: exercise complete — ferry list shows what comes next\n"));
}

TEST_CASE("a pass of the first stages points to the next stage", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalOptions options;
  options.command_name = "./ferry";
  TerminalReporter reporter(out.get(), options);
  reporter.begin(c, grading::Implementation{});
  auto result = verdict(c, grading::Outcome::pass, 4);
  result.cases.resize(4);
  result.stage_limit = 1;
  result.max_points = 8;
  reporter.end(c, result);
  std::string text = out.text();
  CHECK_THAT(text, Catch::Contains("PASS 02-users: 4 of 4 cases passed · 8/8 points · stages 1–1 of 2 run\n"));
  CHECK_THAT(text, Catch::EndsWith("next: ./ferry check 02-users --stage 2\n"));
}

TEST_CASE("a build failure shows the compiler's words, capped", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  reporter.begin(c, grading::Implementation{});
  reporter.build_started("cargo build --quiet -p users", true);
  grading::BuildOutcome build;
  build.command = "cargo build --quiet -p users";
  for (int i = 0; i < 50; ++i) {
    build.output += "error[E0308]: line " + std::to_string(i) + "\n";
  }
  reporter.build_finished(build);
  reporter.end(c, verdict(c, grading::Outcome::build_error, 0));
  std::string text = out.text();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("  build  cargo build --quiet -p users  (first build: compiling dependencies can take a few minutes)\n"));
  CHECK_THAT(text, Catch::Contains("Your code does not compile yet"));
  CHECK_THAT(text, Catch::Contains("    error[E0308]: line 39\n"));
  CHECK_THAT(text, !Catch::Contains("line 40\n"));
  CHECK_THAT(text, Catch::Contains("… 10 more lines"));
  CHECK_THAT(text, Catch::Contains("02-users: build failed, no case was run\n"));
  CHECK_THAT(text, Catch::Contains("next: fix the first compiler error above"));
}

TEST_CASE("a service that did not start: the sentence and its last output", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  reporter.begin(c, grading::Implementation{});
  reporter.service_failed_to_start("your service exited with code 101 before answering GET /health",
                                   "thread 'main' panicked at src/main.rs:3:5\nPORT is not set\n");
  reporter.service_failed_to_start("your service is running but did not listen on port 1", "");
  reporter.end(c, verdict(c, grading::Outcome::start_error, 0));
  std::string text = out.text();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("✗ your service exited with code 101 before answering GET /health.\n"
                                   "  Its last output was:\n    │ thread 'main' panicked at src/main.rs:3:5\n    │ PORT is not set\n"));
  CHECK_THAT(text, Catch::Contains("did not listen on port 1.\n  It printed nothing.\n"));
  CHECK_THAT(text, Catch::Contains("02-users: the service did not start, no case was run\n"));
  CHECK_THAT(text, Catch::Contains("next: make it listen on 127.0.0.1:$PORT and answer GET /health with 200"));
}

TEST_CASE("a learner's service that panicked at start is pointed at the panic", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  reporter.begin(c, grading::Implementation{});
  auto result = verdict(c, grading::Outcome::start_error, 0);
  result.start_failure = "your service exited with code 101 before answering GET /health; it panicked: "
                         "thread 'main' panicked at src/main.rs:9:5: not yet implemented";
  reporter.end(c, result);
  std::string text = out.text();
  CHECK_THAT(text, Catch::Contains("next: the panic above is where to work (a todo!() is a panic too), then ferry check 02-users\n"));
  CHECK_THAT(text, !Catch::Contains("make it listen on"));
}

TEST_CASE("a reference run gets a verdict but no learner advice", "[terminal_reporter]") {
  auto c = make_contract();
  MemoryFile out;
  TerminalReporter reporter(out.get(), TerminalOptions{});
  grading::Implementation rust{grading::ImplKind::rust, "", ""};
  reporter.begin(c, rust);
  reporter.end(c, verdict(c, grading::Outcome::fail, 3));
  std::string text = out.text();
  CHECK_THAT(text, Catch::StartsWith("ferry check 02-users — the Rust reference\n"));
  CHECK_THAT(text, Catch::Contains("FAIL 02-users: 3 of 8 cases passed"));
  CHECK_THAT(text, !Catch::Contains("next:"));
}

TEST_CASE("should_color is off for a file that is not a terminal", "[terminal_reporter]") {
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  CHECK_FALSE(report::should_color(tmp));
  std::fclose(tmp);
}
