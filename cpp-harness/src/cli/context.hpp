#pragma once
/// @file
/// What every subcommand needs: where the repository is, the manifest, the
/// progress database path, and how to talk to the person at the terminal.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "contract/openapi.hpp"
#include "grading/build.hpp"
#include "util/expected.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

/// The options every subcommand accepts.
struct GlobalOptions {
  std::string root;  ///< --root / FERRY_ROOT; found from the working directory otherwise
  std::string db;  ///< --db / FERRY_DB; XDG default otherwise
  bool verbose = false;  ///< -v: every failure and difference in full
  bool no_color = false;  ///< --no-color (NO_COLOR=1 also turns colour off)
};

/// The world a subcommand runs in, made once by make_context().
struct Context {
  GlobalOptions options;  ///< as given
  std::string root;  ///< the repository root, absolute, without a trailing '/'
  contract::Manifest manifest;  ///< exercises/manifest.json, loaded and validated
  grading::Workspace workspace;  ///< the root and the cargo target directory (CARGO_TARGET_DIR if absolute)
  std::string command_name = "ferry";  ///< "./ferry" when run through the launcher
  bool color = false;  ///< whether output to stdout is coloured

  /// The exercise named @p name, or an error with the list of names (and a "did you mean").
  [[nodiscard]] util::Expected<const contract::Exercise*> exercise(const std::string& name) const;
  /// Load @p exercise's contract (or @p override_path).
  [[nodiscard]] util::Expected<contract::Contract> contract(const contract::Exercise& exercise,
                                                           const std::string& override_path = "") const;
  /// Append to @p contract the hidden cases of @p ex in @p dir (`DIR/NN-name.json`, when
  /// there is one); an Error when @p dir is not a directory or the file is not valid.
  /// Returns how many cases were added.
  [[nodiscard]] util::Expected<std::size_t> add_hidden(contract::Contract& contract, const contract::Exercise& ex,
                                                       const std::string& dir) const;
  /// The progress database: --db, else store::default_db_path().
  [[nodiscard]] std::string db_path() const;
  /// The database and its -wal, -shm and -journal files: what learner code must not read.
  [[nodiscard]] std::vector<std::string> database_files() const;
  /// The exercises @p names name, in that order (every one of the manifest when empty);
  /// an Error for the first that names none.
  [[nodiscard]] util::Expected<std::vector<const contract::Exercise*>> exercises(const std::vector<std::string>& names) const;
  /// The OpenAPI document of @p ex, loaded and checked; nullopt when it has none.
  [[nodiscard]] util::Expected<std::optional<contract::OpenApi>> openapi(const contract::Exercise& ex) const;
};

/// What `ferry diff` and `ferry probe` work on: an exercise, its contract, its OpenAPI
/// document and the implementation to run against them.
struct ApiTarget {
  const contract::Exercise* exercise = nullptr;  ///< from the manifest
  contract::Contract contract;  ///< its contract
  contract::OpenApi api;  ///< its openapi.json
  grading::Implementation impl;  ///< learner, rust, go or a mutant
};

/// Load the ApiTarget for `ferry COMMAND EXERCISE --impl IMPL [--mutation M]`, or the
/// sentence that says why not (an unknown exercise or implementation, an invalid
/// contract or OpenAPI document, an exercise without one).
util::Expected<ApiTarget> load_api_target(const Context& context, const std::string& command, const std::string& exercise,
                                          const std::string& impl, const std::string& mutation);

/// Find the root (--root, FERRY_ROOT, the working directory and its parents, then
/// the directory of the ferry binary and its parents), load the manifest.
util::Expected<Context> make_context(const GlobalOptions& options);

}  // namespace ferry::cli
