#pragma once
/// @file
/// Reading a whole file with a bounded size, and writing a file so that a reader never
/// sees half of it: a temporary file beside it, flushed, then renamed over it.

#include "util/expected.hpp"

#include <cstddef>
#include <string>

namespace ferry::util {

/// Write @p text to @p path atomically, creating its directory; "" or a sentence saying
/// what went wrong (the old file, if any, is then left as it was). The text goes to a
/// fresh temporary file (never through a symlink), is fsynced, then renamed over @p path:
/// a kill at any moment leaves the old file or the whole new one.
std::string write_file_atomically(const std::string& path, const std::string& text);

/// The whole of the file at @p path, or an error naming it and saying why ("cannot read
/// PATH: No such file or directory", "PATH is larger than the limit of N bytes"). Reads at
/// most @p max_bytes, so a huge or endless file (a FIFO, /dev/zero) costs no more than that.
Expected<std::string> read_file(const std::string& path, std::size_t max_bytes = std::size_t{64} << 20);

}  // namespace ferry::util
