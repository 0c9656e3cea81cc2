#pragma once
/// @file
/// One function per subcommand; each returns the process exit code.

#include "cli/context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ferry::cli {

struct CheckArgs {
  std::string exercise;
  std::string impl = "learner";
  std::string mutation;  ///< for --impl mutant
  std::string binary;  ///< --bin: run this program instead of building
  std::string contract;  ///< --contract: another contract file (authoring)
  std::optional<int> stage;
  int startup_timeout_s = 15;
  bool no_record = false;
  bool keep_db = false;
};
int cmd_check(const Context& context, const CheckArgs& args);

int cmd_list(const Context& context);

struct HintArgs {
  std::string exercise;
};
int cmd_hint(const Context& context, const HintArgs& args);

struct VerifyArgs {
  std::vector<std::string> exercises;  ///< empty: all
};
int cmd_dev_verify(const Context& context, const VerifyArgs& args);

int cmd_doctor(const Context* context);

}  // namespace ferry::cli
