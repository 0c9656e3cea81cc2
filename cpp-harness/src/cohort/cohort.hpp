#pragma once
/// @file
/// The instructor's cohort: results files from CI (`ferry grade --results`) read
/// into attempts of a cohort database (the progress store's schema, many learners),
/// and the dashboard's pages as HTML. Pure, except import_file(), which reads a file
/// and writes the store.

#include "progress/progress.hpp"
#include "store/store.hpp"
#include "util/expected.hpp"

#include <string>
#include <vector>

/// The cohort layer: `ferry cohort import` and the pages `ferry serve` shows.
namespace ferry::cohort {

/// The attempts one results file holds: one per exercise graded.
struct ResultsFile {
  std::string learner;  ///< whose (the file's `learner`, or the override)
  std::vector<store::AttemptRecord> attempts;  ///< one per exercise, at the file's graded_at
};

/// Read a results document (@p text, from @p path, for messages): its learner (@p
/// learner_override when not empty, else the document's `learner`; an error when
/// neither names one), and one attempt per exercise with its cases and diagnostics.
/// Only the learner's ports are a cohort's business: a grade of the references is an error.
util::Expected<ResultsFile> read_results(const std::string& text, const std::string& path,
                                         const std::string& learner_override);

/// The SHA-256 of @p bytes, in lower-case hex.
std::string sha256_hex(const std::string& bytes);

/// What importing one file did.
struct Imported {
  std::string learner;  ///< whose results
  int attempts = 0;  ///< attempts in the file
  bool fresh = false;  ///< false: the same bytes were imported before, nothing changed
};

/// Import the results file at @p path into @p store in one transaction, keyed by its
/// SHA-256, so that the same file twice changes nothing.
util::Expected<Imported> import_file(store::Store& store, const std::string& path, const std::string& learner_override);

/// One learner in the cohort table.
struct LearnerRow {
  std::string learner;  ///< the name
  progress::Report report;  ///< their progress
};

/// How the cohort does on one case: by each learner's latest result of it.
struct CaseRow {
  std::string exercise;  ///< the exercise
  std::string case_id;  ///< the case
  std::string concept_tag;  ///< its concept
  int failing = 0;  ///< learners whose latest result is a failure
  int tried = 0;  ///< learners with a result
};

/// The per-case view: every case some learner ran, most failed first.
std::vector<CaseRow> case_rows(const std::vector<std::pair<std::string, std::vector<store::AttemptRecord>>>& attempts);

/// The dashboard's front page: the cohort table (learner, week, current exercise, pace,
/// stuck flags), each learner linked to their page.
std::string cohort_page(const std::vector<LearnerRow>& rows, const std::string& today);
/// The per-case page: which cases the cohort fails most.
std::string cases_page(const std::vector<CaseRow>& rows);
/// The navigation links shown on every dashboard page (trusted HTML).
std::string nav_html();
/// The path of @p learner's page (the name percent-encoded).
std::string learner_link(const std::string& learner);

}  // namespace ferry::cohort
