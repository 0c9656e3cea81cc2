// ferry progress, end to end: real attempts at 01-hello in a copy of the tree (the
// starter, then the reference copied in with a clippy lint, then a crate edited to
// cause E0382 and E0502), and what `ferry progress --json` reports about them.
#include "ferry_run.hpp"
#include "progress/progress.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>

using namespace ferry::e2e;
namespace fs = std::filesystem;

namespace {

std::string target_dir() {
  const char* env = std::getenv("CARGO_TARGET_DIR");
  return env != nullptr && *env == '/' ? env : std::string(FERRY_SOURCE_DIR) + "/target";
}

nlohmann::json progress_json(const fs::path& root, const std::string& db, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--root", root.string(), "progress", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto run = run_ferry(args, db);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.output);
}

void append(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::app);
  out << text;
}

const nlohmann::json* find_code(const nlohmann::json& list, const std::string& code) {
  for (const auto& item : list) {
    if (item["code"] == code) return &item;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("progress: the starter, the reference, then E0382 and E0502, as progress --json reports them", "[progress]") {
  ScratchDir scratch;
  fs::path root = scratch.path() / "tree";
  copy_source_tree(root, "hello", "hello-e2e-progress");
  std::map<std::string, std::string> env = {{"CARGO_TARGET_DIR", target_dir()}, {"CARGO_TERM_COLOR", "never"}};
  fs::path crate = root / "exercises" / "01-hello";
  auto check = [&] { return run_ferry({"--root", root.string(), "check", "01-hello"}, scratch.db(), env); };

  // Before any attempt: nothing recorded, not started.
  auto empty = progress_json(root, scratch.db());
  CHECK(empty["attempts"] == 0);
  CHECK(empty["plan"]["standing"] == "not_started");
  CHECK(empty["start_date"].is_null());

  // 1. The untouched starter: it builds, then panics at its todo!() — a failed attempt.
  auto starter = check();
  INFO(starter.output);
  REQUIRE(starter.exit_code == 1);
  auto after_starter = progress_json(root, scratch.db());
  CHECK(after_starter["attempts"] == 1);
  CHECK(after_starter["start_source"] == "first attempt");
  CHECK(after_starter["exercises"][0]["id"] == "01-hello");
  CHECK(after_starter["exercises"][0]["status"] == "in_progress");
  CHECK(after_starter["exercises_done"] == 0);

  // 2. The reference copied in, plus a needless `return` for clippy: every case passes.
  for (const auto& file : fs::directory_iterator(fs::path(FERRY_SOURCE_DIR) / "reference-rust" / "01-hello" / "src")) {
    fs::copy_file(file.path(), crate / "src" / file.path().filename(), fs::copy_options::overwrite_existing);
  }
  append(crate / "src" / "main.rs", "\n#[allow(dead_code)]\nfn ferry_e2e_lint() -> u8 {\n    return 1;\n}\n");
  auto reference = check();
  INFO(reference.output);
  REQUIRE(reference.exit_code == 0);
  CHECK(contains(reference.output, "clippy::needless_return"));
  auto after_reference = progress_json(root, scratch.db());
  CHECK(after_reference["attempts"] == 2);
  CHECK(after_reference["exercises"][0]["status"] == "done");
  CHECK(after_reference["exercises_done"] == 1);
  const auto* lint = find_code(after_reference["lints"], "clippy::needless_return");
  REQUIRE(lint != nullptr);
  CHECK((*lint)["count"] == 1);
  REQUIRE_FALSE(after_reference["concepts"].empty());
  for (const auto& concept_row : after_reference["concepts"]) {
    CHECK(concept_row["share"] == 1.0);  // every 01-hello case passed
  }

  // 3. A use after move and a mutable borrow while borrowed: the build fails, and is an attempt.
  append(crate / "src" / "main.rs",
         "\n#[allow(dead_code)]\nfn ferry_e2e_moved() -> usize {\n    let s = String::from(\"x\");\n    let t = s;\n"
         "    s.len() + t.len()\n}\n"
         "\n#[allow(dead_code)]\nfn ferry_e2e_borrowed() -> i32 {\n    let mut v = vec![1];\n    let first = &v[0];\n"
         "    v.push(2);\n    *first\n}\n");
  auto broken = check();
  INFO(broken.output);
  REQUIRE(broken.exit_code == 1);
  CHECK(contains(broken.output, "E0382"));  // the compiler's own text still reaches the learner
  auto report = progress_json(root, scratch.db());
  CHECK(report["attempts"] == 3);
  const auto* moved = find_code(report["errors"], "E0382");
  const auto* borrowed = find_code(report["errors"], "E0502");
  REQUIRE(moved != nullptr);
  REQUIRE(borrowed != nullptr);
  CHECK((*moved)["count"] == 1);
  CHECK((*borrowed)["count"] == 1);
  REQUIRE(report["weeks"].size() == 1);
  CHECK(report["weeks"][0]["attempts"] == 3);
  CHECK(report["weeks"][0]["failed_builds"] == 1);
  CHECK(report["weeks"][0]["borrow_errors"] == 2);
  CHECK(report["wall"]["state"] == "at_wall");
  CHECK(report["exercises"][0]["status"] == "done");  // a later failed build undoes nothing

  auto today = report["today"].get<std::string>();

  // The HTML report: one self-contained file with the three charts.
  fs::path html = scratch.path() / "report.html";
  auto page = run_ferry({"--root", root.string(), "progress", "--html", html.string(), "--today", today}, scratch.db());
  REQUIRE(page.exit_code == 0);
  std::ifstream in(html);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(contains(text, "id=\"chart-curve\""));
  CHECK(contains(text, "id=\"chart-wall\""));
  CHECK(contains(text, "id=\"chart-concepts\""));
  CHECK(contains(text, "E0382"));
  // A start three weeks ago: one week of the plan done in three is behind.
  auto three_weeks_ago = ferry::progress::date_of(*ferry::progress::day_number(today) - 21);
  auto started = run_ferry({"--root", root.string(), "progress", "--start", three_weeks_ago}, scratch.db());
  INFO(started.output);
  REQUIRE(started.exit_code == 0);
  CHECK(contains(started.output, "started " + three_weeks_ago));
  auto behind = progress_json(root, scratch.db());
  CHECK(behind["start_source"] == "set");
  CHECK(behind["plan"]["week_now"] == 4);
  CHECK(behind["plan"]["standing"] == "behind");
  CHECK(behind["weeks"].size() == 4);
  CHECK(behind["weeks"][3]["attempts"] == 3);
}

TEST_CASE("progress: a bad --start date is a usage error and records nothing", "[progress]") {
  ScratchDir scratch;
  auto run = run_ferry({"progress", "--start", "2026-13-01"}, scratch.db());
  CHECK(run.exit_code == 2);
  CHECK(contains(run.output, "not a date"));
}
