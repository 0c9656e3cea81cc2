#pragma once
/// @file
/// RFC 6901 JSON pointers: building them while walking a document, and looking
/// one up without throwing (a missing member is an answer, not an error).

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ferry::util {

/// Escape one reference token ("a/b" → "a~1b", "~" → "~0").
std::string escape_pointer_token(std::string_view token);

/// @p base + "/" + escaped @p token.
std::string pointer_append(std::string_view base, std::string_view token);

/// @p base + "/" + @p index.
std::string pointer_append(std::string_view base, std::size_t index);

/// Whether @p pointer is syntactically valid ("" or "/..." with well-formed escapes).
bool is_valid_pointer(std::string_view pointer);

/// The value at @p pointer in @p document, or nullopt if any step is missing.
/// (A JSON null that is there is returned as a null value, not as nullopt.)
std::optional<nlohmann::json> resolve_pointer(const nlohmann::json& document, std::string_view pointer);

}  // namespace ferry::util
