#pragma once
/// @file
/// The front end: parses arguments, dispatches to one subcommand, turns
/// harness errors into `ferry: error: …` and exit code 2.

/// @namespace ferry
/// The `ferry` harness: it builds a learner's Rust port of a Go service, runs it
/// supervised and grades it against the exercise's HTTP contract. The namespaces
/// are its layers, one per folder of cpp-harness/src; the main page shows how
/// they fit together.

/// The cli layer: the front end. Parses arguments (CLI11), finds the repository
/// and the manifest (Context), runs one subcommand and maps its result to an exit
/// code. The only layer that prints `ferry: error: …`.
namespace ferry::cli {

/// Exit code: every case passed (or the command did what it was asked).
inline constexpr int k_exit_pass = 0;
/// Exit code: some case failed, or the learner's crate does not build or start.
inline constexpr int k_exit_fail = 1;
/// Exit code: a usage or harness error (a malformed contract, a missing toolchain).
inline constexpr int k_exit_error = 2;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT).
inline constexpr int k_exit_interrupted = 130;

/// The whole program: `main` forwards here. Parses @p argv, dispatches to one
/// cmd_*() function and returns the process exit code; an unexpected exception is
/// reported as ferry's own internal error (exit code 2).
int run(int argc, char** argv);

}  // namespace ferry::cli
