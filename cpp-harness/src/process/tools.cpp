#include "process/tools.hpp"

#include "process/subprocess.hpp"
#include "util/text.hpp"

namespace ferry::process {

std::string tool_version(const std::vector<std::string>& argv) {
  SpawnOptions options;
  options.argv = argv;
  auto done = run_to_completion(options, std::chrono::seconds(20));
  if (!done || !done->status.success()) {
    return "unknown";
  }
  auto lines = util::split_lines(done->output);
  return lines.empty() ? std::string("unknown") : std::string(util::trim(lines.front()));
}

}  // namespace ferry::process
