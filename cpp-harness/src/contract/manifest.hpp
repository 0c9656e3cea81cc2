#pragma once
/// @file
/// The exercise manifest (exercises/manifest.json): the single, versioned index
/// of exercises — their order, where each part lives, the suggested weeks and
/// the concepts they teach. Content only; progress is kept in the store.

#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::contract {

inline constexpr int k_manifest_format_version = 1;

/// One exercise: a Go reference, a Rust reference, a starter crate, a contract, a lesson.
struct Exercise {
  std::string id;  ///< "02-users"
  std::string title;
  int week_from = 1;  ///< suggested weeks on the 26-week plan
  int week_to = 1;
  std::vector<std::string> concepts;
  std::string dir;  ///< the learner's crate and the contract, relative to the root
  std::string contract;  ///< relative to the root
  std::string lesson;
  std::string reference_go;  ///< Go package directory, relative to the root
  std::string reference_rust;  ///< crate directory
  std::string mutant;  ///< crate directory, optional
  std::string learner_package;  ///< cargo package names
  std::string reference_package;
  std::string mutant_package;
  /// The service keeps its data in SQLite: each check gives it a fresh database
  /// file in DATABASE_URL, kept across restarts within the check.
  bool database = false;
};

struct Manifest {
  int format_version = k_manifest_format_version;
  std::string source_path;
  int plan_weeks = 26;
  std::vector<Exercise> exercises;

  /// The exercise named @p name: its full id ("02-users"), its number ("2",
  /// "02") or its short name ("users").
  [[nodiscard]] const Exercise* find(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> ids() const;
};

/// Load and validate @p path; errors are `file:/pointer: message` lines.
util::Expected<Manifest> load_manifest(const std::string& path);
util::Expected<Manifest> manifest_from_json(const nlohmann::json& document, const std::string& path);

}  // namespace ferry::contract
