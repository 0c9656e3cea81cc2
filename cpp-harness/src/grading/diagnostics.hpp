#pragma once
/// @file
/// What the compiler said, as data: cargo's JSON messages (`--message-format=json`)
/// turned back into the text a learner reads, plus the errors counted by code
/// (E0382, E0502…) and the warnings and clippy lints counted by name.

#include <chrono>
#include <string>
#include <vector>

namespace ferry::grading {

/// Diagnostics of one code in one build: `E0382` ×2, `clippy::needless_return` ×1.
struct Diagnostic {
  std::string level;  ///< error | warning
  std::string code;  ///< E0382, unused_variables, clippy::needless_return; "" when rustc gave none
  int count = 0;  ///< how many in this build
  std::string message;  ///< the first one's headline ("borrow of moved value: `s`")
};

/// A build's output read as cargo JSON lines.
struct CargoMessages {
  std::string rendered;  ///< the compiler's messages as rendered text, and every line that was not JSON
  std::vector<Diagnostic> diagnostics;  ///< counted by (level, code), in first-seen order
};

/// Read @p output of a cargo command run with `--message-format=json`: each
/// `compiler-message` contributes its `rendered` text and, when it is an error or a
/// warning about the code (it has spans; "aborting due to…" has none), a count under
/// its code. Lines that are not JSON (cargo's own "error: could not compile") are kept
/// as they are; other JSON lines (artifacts, build-finished) are dropped.
CargoMessages parse_cargo_messages(const std::string& output);

/// The error codes that are the borrow checker's (moves, borrows, lifetimes):
/// E0382, E0499, E0502, E0505, E0597, E0716 and their neighbours.
bool is_borrow_checker_code(const std::string& code);

/// What `cargo clippy` said about a crate that builds.
struct LintRun {
  bool ran = false;  ///< clippy ran to completion (false: not installed, or it failed)
  std::vector<Diagnostic> lints;  ///< its `clippy::` lints, counted by name
  std::string problem;  ///< why it did not run, when it did not
};

/// Run `cargo clippy --message-format=json -p PACKAGE` in @p cwd with @p target_dir
/// and count its `clippy::` lints. Clippy compiles the learner's crate (its build script
/// and macros run): it is confined as the build is (confine_cargo()), with
/// @p protected_paths out of its reach.
LintRun run_clippy(const std::string& cwd, const std::string& target_dir, const std::string& package,
                   const std::vector<std::string>& protected_paths, std::chrono::milliseconds timeout);

}  // namespace ferry::grading
