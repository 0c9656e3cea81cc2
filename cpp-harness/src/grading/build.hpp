#pragma once
/// @file
/// Which implementation of an exercise to grade, and building it: cargo for
/// the learner's crate, the Rust reference and the mutant; go for the Go
/// reference; nothing for a prebuilt binary. Always yields the binary itself,
/// which the supervisor starts directly (never through `cargo run`/`go run`).

#include "contract/manifest.hpp"
#include "grading/diagnostics.hpp"
#include "process/subprocess.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

/// The grading layer: what a check and a verification are, as functions from
/// inputs to results. Planning and running a build, run_check() (the one loop
/// that starts the service, runs the cases and survives crashes), CheckResult,
/// and verify_exercise() behind `ferry dev verify`. It prints nothing and
/// records nothing: the Reporter and the cli layer do.
namespace ferry::grading {

/// Which implementation of an exercise is graded: `learner` (the crate in
/// exercises/NN-name), `rust` (the Rust reference), `go` (the Go reference),
/// `mutant` (the mutant port, with one mutation chosen by FERRY_MUTANT) or
/// `binary` (a program given with `--bin`, run as is).
enum class ImplKind { learner, rust, go, mutant, binary };

/// "learner", "rust", …
std::string to_string(ImplKind kind);
/// Parse "learner|rust|go|mutant" (binary is chosen with --bin instead).
util::Expected<ImplKind> parse_impl(const std::string& text);

/// The implementation to grade, with what its kind needs.
struct Implementation {
  ImplKind kind = ImplKind::learner;  ///< which one
  std::string mutation;  ///< for mutant: FERRY_MUTANT
  std::string binary;  ///< for binary: the path given
  /// Build the Rust crates optimised (`cargo build --release`, into target/release):
  /// `ferry bench` measures release builds, as Go's are always optimised.
  bool release = false;
};

/// What a build produced.
struct BuildOutcome {
  bool ok = false;  ///< the build succeeded and the binary is there
  std::string binary;  ///< absolute path of the service binary
  std::string command;  ///< what was run, for the report
  std::string output;  ///< the tool's output (errors included), as text
  /// What the compiler said, counted by code (the learner's crate, built with cargo's JSON messages).
  std::vector<Diagnostic> diagnostics;
  double duration_ms = 0;  ///< how long the build took
  /// ferry could not run the build at all (a missing tool): a harness error, not the learner's.
  bool tool_error = false;
  /// How the build was confined (the learner's crate only; "" for trusted builds).
  std::string isolation;
};

/// Where things live: the repository root and the cargo target directory.
struct Workspace {
  std::string root;  ///< absolute; the directory with exercises/manifest.json
  std::string target_dir;  ///< default: ROOT/target
};

/// The command that builds an implementation, and the binary it makes (without running it).
struct BuildPlan {
  std::vector<std::string> argv;  ///< the build command (`cargo build --quiet -p PKG`, `go build -o BIN ./PKG`)
  std::string cwd;  ///< where it runs
  std::map<std::string, std::string> env;  ///< for the build tool
  std::string binary;  ///< the program the build makes (or the prebuilt one): absolute
  std::string tool;  ///< "cargo" or "go"; empty when nothing is built
  std::map<std::string, std::string> service_env;  ///< for the service (FERRY_MUTANT)
  /// The learner's crate: its build script and macros are untrusted code, so the build is
  /// confined (confine_cargo()).
  bool untrusted = false;
  std::string output_dir;  ///< where cargo writes this profile: target/debug or target/release
  std::vector<std::string> protected_paths;  ///< kept out of an untrusted build's reach

  /// The build command as one line, for the report ("" when nothing is built).
  [[nodiscard]] std::string command() const;
  /// Whether the binary is yet to be made (a slow build that compiles dependencies).
  [[nodiscard]] bool first_build() const;
};
/// The plan that builds @p impl of @p exercise in @p workspace: cargo for the learner's
/// crate, the Rust reference and the mutant (in the shared target directory), go for
/// the Go reference, nothing for a binary. Fails when the exercise has no such
/// implementation (a mutant without a crate, or without a mutation name).
util::Expected<BuildPlan> plan_build(const Workspace& workspace, const contract::Exercise& exercise,
                                     const Implementation& impl);

/// A program built on the side (an upstream, the two contenders of a bench): where it
/// is, what it runs with, and how its build went.
struct BuiltProgram {
  std::string binary;  ///< absolute path of the program
  std::map<std::string, std::string> service_env;  ///< for the program (FERRY_MUTANT)
  BuildOutcome outcome;  ///< the build itself
};
/// Plan and carry out the build of @p impl of @p exercise, telling @p on_start the plan
/// first. Fails with a sentence: the plan's problem, or "`COMMAND` failed:" and the
/// tool's last lines of output.
util::Expected<BuiltProgram> build_program(const Workspace& workspace, const contract::Exercise& exercise,
                                           const Implementation& impl, std::chrono::milliseconds timeout,
                                           const std::function<void(const BuildPlan&)>& on_start = {});

/// Carry out @p plan. A tool that cannot be run sets tool_error (a harness
/// error); a crate that does not compile is a failed build (the learner's).
BuildOutcome build(const BuildPlan& plan, std::chrono::milliseconds timeout);

/// Confine a cargo command that compiles the learner's crate (a build, or clippy): its
/// build script and proc macros are code the learner wrote or chose. Sets @p options'
/// sandbox from detect_isolation() and returns one sentence saying what is in force.
///  - namespaces: `cargo fetch` runs first, unconfined (downloading runs no crate's code),
///    then the command runs `--offline` in PID, mount, IPC and network namespaces (loopback
///    only), with every mount read-only but a private /tmp and @p output_dir (the profile's
///    directory of the shared target: the only place it writes), @p protected_paths
///    masked, every capability dropped (it keeps ferry's uid, whose target directory it
///    writes), and limits on address space, files and processes.
///  - degraded: a session and process group of its own and the same limits; it can read
///    and write what ferry can.
///  - none: a process group of its own.
std::string confine_cargo(process::SpawnOptions& options, const std::string& output_dir,
                          const std::vector<std::string>& protected_paths, std::chrono::milliseconds timeout);

}  // namespace ferry::grading
