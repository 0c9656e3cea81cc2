#pragma once
/// @file
/// The front end: parses arguments, dispatches to one subcommand, turns
/// harness errors into `ferry: error: …` and exit code 2.

namespace ferry::cli {

/// Exit codes, the product's interface.
inline constexpr int k_exit_pass = 0;
inline constexpr int k_exit_fail = 1;
inline constexpr int k_exit_error = 2;
inline constexpr int k_exit_interrupted = 130;

int run(int argc, char** argv);

}  // namespace ferry::cli
