#pragma once
/// @file
/// Compiled regular expressions, kept: a contract's patterns are compiled once
/// when it is loaded and reused for every response they check.

#include <regex>
#include <string>

namespace ferry::util {

/// How a pattern is matched: case-sensitively (JSON values) or not (header values).
enum class RegexCase { sensitive, insensitive };

/// @p pattern compiled as an ECMAScript regular expression, from a process-wide
/// cache (thread-safe; the reference stays valid for the life of the process).
/// Throws std::regex_error when the pattern does not compile.
const std::regex& compiled_regex(const std::string& pattern, RegexCase mode);

}  // namespace ferry::util
