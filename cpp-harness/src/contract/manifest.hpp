#pragma once
/// @file
/// The exercise manifest (exercises/manifest.json): the single, versioned index
/// of exercises — their order, where each part lives, the suggested weeks and
/// the concepts they teach. Content only; progress is kept in the store.

#include "contract/contract.hpp"
#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::contract {

/// The manifest format this harness reads.
inline constexpr int k_manifest_format_version = 1;

/// One exercise: a Go reference, a Rust reference, a starter crate, a contract, a lesson.
struct Exercise {
  std::string id;  ///< "02-users": two digits, a dash, a lower-case name
  std::string title;  ///< shown by `ferry list`
  int week_from = 1;  ///< suggested weeks on the 26-week plan: the first
  int week_to = 1;  ///< suggested weeks on the 26-week plan: the last
  std::vector<std::string> concepts;  ///< what the exercise teaches ("option", "absent-vs-null")
  std::string dir;  ///< the learner's crate and the contract, relative to the root
  std::string contract;  ///< relative to the root
  std::string lesson;  ///< "lessons/02-users.md", relative to the root
  std::string reference_go;  ///< Go package directory, relative to the root
  std::string reference_rust;  ///< crate directory
  std::string mutant;  ///< crate directory, optional
  std::string learner_package;  ///< cargo package of the learner's crate (`cargo build -p`)
  std::string reference_package;  ///< cargo package of the Rust reference
  std::string mutant_package;  ///< cargo package of the mutant; required when `mutant` is set
  /// The service keeps its data in SQLite: each check gives it a fresh database
  /// file in DATABASE_URL, kept across restarts within the check.
  bool database = false;
  /// A service this one forwards to (08-gateway's Go todos service): an earlier
  /// exercise whose Go reference ferry builds and starts beside the service, on
  /// the same database file, behind ferry's FaultProxy. The service finds it in
  /// UPSTREAM_URL. Contract steps take it down, slow it, and ask what reached it.
  struct Upstream {
    std::string exercise;  ///< its id ("05-todos")
    std::string reference_go;  ///< its Go reference, relative to the root
    bool database = false;  ///< it keeps its data in the service's database file
  };
  std::optional<Upstream> upstream;  ///< the service's upstream, if it has one
  /// Its OpenAPI document, relative to the root (optional): `ferry check` validates
  /// every answer against it.
  std::string openapi;
  /// The performance budget (the manifest's "performance"): `ferry check` grades it as a
  /// stage after the contract's last, with `ferry bench`. Needs a load mix.
  std::optional<PerformanceBudget> performance;
};

/// The whole manifest: every exercise, in the order of the plan.
struct Manifest {
  int format_version = k_manifest_format_version;  ///< the file's format
  std::string source_path;  ///< the file it was loaded from, for messages
  int plan_weeks = 26;  ///< the length of the plan; every exercise's weeks fall within it
  std::vector<Exercise> exercises;  ///< in the order of the plan (their weeks never go back)

  /// The exercise named @p name: its full id ("02-users"), its number ("2",
  /// "02") or its short name ("users").
  [[nodiscard]] const Exercise* find(const std::string& name) const;
  /// Every exercise id, in order (for "did you mean" and for listing).
  [[nodiscard]] std::vector<std::string> ids() const;
};

/// Load and validate @p path; errors are `file:/pointer: message` lines.
util::Expected<Manifest> load_manifest(const std::string& path);
/// Validate an already parsed document (for tests); @p path is used in messages.
util::Expected<Manifest> manifest_from_json(const nlohmann::json& document, const std::string& path);

}  // namespace ferry::contract
