#pragma once
/// @file
/// What every subcommand needs: where the repository is, the manifest, the
/// progress database path, and how to talk to the person at the terminal.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "grading/build.hpp"
#include "util/expected.hpp"

#include <string>

namespace ferry::cli {

struct GlobalOptions {
  std::string root;  ///< --root / FERRY_ROOT; found from the working directory otherwise
  std::string db;  ///< --db / FERRY_DB; XDG default otherwise
  bool verbose = false;
  bool no_color = false;
};

struct Context {
  GlobalOptions options;
  std::string root;
  contract::Manifest manifest;
  grading::Workspace workspace;
  std::string command_name = "ferry";  ///< "./ferry" when run through the launcher
  bool color = false;

  /// The exercise named @p name, or an error with the list of names (and a "did you mean").
  [[nodiscard]] util::Expected<const contract::Exercise*> exercise(const std::string& name) const;
  /// Load @p exercise's contract (or @p override_path).
  [[nodiscard]] util::Expected<contract::Contract> contract(const contract::Exercise& exercise,
                                                           const std::string& override_path = "") const;
  [[nodiscard]] std::string db_path() const;
};

/// Find the root, load the manifest.
util::Expected<Context> make_context(const GlobalOptions& options);

}  // namespace ferry::cli
