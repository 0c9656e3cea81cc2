#include "progress/progress.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace ferry::progress {

namespace {

std::string pct(double share) { return fmt::format("{:.0f}%", share * 100); }

std::string standing_words(const Report& r) {
  if (r.standing == "ahead") return fmt::format("ahead of the plan by {:.1f} weeks", r.weeks_ahead);
  if (r.standing == "behind") return fmt::format("behind the plan by {:.1f} weeks", -r.weeks_ahead);
  if (r.standing == "on_track") return "on track";
  if (r.standing == "finished") return "finished every exercise";
  return "not started";
}

/// Round @p x up to a "nice" axis maximum (1, 2, 5 × 10^n).
double nice_max(double x) {
  if (x <= 0) return 1;
  double p = std::pow(10, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= x) return m * p;
  }
  return 10 * p;
}

constexpr int k_width = 640;
constexpr int k_height = 240;
constexpr int k_left = 60;
constexpr int k_right = 16;
constexpr int k_top = 28;
constexpr int k_bottom = 36;

std::string svg_open(const std::string& id, const std::string& title, int height = k_height) {
  return fmt::format(
      "<svg id=\"{}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n"
      "<text x=\"{}\" y=\"18\" class=\"chart-title\">{}</text>\n",
      id, k_width, height, k_width, height, html_escape(title), html_escape(title), k_left, html_escape(title));
}

/// Gridlines, ticks and labels; @p bars: one bar per week, labelled at its middle.
std::string axes(double y_max, int weeks, const std::string& y_label, bool bars = false) {
  int plot_h = k_height - k_top - k_bottom;
  int plot_w = k_width - k_left - k_right;
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    double v = y_max * i / 4;
    double y = k_top + plot_h - plot_h * i / 4.0;
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" class=\"grid\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
                       k_left, y, k_left + plot_w, y, k_left - 6, y + 4, fmt::format("{:g}", v));
  }
  int step = std::max(1, weeks / 13);
  for (int w = bars ? 1 : 0; w <= weeks; w += step) {
    double x = k_left + plot_w * (bars ? w - 0.5 : static_cast<double>(w)) / std::max(1, weeks);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", x,
                       k_height - k_bottom + 16, w);
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-label\" text-anchor=\"middle\">week</text>\n",
                     k_left + plot_w / 2, k_height - 4);
  out += fmt::format("<text x=\"12\" y=\"{}\" class=\"axis-label\" transform=\"rotate(-90 12 {})\" "
                     "text-anchor=\"middle\">{}</text>\n",
                     k_top + plot_h / 2, k_top + plot_h / 2, html_escape(y_label));
  return out;
}

std::string curve_svg(const Report& r) {
  int weeks = std::max({r.plan_weeks, r.week_now, static_cast<int>(r.weeks.size())});
  double y_max = static_cast<double>(r.exercises.size());
  y_max = std::max(1.0, y_max);
  int plot_h = k_height - k_top - k_bottom;
  int plot_w = k_width - k_left - k_right;
  auto x_of = [&](double w) { return k_left + plot_w * w / weeks; };
  auto y_of = [&](double v) { return k_top + plot_h - plot_h * v / y_max; };
  std::string out = svg_open("chart-curve", "Exercises done against the plan");
  out += axes(y_max, weeks, "exercises");
  // The plan: cumulative exercises' worth, week by week up to its end.
  std::string plan = fmt::format("M{:.1f},{:.1f}", x_of(0), y_of(0));
  for (int w = 1; w <= weeks; ++w) {
    double planned = 0;
    for (const auto& e : r.exercises) {
      double span = std::max(1, e.week_to - e.week_from + 1);
      planned += std::clamp((w - (e.week_from - 1)) / span, 0.0, 1.0);
    }
    plan += fmt::format(" L{:.1f},{:.1f}", x_of(w), y_of(planned));
  }
  out += "<path class=\"plan\" d=\"" + plan + "\"/>\n";
  if (!r.weeks.empty()) {
    std::string learner = fmt::format("M{:.1f},{:.1f}", x_of(0), y_of(0));
    for (const auto& w : r.weeks) {
      learner += fmt::format(" L{:.1f},{:.1f}", x_of(w.week), y_of(w.done));
    }
    out += "<path class=\"learner\" d=\"" + learner + "\"/>\n";
    for (const auto& w : r.weeks) {
      out += fmt::format("<circle class=\"learner-point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\"><title>week {}: {:.1f} "
                         "done, {:.1f} planned</title></circle>\n",
                         x_of(w.week), y_of(w.done), w.week, w.done, w.planned);
    }
  }
  out += fmt::format("<g class=\"legend\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"plan\"/><text x=\"{}\" "
                     "y=\"{}\">plan</text><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"learner\"/><text "
                     "x=\"{}\" y=\"{}\">learner</text></g>\n",
                     k_width - 200, 14, k_width - 180, 14, k_width - 175, 18, k_width - 120, 14, k_width - 100, 14,
                     k_width - 95, 18);
  return out + "</svg>\n";
}

std::string wall_svg(const Report& r) {
  int weeks = std::max(1, static_cast<int>(r.weeks.size()));
  double y_max = 0;
  for (const auto& w : r.weeks) {
    if (w.attempts > 0) y_max = std::max(y_max, static_cast<double>(w.borrow_errors) / w.attempts);
  }
  y_max = 4 * nice_max(y_max / 4);  // four gridlines at round values
  int plot_h = k_height - k_top - k_bottom;
  int plot_w = k_width - k_left - k_right;
  double bar_w = static_cast<double>(plot_w) / weeks;
  std::string out = svg_open("chart-wall", "Borrow-checker errors per attempt, by week");
  out += axes(y_max, weeks, "errors per attempt", true);
  for (const auto& w : r.weeks) {
    double v = w.attempts > 0 ? static_cast<double>(w.borrow_errors) / w.attempts : 0;
    double h = plot_h * v / y_max;
    out += fmt::format("<rect class=\"bar\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"><title>week "
                       "{}: {} borrow-checker errors in {} attempts</title></rect>\n",
                       k_left + bar_w * (w.week - 1) + 2, k_top + plot_h - h, std::max(1.0, bar_w - 4), h, w.week,
                       w.borrow_errors, w.attempts);
  }
  return out + "</svg>\n";
}

std::string concepts_svg(const Report& r) {
  int row = 22;
  int height = k_top + row * std::max<int>(1, static_cast<int>(r.concepts.size())) + 12;
  int label_w = 160;
  int plot_w = k_width - label_w - 60;
  std::string out = svg_open("chart-concepts", "Concept mastery (share of cases passed)", height);
  if (r.concepts.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\">no case results yet</text>\n", k_left, k_top + 14);
  }
  int i = 0;
  for (const auto& c : r.concepts) {
    int y = k_top + row * i++;
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>"
                       "<rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\"/>"
                       "<rect class=\"mastery\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"14\"><title>{}: {} of {} "
                       "cases</title></rect><text x=\"{}\" y=\"{}\" class=\"tick\">{}</text>\n",
                       label_w - 8, y + 11, html_escape(c.concept_tag), label_w, y, plot_w, label_w, y,
                       plot_w * c.share, html_escape(c.concept_tag), c.passed, c.cases, label_w + plot_w + 6, y + 11,
                       pct(c.share));
  }
  return out + "</svg>\n";
}

constexpr const char* k_style = R"css(
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1d2330; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: .25em .7em; border-bottom: 1px solid #dde; text-align: left; }
.standing { font-size: 1.1em; padding: .6em .8em; border-radius: 6px; background: #eef3fb; }
.ahead, .finished { background: #e6f5ea; } .behind { background: #fbeeee; }
.chart { display: block; margin: .8em 0; max-width: 100%; height: auto; background: #fbfcfe; border: 1px solid #e3e6ee; }
.chart-title { font-weight: 600; font-size: 13px; fill: #1d2330; }
.grid { stroke: #e3e6ee; } .tick, .axis-label, .legend text { font-size: 11px; fill: #556; }
.plan { fill: none; stroke: #99a; stroke-width: 2; stroke-dasharray: 5 4; }
.learner { fill: none; stroke: #2460c8; stroke-width: 2.5; } .learner-point { fill: #2460c8; }
.bar { fill: #d0542c; } .track { fill: #eceef3; } .mastery { fill: #2f9e55; }
.stuck { background: #fff6e0; padding: .5em .8em; border-left: 4px solid #e0a000; margin: .5em 0; }
code { background: #f1f2f6; padding: 0 .25em; border-radius: 3px; }
nav a { margin-right: 1em; }
)css";

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string charts_svg(const Report& report) { return curve_svg(report) + wall_svg(report) + concepts_svg(report); }

std::string to_json(const Report& r) {
  nlohmann::json doc;
  doc["learner"] = r.learner;
  doc["today"] = r.today;
  doc["start_date"] = r.start_date.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.start_date);
  doc["start_source"] = r.start_source;
  doc["plan"] = {{"weeks", r.plan_weeks},
                 {"last_exercise_week", r.plan_end_week},
                 {"week_now", r.week_now},
                 {"weeks_elapsed", r.weeks_elapsed},
                 {"done", r.done},
                 {"planned", r.planned},
                 {"position_week", r.plan_position},
                 {"weeks_ahead", r.weeks_ahead},
                 {"standing", r.standing},
                 {"projected_finish", r.projected_finish.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(r.projected_finish)}};
  doc["attempts"] = r.attempts;
  doc["exercises_done"] = r.exercises_done;
  doc["exercises_in_progress"] = r.exercises_in_progress;
  nlohmann::json exercises = nlohmann::json::array();
  for (const auto& e : r.exercises) {
    exercises.push_back({{"id", e.id},
                         {"title", e.title},
                         {"weeks", {e.week_from, e.week_to}},
                         {"status", e.status},
                         {"attempts", e.attempts},
                         {"share", e.share},
                         {"best_stage", e.best_stage},
                         {"stages", e.stages},
                         {"first_attempt", e.first_attempt.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.first_attempt)},
                         {"done_on", e.done_on.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.done_on)}});
  }
  doc["exercises"] = std::move(exercises);
  nlohmann::json concepts = nlohmann::json::array();
  for (const auto& c : r.concepts) {
    concepts.push_back({{"concept", c.concept_tag}, {"passed", c.passed}, {"cases", c.cases}, {"share", c.share}});
  }
  doc["concepts"] = std::move(concepts);
  nlohmann::json weeks = nlohmann::json::array();
  for (const auto& w : r.weeks) {
    weeks.push_back({{"week", w.week},
                     {"attempts", w.attempts},
                     {"failed_builds", w.failed_builds},
                     {"compile_errors", w.compile_errors},
                     {"borrow_errors", w.borrow_errors},
                     {"borrow_errors_per_attempt", w.attempts > 0 ? static_cast<double>(w.borrow_errors) / w.attempts : 0.0},
                     {"lints", w.lints},
                     {"linted_builds", w.linted},
                     {"done", w.done},
                     {"planned", w.planned}});
  }
  doc["weeks"] = std::move(weeks);
  auto counts = [](const std::vector<CodeCount>& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : list) {
      out.push_back({{"code", c.code}, {"count", c.count}, {"example", c.message}});
    }
    return out;
  };
  doc["errors"] = counts(r.errors);
  doc["lints"] = counts(r.lints);
  doc["wall"] = {{"state", r.wall_state}, {"summary", r.wall}};
  doc["lint_trend"] = r.lint_trend;
  nlohmann::json stuck = nlohmann::json::array();
  for (const auto& s : r.stuck) {
    stuck.push_back({{"exercise", s.exercise},
                     {"case", s.case_id},
                     {"title", s.title},
                     {"failing_attempts", s.failing_attempts},
                     {"days", s.days},
                     {"since", s.since},
                     {"lesson", s.lesson},
                     {"hint", s.hint},
                     {"last_message", s.last_message}});
  }
  doc["stuck"] = std::move(stuck);
  return doc.dump(2) + "\n";
}

std::string to_text(const Report& r, bool color) {
  auto bold = [&](const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; };
  std::string out;
  out += bold("ferry progress") + (r.learner.empty() ? "" : " — " + r.learner) + "\n\n";
  if (r.start_date.empty()) {
    out += "No attempt recorded yet. Start with `ferry check 01-hello` (or set your start: ferry progress --start "
           "YYYY-MM-DD).\n";
    return out;
  }
  out += fmt::format("started {} ({}), week {} of the {}-week plan\n", r.start_date,
                     r.start_source == "set" ? "set with --start" : "your first attempt", r.week_now, r.plan_weeks);
  out += fmt::format("standing: {} — {:.1f} exercises' worth done, the plan expects {:.1f} by now\n", bold(standing_words(r)),
                     r.done, r.planned);
  if (!r.projected_finish.empty()) {
    out += fmt::format("projected finish of the exercises (week {} of the plan): {}\n", r.plan_end_week, r.projected_finish);
  }
  out += fmt::format("\n{}  ({} done, {} in progress, {} attempts)\n", bold("exercises"), r.exercises_done,
                     r.exercises_in_progress, r.attempts);
  for (const auto& e : r.exercises) {
    std::string mark = e.status == "done" ? "✓" : e.status == "in_progress" ? "…" : " ";
    std::string detail = e.status == "done" ? "done " + e.done_on
                         : e.status == "in_progress"
                             ? fmt::format("stage {}/{}, {} of the points at best", e.best_stage, e.stages, pct(e.share))
                             : "";
    out += fmt::format("  {} {:<16} weeks {:>2}–{:<2}  {:>3} attempts  {}\n", mark, e.id, e.week_from, e.week_to,
                       e.attempts, detail);
  }
  if (!r.concepts.empty()) {
    out += "\n" + bold("concept mastery") + " (cases passed, by their latest result)\n";
    for (const auto& c : r.concepts) {
      int filled = static_cast<int>(std::lround(c.share * 20));
      std::string bar;
      for (int i = 0; i < 20; ++i) bar += i < filled ? "█" : "░";
      out += fmt::format("  {:<20} {} {:>4}  ({}/{})\n", c.concept_tag, bar, pct(c.share), c.passed, c.cases);
    }
  }
  out += "\n" + bold("the borrow checker") + ": " + r.wall + "\n";
  for (const auto& w : r.weeks) {
    if (w.attempts == 0) continue;
    out += fmt::format("  week {:>2}: {:>3} attempts, {:>3} failed builds, {:>3} borrow-checker errors ({:.1f} per attempt)\n",
                       w.week, w.attempts, w.failed_builds, w.borrow_errors,
                       static_cast<double>(w.borrow_errors) / w.attempts);
  }
  if (!r.errors.empty()) {
    out += "  errors by code:";
    for (const auto& e : r.errors) out += fmt::format(" {}×{}", e.code, e.count);
    out += "\n";
  }
  out += "\n" + bold("clippy") + ": " + r.lint_trend + "\n";
  if (!r.lints.empty()) {
    out += "  lints:";
    for (const auto& l : r.lints) out += fmt::format(" {}×{}", l.code, l.count);
    out += "\n";
  }
  out += "\n" + bold("stuck") + ": ";
  if (r.stuck.empty()) {
    out += fmt::format("nothing (a case failing {}+ times over {}+ days would show here)\n", k_stuck_attempts, k_stuck_days);
  } else {
    out += "\n";
    for (const auto& s : r.stuck) {
      out += fmt::format("  {} {}: failed {} times over {} days since {}\n", s.exercise, s.case_id, s.failing_attempts,
                         s.days, s.since);
      if (!s.lesson.empty()) out += "    reread: " + s.lesson + "\n";
      if (!s.hint.empty()) out += "    hint: " + s.hint + "\n";
    }
  }
  return out;
}

std::string to_html(const Report& r, const std::string& title, const std::string& nav) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n<title>" +
                    html_escape(title) + "</title>\n<style>" + k_style + "</style>\n</head>\n<body>\n" + nav +
                    "<h1>" + html_escape(title) + "</h1>\n";
  if (r.start_date.empty()) {
    out += "<p class=\"standing\">No attempt recorded yet.</p>\n";
  } else {
    out += fmt::format("<p class=\"standing {}\" id=\"standing\">Week {} of the {}-week plan (started {}): <strong>{}</strong>. "
                       "{:.1f} exercises' worth done; the plan expects {:.1f}.{}</p>\n",
                       html_escape(r.standing), r.week_now, r.plan_weeks, html_escape(r.start_date),
                       html_escape(standing_words(r)), r.done, r.planned,
                       r.projected_finish.empty() ? std::string()
                                                  : " Projected finish: " + html_escape(r.projected_finish) + ".");
  }
  out += "<h2>The curve</h2>\n" + curve_svg(r);
  out += "<h2>Exercises</h2>\n<table id=\"exercises\"><tr><th>exercise</th><th>weeks</th><th>status</th><th>attempts</th>"
         "<th>best stage</th><th>points</th></tr>\n";
  for (const auto& e : r.exercises) {
    bool started = e.status != "not_started";
    out += fmt::format("<tr><td>{}</td><td>{}–{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       html_escape(e.id), e.week_from, e.week_to,
                       html_escape(e.status == "done" ? "done " + e.done_on : started ? "in progress" : "—"), e.attempts,
                       started ? fmt::format("{}/{}", e.best_stage, e.stages) : "—", started ? pct(e.share) : "—");
  }
  out += "</table>\n";
  out += "<h2>The borrow checker</h2>\n<p id=\"wall\">" + html_escape(r.wall) + "</p>\n" + wall_svg(r);
  if (!r.errors.empty()) {
    out += "<table id=\"errors\"><tr><th>error</th><th>count</th><th>example</th></tr>\n";
    for (const auto& e : r.errors) {
      out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", html_escape(e.code), e.count,
                         html_escape(e.message));
    }
    out += "</table>\n";
  }
  out += "<h2>Clippy</h2>\n<p id=\"lints\">" + html_escape(r.lint_trend) + "</p>\n";
  if (!r.lints.empty()) {
    out += "<table><tr><th>lint</th><th>count</th></tr>\n";
    for (const auto& l : r.lints) {
      out += fmt::format("<tr><td><code>{}</code></td><td>{}</td></tr>\n", html_escape(l.code), l.count);
    }
    out += "</table>\n";
  }
  out += "<h2>Concept mastery</h2>\n" + concepts_svg(r);
  out += "<h2>Stuck</h2>\n";
  if (r.stuck.empty()) {
    out += "<p id=\"stuck\">Nothing: no case has failed again and again over several days.</p>\n";
  }
  for (const auto& s : r.stuck) {
    out += fmt::format("<div class=\"stuck\"><strong>{} <code>{}</code></strong> {}: failed {} times over {} days since {}."
                       "<br>Reread <code>{}</code>. Hint: {}</div>\n",
                       html_escape(s.exercise), html_escape(s.case_id), html_escape(s.title), s.failing_attempts, s.days,
                       html_escape(s.since), html_escape(s.lesson), html_escape(s.hint));
  }
  // The page's one script: it says, on the body, how many charts were laid out with a
  // size (the browser tests read it); the page reads the same without it.
  out += "<script>\n(function () {\n  var charts = document.querySelectorAll('svg.chart'), drawn = 0;\n"
         "  charts.forEach(function (c) { var b = c.getBBox(); if (b.width > 0 && b.height > 0) { drawn++; } });\n"
         "  document.body.setAttribute('data-charts', drawn + '/' + charts.length);\n})();\n</script>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace ferry::progress
