// progress/progress: the proficiency curve computed from attempts — standing on the
// plan, projected finish, concept mastery, the borrow-checker wall, lints, stuck cases;
// and its renderings (JSON, text, HTML with escaped text and SVG charts).
#include "progress/progress.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ferry::progress;
using ferry::store::AttemptRecord;
using ferry::store::CaseRecord;

namespace {

std::vector<PlanExercise> plan() {
  return {{"01-hello", "hello", 1, 1}, {"02-users", "users", 2, 3}, {"03-ledger", "ledger", 3, 4}};
}

AttemptRecord attempt(const std::string& when, const std::string& exercise, const std::string& outcome, int points,
                      int max_points, std::vector<CaseRecord> cases = {}) {
  AttemptRecord a;
  a.started_at = when + "T10:00:00Z";
  a.exercise = exercise;
  a.impl = "learner";
  a.outcome = outcome;
  a.stages_total = 2;
  a.stage_reached = outcome == "pass" ? 2 : 0;
  a.points = points;
  a.max_points = max_points;
  a.cases = std::move(cases);
  return a;
}

CaseRecord result(const std::string& id, const std::string& concept_tag, const std::string& status) {
  CaseRecord c;
  c.case_id = id;
  c.concept_tag = concept_tag;
  c.status = status;
  c.message = status == "fail" ? "expected 404, got 500" : "";
  return c;
}

AttemptRecord borrow_error(const std::string& when, int count) {
  auto a = attempt(when, "02-users", "build_error", 0, 0);
  a.diagnostics = {{"rustc", "error", "E0382", count, "borrow of moved value: `user`"},
                   {"rustc", "error", "E0308", 1, "mismatched types"}};
  return a;
}

}  // namespace

TEST_CASE("progress: dates: day numbers and back, invalid dates refused", "[progress]") {
  REQUIRE(day_number("1970-01-02") == 1);
  auto d = day_number("2026-11-22T01:38:25Z");
  REQUIRE(d);
  CHECK(date_of(*d) == "2026-11-22");
  CHECK(date_of(*d + 10) == "2026-12-02");
  CHECK_FALSE(day_number("2026-02-30"));
  CHECK_FALSE(day_number("22/11/2026"));
  CHECK_FALSE(day_number(""));
}

TEST_CASE("progress: no attempts: not started, no projection", "[progress]") {
  Input in;
  in.plan = plan();
  in.today = "2026-11-22";
  auto r = compute(in);
  CHECK(r.standing == "not_started");
  CHECK(r.start_date.empty());
  CHECK(r.projected_finish.empty());
  CHECK(r.exercises.size() == 3);
  CHECK(r.wall_state == "none");
}

TEST_CASE("progress: standing: on track, ahead and behind against the plan's weeks", "[progress]") {
  Input in;
  in.plan = plan();
  in.start_date = "2026-11-01";
  in.attempts = {attempt("2026-11-03", "01-hello", "pass", 8, 8)};
  SECTION("one exercise done after one week: on track") {
    in.today = "2026-11-08";
    auto r = compute(in);
    CHECK(r.start_source == "set");
    CHECK(r.week_now == 2);
    CHECK(r.exercises_done == 1);
    CHECK(r.done == Approx(1.0));
    CHECK(r.plan_position == Approx(1.0).margin(1e-6));
    CHECK(r.standing == "on_track");
    // A plan week per calendar week: the last exercise (week 4) three weeks from now.
    CHECK(r.projected_finish == "2026-11-29");
  }
  SECTION("the same after five weeks: behind") {
    in.today = "2026-12-06";
    auto r = compute(in);
    CHECK(r.standing == "behind");
    CHECK(r.weeks_ahead == Approx(-4.0).margin(1e-6));
  }
  SECTION("everything but the last after a day: ahead") {
    in.today = "2026-11-04";
    in.attempts.push_back(attempt("2026-11-04", "02-users", "pass", 10, 10));
    auto r = compute(in);
    CHECK(r.standing == "ahead");
    CHECK(r.exercises_in_progress == 0);
  }
  SECTION("all done: finished, the finish is the last pass") {
    in.today = "2026-11-20";
    in.attempts.push_back(attempt("2026-11-10", "02-users", "pass", 10, 10));
    in.attempts.push_back(attempt("2026-11-18", "03-ledger", "pass", 10, 10));
    auto r = compute(in);
    CHECK(r.standing == "finished");
    CHECK(r.projected_finish == "2026-11-18");
  }
}

TEST_CASE("progress: the start is the first attempt's day unless set; a partial exercise counts at most 0.9", "[progress]") {
  Input in;
  in.plan = plan();
  in.today = "2026-11-10";
  in.attempts = {attempt("2026-11-02", "01-hello", "fail", 7, 8), attempt("2026-11-03", "01-hello", "fail", 8, 8)};
  auto r = compute(in);
  CHECK(r.start_date == "2026-11-02");
  CHECK(r.start_source == "first attempt");
  CHECK(r.exercises[0].status == "in_progress");
  CHECK(r.exercises[0].share == Approx(0.9));
  CHECK(r.exercises[0].attempts == 2);
}

TEST_CASE("progress: concept mastery follows each case's latest result, skips ignored", "[progress]") {
  Input in;
  in.plan = plan();
  in.today = "2026-11-10";
  in.attempts = {attempt("2026-11-02", "02-users", "fail", 1, 4,
                         {result("nil-account", "option", "fail"), result("absent", "option", "pass"),
                          result("bad-id", "parsing", "fail")}),
                 attempt("2026-11-03", "02-users", "fail", 2, 4,
                         {result("nil-account", "option", "pass"), result("absent", "option", "pass"),
                          result("bad-id", "parsing", "skip")})};
  auto r = compute(in);
  REQUIRE(r.concepts.size() == 2);
  CHECK(r.concepts[0].concept_tag == "parsing");  // weakest first
  CHECK(r.concepts[0].share == Approx(0.0));
  CHECK(r.concepts[1].concept_tag == "option");
  CHECK(r.concepts[1].passed == 2);
  CHECK(r.concepts[1].cases == 2);
}

TEST_CASE("progress: the wall: borrow-checker errors per attempt by week, and getting through it", "[progress]") {
  Input in;
  in.plan = plan();
  in.start_date = "2026-11-02";
  in.today = "2026-11-20";
  in.attempts = {borrow_error("2026-11-03", 1), borrow_error("2026-11-10", 3), borrow_error("2026-11-11", 3),
                 attempt("2026-11-17", "02-users", "fail", 2, 4), attempt("2026-11-18", "02-users", "fail", 3, 4)};
  auto r = compute(in);
  REQUIRE(r.weeks.size() == 3);
  CHECK(r.weeks[0].borrow_errors == 1);
  CHECK(r.weeks[1].borrow_errors == 6);
  CHECK(r.weeks[1].compile_errors == 8);  // E0308 is not the borrow checker's
  CHECK(r.weeks[1].failed_builds == 2);
  CHECK(r.weeks[2].borrow_errors == 0);
  CHECK(r.wall_state == "through");
  CHECK(r.wall.find("3.0 borrow-checker errors per attempt in week 2") != std::string::npos);
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].code == "E0382");
  CHECK(r.errors[0].count == 7);

  in.attempts.pop_back();
  in.attempts.pop_back();
  in.today = "2026-11-12";
  auto at_wall = compute(in);
  CHECK(at_wall.wall_state == "at_wall");
}

TEST_CASE("progress: lints per green build, by week", "[progress]") {
  Input in;
  in.plan = plan();
  in.start_date = "2026-11-02";
  in.today = "2026-11-12";
  auto first = attempt("2026-11-03", "01-hello", "fail", 4, 8);
  first.linted = true;
  first.diagnostics = {{"clippy", "warning", "clippy::needless_return", 4, "unneeded `return` statement"}};
  auto second = attempt("2026-11-10", "01-hello", "pass", 8, 8);
  second.linted = true;
  second.diagnostics = {{"clippy", "warning", "clippy::redundant_clone", 1, "redundant clone"}};
  in.attempts = {first, second};
  auto r = compute(in);
  CHECK(r.weeks[0].lints == 4);
  CHECK(r.weeks[1].lints == 1);
  CHECK(r.lint_trend == "1.0 clippy lints per green build in week 2 (week 1: 4.0)");
  REQUIRE(r.lints.size() == 2);
  CHECK(r.lints[0].code == "clippy::needless_return");
}

TEST_CASE("progress: stuck: a case failing 3+ times over 2+ days, still failing, with the lesson", "[progress]") {
  Input in;
  in.plan = plan();
  in.today = "2026-11-12";
  in.cases["02-users/nil-account"] = {"a nil account is a 409", "use ok_or", "lessons/02-users.md#the-nil-account"};
  auto failing = [](const std::string& day) {
    return attempt(day, "02-users", "fail", 1, 4, {result("nil-account", "option", "fail"), result("ok", "router", "pass")});
  };
  in.attempts = {failing("2026-11-02"), failing("2026-11-02"), failing("2026-11-03")};
  auto r = compute(in);
  REQUIRE(r.stuck.size() == 1);
  CHECK(r.stuck[0].case_id == "nil-account");
  CHECK(r.stuck[0].failing_attempts == 3);
  CHECK(r.stuck[0].days == 2);
  CHECK(r.stuck[0].lesson == "lessons/02-users.md#the-nil-account");
  CHECK(r.stuck[0].last_message == "expected 404, got 500");

  SECTION("all on one day is not stuck") {
    in.attempts = {failing("2026-11-02"), failing("2026-11-02"), failing("2026-11-02")};
    CHECK(compute(in).stuck.empty());
  }
  SECTION("passing it at last is not stuck") {
    in.attempts.push_back(attempt("2026-11-04", "02-users", "fail", 3, 4, {result("nil-account", "option", "pass")}));
    CHECK(compute(in).stuck.empty());
  }
}

TEST_CASE("progress: renderings: JSON has the fields tools read, HTML escapes and draws three charts", "[progress]") {
  Input in;
  in.plan = plan();
  in.start_date = "2026-11-02";
  in.today = "2026-11-12";
  in.attempts = {attempt("2026-11-03", "01-hello", "fail", 4, 8, {result("x", "<script>alert(1)</script>", "fail")})};
  in.learner = "eve <eve@example.com>";
  auto r = compute(in);
  auto doc = nlohmann::json::parse(to_json(r));
  CHECK(doc["plan"]["standing"] == r.standing);
  CHECK(doc["exercises"].size() == 3);
  CHECK(doc["concepts"][0]["concept"] == "<script>alert(1)</script>");
  CHECK(doc["weeks"].size() == 2);
  auto html = to_html(r, "progress of " + in.learner);
  CHECK(html.find("<script>alert") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("eve &lt;eve@example.com&gt;") != std::string::npos);
  CHECK(html.find("id=\"chart-curve\"") != std::string::npos);
  CHECK(html.find("id=\"chart-wall\"") != std::string::npos);
  CHECK(html.find("id=\"chart-concepts\"") != std::string::npos);
  auto text = to_text(r, false);
  CHECK(text.find("01-hello") != std::string::npos);
  CHECK(html_escape("a&b'\"") == "a&amp;b&#39;&quot;");
}
