#pragma once
/// @file
/// Filling `{{name}}` placeholders with values captured from earlier steps.

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <string>

namespace ferry::http {

/// Captured values by name; numbers stay numbers.
using Captures = std::map<std::string, nlohmann::json>;

/// Replace every `{{name}}` in @p text; a value that is not a string is written as JSON.
/// Unknown names are left as they are (the loader already rejected them).
std::string fill_text(const std::string& text, const Captures& captures);

/// fill_text(), each value passed through @p transform before it is written.
std::string fill_text(const std::string& text, const Captures& captures,
                      const std::function<std::string(std::string)>& transform);

/// fill_text() for a regular expression: each value is escaped so that it matches
/// itself literally (a captured "a.b" matches "a.b", not "axb").
std::string fill_pattern(const std::string& text, const Captures& captures);

/// Fill every string inside @p value. A string that is exactly one placeholder
/// becomes the captured value itself, keeping its JSON type (so `"{{id}}"` can
/// stand for the number 7).
nlohmann::json fill_json(const nlohmann::json& value, const Captures& captures);

}  // namespace ferry::http
