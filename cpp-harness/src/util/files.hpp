#pragma once
/// @file
/// Writing a file so that a reader never sees half of it: a temporary file beside it,
/// flushed, then renamed over it.

#include <string>

namespace ferry::util {

/// Write @p text to @p path atomically, creating its directory; "" or a sentence saying
/// what went wrong (the old file, if any, is then left as it was).
std::string write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ferry::util
