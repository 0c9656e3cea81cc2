#pragma once
/// @file
/// `ferry dev verify`, as a function: proves a contract is worth something.
/// Both references pass every case; the untouched starter fails; each mutant
/// fails exactly the cases its mutations.json says it should; and every case
/// is failed ("killed") by the starter or some mutant — a case nothing can
/// fail proves nothing.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "grading/build.hpp"
#include "grading/check.hpp"
#include "util/expected.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ferry::grading {

/// One deliberate bug in a mutant port, and the cases that must catch it.
struct Mutation {
  std::string name;  ///< the FERRY_MUTANT value that turns it on ("notfound-500")
  std::string bug;  ///< the bug in a sentence, quoted when no case catches it
  std::set<std::string> kills;  ///< the ids of exactly the cases it must fail
};

/// Load tests/mutants/NN-name/mutations.json; case ids are checked against @p contract.
util::Expected<std::vector<Mutation>> load_mutations(const std::string& path, const contract::Contract& contract);

/// One run within a verification and what it showed.
struct VerifyRun {
  std::string label;  ///< "rust reference", "go reference", "starter", "mutant notfound-500"
  CheckResult result;  ///< the check itself
  std::set<std::string> failed;  ///< case ids
  bool ok = false;  ///< the run showed what it should (references pass, starter fails, mutant fails its kills)
  std::string problem;  ///< why not ok, in a sentence
};

/// The verification of one exercise: every run and the kill matrix.
struct VerifyReport {
  std::string exercise;  ///< the exercise id
  std::vector<VerifyRun> runs;  ///< in order: the references, the starter, each mutation
  std::map<std::string, std::vector<std::string>> killed_by;  ///< case id → run labels
  std::vector<std::string> unkilled;  ///< case ids that nothing failed: each proves nothing
  bool ok = false;  ///< every run ok and every case killed
};

/// Verify one exercise. @p progress is told about each run as it ends.
util::Expected<VerifyReport> verify_exercise(const Workspace& workspace, const contract::Exercise& exercise,
                                             const contract::Contract& contract, const contract::OpenApi* api,
                                             const std::function<void(const VerifyRun&)>& progress);

}  // namespace ferry::grading
