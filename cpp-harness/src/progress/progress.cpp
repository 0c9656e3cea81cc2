#include "progress/progress.hpp"

#include "grading/diagnostics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

namespace ferry::progress {

namespace {

namespace chr = std::chrono;

/// A full pass: every case of every stage.
bool full_pass(const store::AttemptRecord& a) { return a.outcome == "pass" && a.stage_reached >= a.stages_total; }

/// The share of an exercise an attempt shows done: 1 for a full pass, else its share of
/// points, capped at 0.9 so that an unfinished exercise never counts as finished.
double attempt_share(const store::AttemptRecord& a) {
  if (full_pass(a)) {
    return 1.0;
  }
  if (a.max_points <= 0) {
    return 0.0;
  }
  return std::min(0.9, static_cast<double>(a.points) / a.max_points);
}

/// Exercises' worth the plan has done at plan week @p w (fractional): each exercise is
/// spread evenly over its weeks.
double planned_at(const std::vector<PlanExercise>& plan, double w) {
  double sum = 0;
  for (const auto& ex : plan) {
    double span = std::max(1, ex.week_to - ex.week_from + 1);
    sum += std::clamp((w - (ex.week_from - 1)) / span, 0.0, 1.0);
  }
  return sum;
}

/// The plan week at which the plan has done @p done exercises' worth.
double position_of(const std::vector<PlanExercise>& plan, double done, double end) {
  double lo = 0;
  double hi = end;
  if (planned_at(plan, hi) <= done) {
    return hi;
  }
  for (int i = 0; i < 60; ++i) {
    double mid = (lo + hi) / 2;
    (planned_at(plan, mid) < done ? lo : hi) = mid;
  }
  return hi;
}

std::string one_decimal(double x) { return fmt::format("{:.1f}", x); }

}  // namespace

std::optional<long> day_number(const std::string& date) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (date.size() < 10 || std::sscanf(date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3 || date[4] != '-' ||
      date[7] != '-') {
    return std::nullopt;
  }
  chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return chr::sys_days{ymd}.time_since_epoch().count();
}

std::string date_of(long day) {
  chr::year_month_day ymd{chr::sys_days{chr::days{day}}};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

Report compute(const Input& given) {
  // Attempts after "today" (a report as of an earlier day) are not part of it.
  Input in = given;
  if (auto today_day = day_number(given.today)) {
    std::erase_if(in.attempts, [&](const store::AttemptRecord& a) {
      auto day = day_number(a.started_at);
      return day && *day > *today_day;
    });
  }
  Report r;
  r.learner = in.learner;
  r.today = in.today;
  r.plan_weeks = in.plan_weeks;
  r.attempts = static_cast<int>(in.attempts.size());
  for (const auto& ex : in.plan) {
    r.plan_end_week = std::max(r.plan_end_week, ex.week_to);
  }
  long today = day_number(in.today).value_or(0);

  std::optional<long> start;
  if (in.start_date) {
    start = day_number(*in.start_date);
    r.start_source = "set";
  }
  if (!start && !in.attempts.empty()) {
    start = day_number(in.attempts.front().started_at);
    r.start_source = "first attempt";
  }
  if (start) {
    r.start_date = date_of(*start);
  }
  auto week_of = [&](long day) { return start ? std::max(1L, (day - *start) / 7 + 1) : 1L; };

  // Exercises: status, share, dates.
  std::map<std::string, std::size_t> index;
  for (const auto& ex : in.plan) {
    index[ex.id] = r.exercises.size();
    ExerciseProgress e;
    e.id = ex.id;
    e.title = ex.title;
    e.week_from = ex.week_from;
    e.week_to = ex.week_to;
    e.status = "not_started";
    r.exercises.push_back(std::move(e));
  }
  for (const auto& a : in.attempts) {
    auto found = index.find(a.exercise);
    if (found == index.end()) {
      continue;  // an exercise no longer in the plan
    }
    auto& e = r.exercises[found->second];
    ++e.attempts;
    if (e.first_attempt.empty()) {
      e.first_attempt = a.started_at.substr(0, 10);
    }
    e.share = std::max(e.share, attempt_share(a));
    e.best_stage = std::max(e.best_stage, a.stage_reached);
    e.stages = std::max(e.stages, a.stages_total);
    if (full_pass(a) && e.done_on.empty()) {
      e.done_on = a.started_at.substr(0, 10);
    }
  }
  for (auto& e : r.exercises) {
    e.status = !e.done_on.empty() ? "done" : e.attempts > 0 ? "in_progress" : "not_started";
    r.exercises_done += e.status == "done" ? 1 : 0;
    r.exercises_in_progress += e.status == "in_progress" ? 1 : 0;
    r.done += e.share;
  }

  // Where the learner stands on the plan.
  double end = std::max(1, r.plan_end_week);
  if (start) {
    r.weeks_elapsed = std::max(0.0, static_cast<double>(today - *start) / 7.0);
    r.week_now = static_cast<int>(week_of(today));
  }
  r.planned = planned_at(in.plan, r.weeks_elapsed);
  r.plan_position = position_of(in.plan, r.done, end);
  r.weeks_ahead = r.plan_position - r.weeks_elapsed;
  if (!in.plan.empty() && r.exercises_done == static_cast<int>(in.plan.size())) {
    r.standing = "finished";
  } else if (!start || in.attempts.empty()) {
    r.standing = "not_started";
  } else if (r.weeks_ahead > 1.0) {
    r.standing = "ahead";
  } else if (r.weeks_ahead < -1.0) {
    r.standing = "behind";
  } else {
    r.standing = "on_track";
  }
  if (start && r.done > 0 && r.standing != "finished") {
    // Plan weeks covered per calendar week (the first week counts as a whole one, so a
    // fast first day does not promise a finish next week).
    double pace = r.plan_position / std::max(1.0, r.weeks_elapsed);
    if (pace > 0) {
      double weeks_left = (end - r.plan_position) / pace;
      r.projected_finish = date_of(today + static_cast<long>(std::ceil(weeks_left * 7)));
    }
  } else if (r.standing == "finished") {
    for (const auto& e : r.exercises) {
      r.projected_finish = std::max(r.projected_finish, e.done_on);
    }
  }

  // Concept mastery: each case by its latest pass or fail.
  std::map<std::string, std::pair<std::string, bool>> latest;  // EX/case → (concept, passed)
  for (const auto& a : in.attempts) {
    for (const auto& c : a.cases) {
      if (c.status == "pass" || c.status == "fail") {
        latest[a.exercise + "/" + c.case_id] = {c.concept_tag, c.status == "pass"};
      }
    }
  }
  std::map<std::string, ConceptMastery> concepts;
  for (const auto& [key, value] : latest) {
    auto& m = concepts[value.first];
    m.concept_tag = value.first;
    ++m.cases;
    m.passed += value.second ? 1 : 0;
  }
  for (auto& [name, m] : concepts) {
    m.share = m.cases > 0 ? static_cast<double>(m.passed) / m.cases : 0;
    r.concepts.push_back(m);
  }
  std::stable_sort(r.concepts.begin(), r.concepts.end(), [](const ConceptMastery& a, const ConceptMastery& b) {
    return a.share != b.share ? a.share < b.share : a.concept_tag < b.concept_tag;
  });

  // Week by week: attempts, compiler errors, lints, and the curve.
  int last_week = std::max(1, r.week_now);
  for (const auto& a : in.attempts) {
    last_week = std::max(last_week, static_cast<int>(week_of(day_number(a.started_at).value_or(today))));
  }
  if (start) {
    r.weeks.resize(static_cast<std::size_t>(last_week));
    for (int w = 1; w <= last_week; ++w) {
      r.weeks[w - 1].week = w;
      r.weeks[w - 1].planned = planned_at(in.plan, w);
    }
  }
  std::map<std::string, CodeCount> errors;
  std::map<std::string, CodeCount> lints;
  std::map<std::string, double> best_share;  // per exercise, growing week by week
  std::size_t next = 0;
  for (auto& w : r.weeks) {
    for (; next < in.attempts.size(); ++next) {
      const auto& a = in.attempts[next];
      if (week_of(day_number(a.started_at).value_or(today)) > w.week) {
        break;
      }
      ++w.attempts;
      w.failed_builds += a.outcome == "build_error" ? 1 : 0;
      for (const auto& d : a.diagnostics) {
        if (d.tool == "clippy") {
          w.lints += d.count;
          auto& l = lints[d.code];
          l.code = d.code;
          l.count += d.count;
          l.message = l.message.empty() ? d.message : l.message;
        } else if (d.level == "error") {
          w.compile_errors += d.count;
          w.borrow_errors += grading::is_borrow_checker_code(d.code) ? d.count : 0;
          auto& e = errors[d.code.empty() ? "(no code)" : d.code];
          e.code = d.code.empty() ? "(no code)" : d.code;
          e.count += d.count;
          e.message = e.message.empty() ? d.message : e.message;
        }
      }
      w.linted += a.linted ? 1 : 0;
      if (index.count(a.exercise) > 0) {
        best_share[a.exercise] = std::max(best_share[a.exercise], attempt_share(a));
      }
    }
    for (const auto& [ex, share] : best_share) {
      w.done += share;
    }
  }
  for (auto* table : {&errors, &lints}) {
    auto& out = table == &errors ? r.errors : r.lints;
    for (auto& [code, c] : *table) {
      out.push_back(c);
    }
    std::stable_sort(out.begin(), out.end(), [](const CodeCount& a, const CodeCount& b) { return a.count > b.count; });
  }

  // The wall: borrow-checker errors per attempt, week by week.
  const WeekStats* peak = nullptr;
  const WeekStats* latest_week = nullptr;
  auto rate = [](const WeekStats& w) { return w.attempts > 0 ? static_cast<double>(w.borrow_errors) / w.attempts : 0.0; };
  for (const auto& w : r.weeks) {
    if (w.attempts == 0) {
      continue;
    }
    latest_week = &w;
    if (peak == nullptr || rate(w) > rate(*peak)) {
      peak = &w;
    }
  }
  if (peak == nullptr || rate(*peak) == 0) {
    r.wall_state = "none";
    r.wall = "no borrow-checker errors recorded yet";
  } else if (latest_week->week > peak->week && rate(*latest_week) <= rate(*peak) / 2) {
    r.wall_state = "through";
    r.wall = "through the wall: " + one_decimal(rate(*peak)) + " borrow-checker errors per attempt in week " +
             std::to_string(peak->week) + ", " + one_decimal(rate(*latest_week)) + " in week " +
             std::to_string(latest_week->week);
  } else {
    r.wall_state = "at_wall";
    r.wall = "at the wall: " + one_decimal(rate(*latest_week)) + " borrow-checker errors per attempt in week " +
             std::to_string(latest_week->week) +
             (peak->week != latest_week->week ? " (the peak: " + one_decimal(rate(*peak)) + " in week " +
                                                    std::to_string(peak->week) + ")"
                                              : "");
  }
  // Lints per green build: the first and the latest week clippy looked at.
  const WeekStats* first_linted = nullptr;
  const WeekStats* last_linted = nullptr;
  for (const auto& w : r.weeks) {
    if (w.linted > 0) {
      first_linted = first_linted == nullptr ? &w : first_linted;
      last_linted = &w;
    }
  }
  if (first_linted == nullptr) {
    r.lint_trend = "no green build linted yet";
  } else {
    auto per = [](const WeekStats* w) { return static_cast<double>(w->lints) / w->linted; };
    r.lint_trend = one_decimal(per(last_linted)) + " clippy lints per green build in week " +
                   std::to_string(last_linted->week);
    if (first_linted != last_linted) {
      r.lint_trend += " (week " + std::to_string(first_linted->week) + ": " + one_decimal(per(first_linted)) + ")";
    }
  }

  // Stuck: a case failing again and again, on several days, and failing still.
  struct Failures {
    int count = 0;
    std::set<std::string> days;
    std::string since;
    std::string message;
    bool failing_now = false;
  };
  std::map<std::pair<std::string, std::string>, Failures> failures;
  for (const auto& a : in.attempts) {
    for (const auto& c : a.cases) {
      if (c.status != "pass" && c.status != "fail") {
        continue;
      }
      auto& f = failures[{a.exercise, c.case_id}];
      f.failing_now = c.status == "fail";
      if (c.status == "fail") {
        ++f.count;
        f.days.insert(a.started_at.substr(0, 10));
        f.since = f.since.empty() ? a.started_at.substr(0, 10) : f.since;
        f.message = c.message;
      }
    }
  }
  for (const auto& [key, f] : failures) {
    auto ex = index.find(key.first);
    bool done = ex != index.end() && r.exercises[ex->second].status == "done";
    if (done || !f.failing_now || f.count < k_stuck_attempts || static_cast<int>(f.days.size()) < k_stuck_days) {
      continue;
    }
    StuckCase s;
    s.exercise = key.first;
    s.case_id = key.second;
    s.failing_attempts = f.count;
    s.days = static_cast<int>(f.days.size());
    s.since = f.since;
    s.last_message = f.message;
    if (auto info = in.cases.find(key.first + "/" + key.second); info != in.cases.end()) {
      s.title = info->second.title;
      s.lesson = info->second.lesson;
      s.hint = info->second.hint;
    }
    r.stuck.push_back(std::move(s));
  }
  std::stable_sort(r.stuck.begin(), r.stuck.end(),
                   [](const StuckCase& a, const StuckCase& b) { return a.failing_attempts > b.failing_attempts; });
  return r;
}

}  // namespace ferry::progress
