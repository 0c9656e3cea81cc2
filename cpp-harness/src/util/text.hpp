#pragma once
/// @file
/// String helpers that know nothing about ferry: quoting for shells, trimming,
/// truncation for display, and edit distance for "did you mean".

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::util {

/// Quote @p s for a POSIX shell, so a printed command can be pasted and run as is.
std::string shell_quote(std::string_view s);

/// Cut @p s to at most @p max_bytes (on a UTF-8 boundary) and say how much was cut.
std::string truncate_for_display(std::string_view s, std::size_t max_bytes);

/// @p s without terminal control sequences: ANSI escapes (colours from a
/// logger, cursor moves, OSC titles) are dropped and other control bytes but tab
/// are shown as '?', so a service's output cannot repaint the learner's terminal.
std::string strip_terminal_controls(std::string_view s);

/// Split @p s into lines (without their `'\n'`); a trailing newline adds no empty line.
std::vector<std::string> split_lines(std::string_view s);

/// The last @p n lines of @p s.
std::vector<std::string> last_lines(std::string_view s, std::size_t n);
/// The last @p n lines of @p s, each on a new line indented by four spaces and without
/// terminal control sequences: a program's output quoted inside a message.
std::string quoted_tail(std::string_view s, std::size_t n);

/// ASCII lower case.
std::string to_lower(std::string_view s);

/// Strip leading and trailing whitespace.
std::string_view trim(std::string_view s);

/// Levenshtein distance, for suggesting a near name.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to @p word if it is close enough to be a likely typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// Percent-encode the bytes of @p target that may not appear raw in an HTTP
/// request target (space, quotes, brackets, braces, control and non-ASCII bytes);
/// everything else, '%' and '+' included, is kept as the contract wrote it.
std::string encode_request_target(std::string_view target);

/// Milliseconds as "85 ms" or "1.4 s".
std::string format_duration_ms(double ms);

}  // namespace ferry::util
