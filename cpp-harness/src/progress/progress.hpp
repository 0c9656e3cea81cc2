#pragma once
/// @file
/// The proficiency curve as data: from a learner's attempts and the plan (the
/// manifest's weeks per exercise), where they stand on the plan, their pace and
/// projected finish, concept mastery, borrow-checker errors and clippy lints week by
/// week, and where they are stuck. Pure: no database, no clock, no printing.

#include "store/store.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

/// The progress layer: `ferry progress`, and the cohort dashboard's per-learner pages.
namespace ferry::progress {

/// One exercise of the plan.
struct PlanExercise {
  std::string id;  ///< "02-users"
  std::string title;  ///< the manifest's title
  int week_from = 1;  ///< the plan's first week for it
  int week_to = 1;  ///< the plan's last week for it
};

/// What the contract says about a case, for the "stuck" advice.
struct CaseInfo {
  std::string title;  ///< the case's title
  std::string hint;  ///< its hint
  std::string lesson;  ///< the lesson section to reread ("lessons/02-users.md#the-nil-account")
};

/// Everything the report is computed from.
struct Input {
  std::string learner;  ///< "" for the owner of a progress database
  std::vector<PlanExercise> plan;  ///< in manifest order
  int plan_weeks = 26;  ///< the plan's length
  std::map<std::string, CaseInfo> cases;  ///< by "EXERCISE/case-id"
  std::vector<store::AttemptRecord> attempts;  ///< the learner's, oldest first
  std::optional<std::string> start_date;  ///< YYYY-MM-DD, when set (else the first attempt's day)
  std::string today;  ///< YYYY-MM-DD
};

/// One exercise as the learner has it.
struct ExerciseProgress {
  std::string id;  ///< the exercise
  std::string title;  ///< its title
  int week_from = 1;  ///< planned from week
  int week_to = 1;  ///< planned to week
  std::string status;  ///< done | in_progress | not_started
  int attempts = 0;  ///< attempts at it
  double share = 0;  ///< 1 when done, else the best share of points (at most 0.9)
  int best_stage = 0;  ///< the highest stage reached
  int stages = 0;  ///< the contract's stages
  std::string first_attempt;  ///< YYYY-MM-DD, "" when none
  std::string done_on;  ///< YYYY-MM-DD of the first full pass, "" when not done
};

/// Mastery of one concept: the cases with this tag, by their latest result.
struct ConceptMastery {
  std::string concept_tag;  ///< the contracts' concept tag
  int passed = 0;  ///< cases whose latest result is a pass
  int cases = 0;  ///< cases with a result
  double share = 0;  ///< passed / cases
};

/// One calendar week since the start (week 1 is the first seven days).
struct WeekStats {
  int week = 0;  ///< 1, 2, …
  int attempts = 0;  ///< attempts that week
  int failed_builds = 0;  ///< of which the crate did not compile
  int borrow_errors = 0;  ///< borrow-checker errors (E0382, E0499, E0502, E0505, E0597, E0716…)
  int compile_errors = 0;  ///< every compiler error
  int lints = 0;  ///< clippy lints, summed over the green builds
  int linted = 0;  ///< green builds that clippy looked at
  double done = 0;  ///< exercises' worth done by the end of the week
  double planned = 0;  ///< exercises' worth the plan has done by then
};

/// A count by compiler error code or lint name.
struct CodeCount {
  std::string code;  ///< E0382, clippy::needless_return
  int count = 0;  ///< over every attempt
  std::string message;  ///< an example headline
};

/// A case the learner keeps failing across days.
struct StuckCase {
  std::string exercise;  ///< the exercise
  std::string case_id;  ///< the case
  std::string title;  ///< its title
  int failing_attempts = 0;  ///< attempts where it failed
  int days = 0;  ///< distinct days of those
  std::string since;  ///< YYYY-MM-DD of the first failure
  std::string lesson;  ///< what to reread
  std::string hint;  ///< the case's hint
  std::string last_message;  ///< what the last failure said
};

/// The report of `ferry progress`.
struct Report {
  std::string learner;  ///< whose
  std::string today;  ///< YYYY-MM-DD
  std::string start_date;  ///< YYYY-MM-DD ("" when nothing was recorded and no start was set)
  std::string start_source;  ///< "set" (ferry progress --start) | "first attempt" | ""
  int plan_weeks = 26;  ///< the plan's length
  int plan_end_week = 0;  ///< the last exercise's last week
  int week_now = 0;  ///< the current week of the plan (1…), 0 before the start
  double weeks_elapsed = 0;  ///< since the start, in weeks
  double done = 0;  ///< exercises' worth done (a finished exercise counts 1)
  double planned = 0;  ///< exercises' worth the plan expects by today
  double plan_position = 0;  ///< the plan week at which the plan expects what is done
  std::string standing;  ///< ahead | on_track | behind | not_started | finished
  double weeks_ahead = 0;  ///< plan_position - weeks_elapsed (negative: behind)
  std::string projected_finish;  ///< YYYY-MM-DD at this pace, "" when there is no pace yet
  int attempts = 0;  ///< attempts recorded
  int exercises_done = 0;  ///< exercises passed in full
  int exercises_in_progress = 0;  ///< attempted, not yet passed
  std::vector<ExerciseProgress> exercises;  ///< in plan order
  std::vector<ConceptMastery> concepts;  ///< weakest first
  std::vector<WeekStats> weeks;  ///< week 1 to the current week
  std::vector<CodeCount> errors;  ///< compiler errors by code, most frequent first
  std::vector<CodeCount> lints;  ///< clippy lints by name, most frequent first
  std::string wall_state;  ///< none | at_wall | through
  std::string wall;  ///< one sentence about the borrow-checker wall
  std::string lint_trend;  ///< one sentence about lints per green build
  std::vector<StuckCase> stuck;  ///< most failures first
};

/// A case counts as stuck after this many failing attempts…
inline constexpr int k_stuck_attempts = 3;
/// …spread over at least this many days, while its latest result is still a failure.
inline constexpr int k_stuck_days = 2;

/// Compute the report of @p input.
Report compute(const Input& input);

/// Days since 1970-01-01 of @p date (YYYY-MM-DD, or the date part of an ISO 8601 time);
/// nullopt when it is not a valid date.
std::optional<long> day_number(const std::string& date);
/// The YYYY-MM-DD of day number @p day.
std::string date_of(long day);

/// The report as JSON (for `ferry progress --json` and tools).
std::string to_json(const Report& report);
/// The report for the terminal.
std::string to_text(const Report& report, bool color);
/// The report as one self-contained HTML page with SVG charts (the curve against the
/// plan, borrow-checker errors per attempt by week, concept mastery); every text escaped.
/// @p title heads the page; @p nav is trusted HTML put above it (the dashboard's links).
std::string to_html(const Report& report, const std::string& title, const std::string& nav = "");
/// The SVG charts alone, for embedding: the curve, the wall, concept mastery.
std::string charts_svg(const Report& report);
/// @p text with &, <, >, " and ' escaped for HTML.
std::string html_escape(const std::string& text);

}  // namespace ferry::progress
