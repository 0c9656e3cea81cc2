#pragma once
/// @file
/// Reading a JSON data file (a contract or the manifest) defensively: size and
/// nesting limits before parsing, and typed accessors that record every problem
/// as `file:/json/pointer: message` instead of throwing.

#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::contract {

/// Limits that keep a hostile or broken file from exhausting the harness: the largest file read.
inline constexpr std::size_t k_max_file_bytes = 4 * 1024 * 1024;
/// The deepest nesting of arrays and objects accepted in a hand-written file.
inline constexpr int k_max_nesting = 64;
/// Responses are not authored by hand; they may nest deeper (still bounded, for the stack).
inline constexpr int k_max_response_nesting = 1000;

/// Read and parse @p path. Errors are complete lines: "path: line 3, column 7: ...".
util::Expected<nlohmann::json> parse_json_file(const std::string& path);

/// Parse @p text as if read from @p path (for tests and for embedded documents).
util::Expected<nlohmann::json> parse_json_text(const std::string& text, const std::string& path,
                                               int max_nesting = k_max_nesting);

/// Collects `file:/pointer: message` lines.
class Diagnostics {
public:
  /// Diagnostics for @p file, the name every line starts with.
  explicit Diagnostics(std::string file) : m_file(std::move(file)) {}
  /// Record @p message about the value at @p pointer ("" is the whole document).
  void error(std::string_view pointer, std::string_view message);
  /// Whether nothing was recorded.
  [[nodiscard]] bool ok() const { return m_errors.empty(); }
  /// Every line recorded, in order.
  [[nodiscard]] const std::vector<std::string>& errors() const { return m_errors; }
  /// The file the lines are about.
  [[nodiscard]] const std::string& file() const { return m_file; }
  /// All errors joined by newlines.
  [[nodiscard]] std::string joined() const;

private:
  std::string m_file;
  std::vector<std::string> m_errors;
};

/// A human name for the JSON type of @p value ("a string", "null", …).
std::string describe_type(const nlohmann::json& value);

/// Typed, pointer-aware access to the members of one JSON object.
/// Unknown members are reported (with a "did you mean" when one is close).
/// The typed accessors return nullopt (or nullptr) when the member is missing or
/// of the wrong type; a missing @p required member and a wrong type are recorded.
class ObjectReader {
public:
  /// Read @p value, found at @p pointer, recording problems in @p diagnostics.
  /// Members outside @p known_keys are reported at once, except `$schema` and
  /// members whose names start with `//` (comments).
  ObjectReader(const nlohmann::json& value, std::string pointer, Diagnostics& diagnostics,
               std::vector<std::string> known_keys);

  /// Whether the value is an object (if not, that was reported and every accessor finds nothing).
  [[nodiscard]] bool is_object() const { return m_is_object; }
  /// Where the object is in its document.
  [[nodiscard]] const std::string& pointer() const { return m_pointer; }
  /// The pointer to member @p key, for messages and for readers of nested objects.
  [[nodiscard]] std::string pointer_to(std::string_view key) const;
  /// Whether member @p key is there (with any value, null included).
  [[nodiscard]] bool has(std::string_view key) const;
  /// Member @p key, or nullptr; records nothing.
  [[nodiscard]] const nlohmann::json* get(std::string_view key) const;

  /// A string member; an empty string is an error unless @p non_empty is false.
  std::optional<std::string> string(std::string_view key, bool required, bool non_empty = true);
  /// An integer member within [@p min, @p max].
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  /// A number member (integer or not).
  std::optional<double> number(std::string_view key, bool required);
  /// A boolean member.
  std::optional<bool> boolean(std::string_view key, bool required);
  /// An array member; elements are left to the caller.
  const nlohmann::json* array(std::string_view key, bool required);
  /// An object member.
  const nlohmann::json* object(std::string_view key, bool required);
  /// A member of any JSON type.
  const nlohmann::json* any(std::string_view key, bool required);

  /// Record @p message about member @p key ("" for the object itself).
  void error(std::string_view key, std::string_view message);

private:
  const nlohmann::json* require(std::string_view key, bool required);

  const nlohmann::json& m_value;
  std::string m_pointer;
  Diagnostics& m_diagnostics;
  bool m_is_object;
};

}  // namespace ferry::contract
