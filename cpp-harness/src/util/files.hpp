#pragma once
/// @file
/// Writing a file so that a reader never sees half of it: a temporary file beside it,
/// flushed, then renamed over it.

#include <string>

namespace ferry::util {

/// Write @p text to @p path atomically, creating its directory; "" or a sentence saying
/// what went wrong (the old file, if any, is then left as it was). The text goes to a
/// fresh temporary file (never through a symlink), is fsynced, then renamed over @p path:
/// a kill at any moment leaves the old file or the whole new one.
std::string write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ferry::util
