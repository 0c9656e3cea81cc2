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

/// Limits that keep a hostile or broken file from exhausting the harness.
inline constexpr std::size_t k_max_file_bytes = 4 * 1024 * 1024;
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
  explicit Diagnostics(std::string file) : m_file(std::move(file)) {}
  void error(std::string_view pointer, std::string_view message);
  [[nodiscard]] bool ok() const { return m_errors.empty(); }
  [[nodiscard]] const std::vector<std::string>& errors() const { return m_errors; }
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
class ObjectReader {
public:
  ObjectReader(const nlohmann::json& value, std::string pointer, Diagnostics& diagnostics,
               std::vector<std::string> known_keys);

  [[nodiscard]] bool is_object() const { return m_is_object; }
  [[nodiscard]] const std::string& pointer() const { return m_pointer; }
  [[nodiscard]] std::string pointer_to(std::string_view key) const;
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] const nlohmann::json* get(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required, bool non_empty = true);
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  std::optional<double> number(std::string_view key, bool required);
  std::optional<bool> boolean(std::string_view key, bool required);
  /// An array member; elements are left to the caller.
  const nlohmann::json* array(std::string_view key, bool required);
  /// An object member.
  const nlohmann::json* object(std::string_view key, bool required);
  /// A member of any JSON type.
  const nlohmann::json* any(std::string_view key, bool required);

  void error(std::string_view key, std::string_view message);

private:
  const nlohmann::json* require(std::string_view key, bool required);

  const nlohmann::json& m_value;
  std::string m_pointer;
  Diagnostics& m_diagnostics;
  bool m_is_object;
};

}  // namespace ferry::contract
