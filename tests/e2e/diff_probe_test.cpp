// `ferry diff` and `ferry probe` end to end: both references come out clean on every
// exercise (no difference beyond learned or declared noise, no probe finding), and each
// planted bug of a mutant is reported where it was planted — at its JSON pointer, with
// its kind and plain words — and nothing else.
#include "ferry_run.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace ferry::e2e;

namespace {

const std::vector<std::string> k_exercises = {"01-hello",     "02-users", "03-ledger",  "04-ratelimit", "05-todos",
                                              "06-shortener", "07-jobs",  "08-gateway", "09-hotpath",   "10-capstone"};

/// The lines of @p output that report a difference or a finding ("✗ …").
std::vector<std::string> marked_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < output.size()) {
    std::size_t end = output.find('\n', start);
    std::string line = output.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.find("✗") != std::string::npos) {
      lines.push_back(line.substr(0, line.find("  (")));
    }
    start = end == std::string::npos ? output.size() : end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("ferry diff: the Rust reference agrees with Go on every exercise beyond noise", "[e2e][diff]") {
  for (const auto& exercise : k_exercises) {
    ScratchDir scratch;
    Run run = run_ferry({"diff", exercise, "--impl", "rust"}, scratch.db());
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(contains(run.output, "no differences beyond noise"));
  }
}

TEST_CASE("ferry probe: both references answer every bad request properly on every exercise", "[e2e][probe]") {
  for (const auto& exercise : k_exercises) {
    for (const char* impl : {"rust", "go"}) {
      ScratchDir scratch;
      Run run = run_ferry({"probe", exercise, "--impl", impl}, scratch.db());
      INFO(exercise << " " << impl << "\n" << run.output);
      CHECK(run.exit_code == 0);
      CHECK(contains(run.output, "every one answered with a proper 4xx"));
    }
  }
}

TEST_CASE("ferry diff: each planted difference of a mutant at its pointer and named and nothing else", "[e2e][diff]") {
  struct Planted {
    std::string exercise;
    std::string mutation;
    std::vector<std::string> differences;  // every "✗ OPERATION  PLACE: KIND" line, in order
    std::string words;  // the plain words for it
  };
  const std::vector<Planted> planted = {
      {"02-users", "list-null", {"✗ GET /users  body /users: type"}, "an empty list: Go answers [] here and your port null"},
      {"02-users",
       "omit-null-fields",
       {"✗ POST /users  body /account: missing", "✗ POST /users  body /email: missing",
        "✗ GET /users/{id}  body /account: missing", "✗ GET /users  body /users/1/account: missing",
        "✗ GET /users  body /users/1/email: missing", "✗ PATCH /users/{id}  body /account: missing",
        "✗ PATCH /users/{id}  body /email: missing", "✗ GET /users/{id}  body /email: missing"},
       "null vs absent"},
      {"02-users",
       "empty-object-account",
       {"✗ POST /users  body /account: type", "✗ GET /users/{id}  body /account: type",
        "✗ GET /users  body /users/1/account: type", "✗ PATCH /users/{id}  body /account: type"},
       "{} where Go has null"},
      {"02-users",
       "axum-422",
       {"✗ POST /users  the status: status", "✗ POST /users/{id}/notify  the status: status",
        "✗ PATCH /users/{id}  the status: status"},
       "422 where Go answers 400"},
      {"02-users",
       "notfound-500",
       {"✗ GET /users/{id}  the status: status", "✗ POST /users/{id}/notify  the status: status",
        "✗ PATCH /users/{id}  the status: status"},
       "a server error where Go answers 404"},
      {"02-users", "panic-nil-account", {"✗ POST /users/{id}/notify  the status: status"}, "your port did not answer"},
      {"01-hello",
       "health-text",
       {"✗ GET /health  header content-type: header", "✗ GET /health  the body: type"},
       "a text/plain answer where Go answers JSON"},
      {"08-gateway",
       "fallback-allow",
       {"✗ PATCH /todos/{id}  header allow: header", "✗ DELETE /todos/{id}  header allow: header"},
       "an Allow header on a 200 answer where Go sends none"},
  };
  for (const auto& p : planted) {
    ScratchDir scratch;
    Run run = run_ferry({"diff", p.exercise, "--impl", "mutant", "--mutation", p.mutation}, scratch.db());
    INFO(p.exercise << " " << p.mutation << "\n" << run.output);
    CHECK(run.exit_code == 1);
    auto lines = marked_lines(run.output);
    std::vector<std::string> trimmed;
    for (auto line : lines) {
      trimmed.push_back(line.substr(line.find("✗")));
    }
    CHECK(trimmed == p.differences);
    CHECK(contains(run.output, p.words));
    CHECK(contains(run.output, "try: curl "));
  }
}

TEST_CASE("ferry probe: the planted crash and 500 and text/plain errors are found with curl lines", "[e2e][probe]") {
  struct Planted {
    std::string exercise;
    std::string mutation;
    std::string finding;  // in a ✗ line
    std::string problem;  // in the output
  };
  const std::vector<Planted> planted = {
      {"02-users", "panic-nil-account", "✗ POST /users/{id}/notify", "it panicked: "},
      {"02-users", "notfound-500", "✗ GET /users/{id}: path parameter id: the largest int64", "answered 500"},
      {"02-users", "text-errors", "✗ POST /users: no body, with a JSON Content-Type", "not the JSON error shape"},
      {"03-ledger", "notfound-500", "✗ POST /transfers", "answered 500"},
      {"07-jobs", "text-errors", "✗ POST /jobs: an empty body", "text/plain"},
      {"01-hello", "wrong-content-type", "✗ GET /hello", "text/plain"},
  };
  for (const auto& p : planted) {
    ScratchDir scratch;
    Run run = run_ferry({"probe", p.exercise, "--impl", "mutant", "--mutation", p.mutation}, scratch.db());
    INFO(p.exercise << " " << p.mutation << "\n" << run.output);
    CHECK(run.exit_code == 1);
    CHECK(contains(run.output, p.finding));
    CHECK(contains(run.output, p.problem));
    CHECK(contains(run.output, "try: "));
  }
  // A mutant whose bug is a wrong value, not bad-input handling, has no finding.
  ScratchDir scratch;
  Run clean = run_ferry({"probe", "02-users", "--impl", "mutant", "--mutation", "list-null"}, scratch.db());
  INFO(clean.output);
  CHECK(clean.exit_code == 0);
}

TEST_CASE("ferry probe is reproducible by --seed and bounded by --max-examples", "[e2e][probe]") {
  ScratchDir scratch;
  std::vector<std::string> args = {"probe", "02-users", "--impl", "mutant", "--mutation", "text-errors", "--seed", "5",
                                   "--max-examples", "6"};
  Run first = run_ferry(args, scratch.db());
  Run second = run_ferry(args, scratch.db());
  INFO(first.output);
  REQUIRE(first.exit_code == 1);
  CHECK(marked_lines(first.output) == marked_lines(second.output));
  std::smatch m;
  REQUIRE(std::regex_search(first.output, m, std::regex(R"((\d+) probes of (\d+) operations)")));
  // 4 operations take probes, 6 each at most, then one route probe per path and an unknown path.
  CHECK(std::stoi(m[1]) <= 4 * 6 + 5);
}
