#pragma once
/// @file
/// Asking a tool what it is: the first line `go version` or `rustc --version` prints,
/// stated in reports so that a reader knows what was measured or graded.

#include <string>
#include <vector>

namespace ferry::process {

/// The first line @p argv prints (trimmed), or "unknown" when it cannot be run or fails.
std::string tool_version(const std::vector<std::string>& argv);

}  // namespace ferry::process
