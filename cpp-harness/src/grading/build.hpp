#pragma once
/// @file
/// Which implementation of an exercise to grade, and building it: cargo for
/// the learner's crate, the Rust reference and the mutant; go for the Go
/// reference; nothing for a prebuilt binary. Always yields the binary itself,
/// which the supervisor starts directly (never through `cargo run`/`go run`).

#include "contract/manifest.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace ferry::grading {

enum class ImplKind { learner, rust, go, mutant, binary };

/// "learner", "rust", …
std::string to_string(ImplKind kind);
/// Parse "learner|rust|go|mutant" (binary is chosen with --bin instead).
util::Expected<ImplKind> parse_impl(const std::string& text);

struct Implementation {
  ImplKind kind = ImplKind::learner;
  std::string mutation;  ///< for mutant: FERRY_MUTANT
  std::string binary;  ///< for binary: the path given
};

/// What a build produced.
struct BuildOutcome {
  bool ok = false;
  std::string binary;  ///< absolute path of the service binary
  std::string command;  ///< what was run, for the report
  std::string output;  ///< the tool's output (errors included)
  double duration_ms = 0;
  /// ferry could not run the build at all (a missing tool): a harness error, not the learner's.
  bool tool_error = false;
};

/// Where things live: the repository root and the cargo target directory.
struct Workspace {
  std::string root;
  std::string target_dir;  ///< default: ROOT/target
};

/// The command that builds @p impl, and the binary it makes (without running it).
struct BuildPlan {
  std::vector<std::string> argv;
  std::string cwd;
  std::map<std::string, std::string> env;  ///< for the build tool
  std::string binary;
  std::string tool;  ///< "cargo" or "go"; empty when nothing is built
  std::map<std::string, std::string> service_env;  ///< for the service (FERRY_MUTANT)

  /// The build command as one line, for the report ("" when nothing is built).
  [[nodiscard]] std::string command() const;
  /// Whether the binary is yet to be made (a slow build that compiles dependencies).
  [[nodiscard]] bool first_build() const;
};
util::Expected<BuildPlan> plan_build(const Workspace& workspace, const contract::Exercise& exercise,
                                     const Implementation& impl);

/// Carry out @p plan. A tool that cannot be run sets tool_error (a harness
/// error); a crate that does not compile is a failed build (the learner's).
BuildOutcome build(const BuildPlan& plan, std::chrono::milliseconds timeout);

}  // namespace ferry::grading
