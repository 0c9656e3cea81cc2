#include "contract/json_reader.hpp"

#include "util/json_pointer.hpp"
#include "util/text.hpp"

#include <fstream>
#include <limits>
#include <sstream>

namespace ferry::contract {

namespace {

/// Nesting depth of @p text, counted outside strings, stopping once past the limit.
/// Checked before parsing so that a pathological file cannot exhaust the stack.
util::Status check_nesting(const std::string& text, const std::string& path, int max_nesting) {
  int depth = 0;
  bool in_string = false;
  std::size_t line = 1;
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
    }
    if (in_string) {
      if (c == '\\') {
        ++i;
        ++column;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_nesting) {
        return util::Error{path + ": line " + std::to_string(line) + ", column " + std::to_string(column) +
                           ": nested deeper than " + std::to_string(max_nesting) + " levels"};
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return util::Status::ok();
}

/// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
std::string tidy_parse_error(const std::string& what) {
  auto pos = what.find("parse error at ");
  std::string message = pos == std::string::npos ? what : what.substr(pos + std::string("parse error at ").size());
  return message;
}

}  // namespace

util::Expected<nlohmann::json> parse_json_text(const std::string& text, const std::string& path, int max_nesting) {
  if (text.size() > k_max_file_bytes) {
    return util::Error{path + ": the file is " + std::to_string(text.size()) + " bytes; the limit is " +
                       std::to_string(k_max_file_bytes)};
  }
  if (util::trim(text).empty()) {
    return util::Error{path + ": the file is empty; expected a JSON object"};
  }
  if (auto nesting = check_nesting(text, path, max_nesting); !nesting) {
    return util::Error{nesting.error()};
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return util::Error{path + ": " + tidy_parse_error(e.what())};
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double ("1e999": out_of_range.406), found by fuzzing:
    // a malformed file (or a service's answer) must never take ferry down.
    std::string what = e.what();
    auto bracket = what.find("] ");
    return util::Error{path + ": " + (bracket == std::string::npos ? what : what.substr(bracket + 2))};
  }
}

util::Expected<nlohmann::json> parse_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return util::Error{path + ": cannot open the file"};
  }
  std::string text;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_file_bytes) {
      return util::Error{path + ": the file is larger than the limit of " + std::to_string(k_max_file_bytes) +
                         " bytes"};
    }
  }
  return parse_json_text(text, path);
}

void Diagnostics::error(std::string_view pointer, std::string_view message) {
  std::string line = m_file;
  line += ':';
  line += pointer.empty() ? std::string_view("/") : pointer;
  line += ": ";
  line += message;
  // One problem, one line: a member name or value from the file may hold a newline or
  // another control character; it is shown escaped, as JSON would write it.
  std::string safe;
  safe.reserve(line.size());
  for (char c : line) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      safe += "\\n";
    } else if (c == '\r') {
      safe += "\\r";
    } else if (c == '\t') {
      safe += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      static const char* hex = "0123456789abcdef";
      safe += "\\u00";
      safe += hex[byte >> 4];
      safe += hex[byte & 0xf];
    } else {
      safe += c;
    }
  }
  m_errors.push_back(std::move(safe));
}

std::string Diagnostics::joined() const {
  std::string out;
  for (const auto& e : m_errors) {
    if (!out.empty()) {
      out += '\n';
    }
    out += e;
  }
  return out;
}

std::string describe_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a number";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    default: return "an unsupported value";
  }
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string pointer, Diagnostics& diagnostics,
                           std::vector<std::string> known_keys)
    : m_value(value), m_pointer(std::move(pointer)), m_diagnostics(diagnostics), m_is_object(value.is_object()) {
  if (!m_is_object) {
    m_diagnostics.error(m_pointer, "expected an object, found " + describe_type(value));
    return;
  }
  for (const auto& [key, member] : value.items()) {
    if (key == "$schema" || key.rfind("//", 0) == 0) {
      continue;  // editor hint and comments
    }
    bool known = false;
    for (const auto& k : known_keys) {
      known = known || k == key;
    }
    if (!known) {
      std::string message = "unknown member \"" + key + "\"";
      if (auto near = util::closest_match(key, known_keys); !near.empty()) {
        message += "; did you mean \"" + near + "\"?";
      }
      m_diagnostics.error(util::pointer_append(m_pointer, key), message);
    }
  }
}

std::string ObjectReader::pointer_to(std::string_view key) const { return util::pointer_append(m_pointer, key); }

bool ObjectReader::has(std::string_view key) const { return m_is_object && m_value.contains(key); }

const nlohmann::json* ObjectReader::get(std::string_view key) const {
  if (!m_is_object) {
    return nullptr;
  }
  auto it = m_value.find(key);
  return it == m_value.end() ? nullptr : &*it;
}

void ObjectReader::error(std::string_view key, std::string_view message) {
  m_diagnostics.error(key.empty() ? m_pointer : pointer_to(key), message);
}

const nlohmann::json* ObjectReader::require(std::string_view key, bool required) {
  const nlohmann::json* value = get(key);
  if (value == nullptr && required && m_is_object) {
    m_diagnostics.error(m_pointer, "missing required member \"" + std::string(key) + "\"");
  }
  return value;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required, bool non_empty) {
  const nlohmann::json* value = require(key, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    error(key, "expected a string, found " + describe_type(*value));
    return std::nullopt;
  }
  auto text = value->get<std::string>();
  if (non_empty && text.empty()) {
    error(key, "must not be empty");
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required, std::int64_t min,
                                                  std::int64_t max) {
  const nlohmann::json* value = require(key, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    error(key, "expected an integer, found " + describe_type(*value));
    return std::nullopt;
  }
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    error(key, "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  auto n = value->get<std::int64_t>();
  if (n < min || n > max) {
    error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", found " +
                   std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<double> ObjectReader::number(std::string_view key, bool required) {
  const nlohmann::json* value = require(key, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_number()) {
    error(key, "expected a number, found " + describe_type(*value));
    return std::nullopt;
  }
  return value->get<double>();
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required) {
  const nlohmann::json* value = require(key, required);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    error(key, "expected true or false, found " + describe_type(*value));
    return std::nullopt;
  }
  return value->get<bool>();
}

const nlohmann::json* ObjectReader::array(std::string_view key, bool required) {
  const nlohmann::json* value = require(key, required);
  if (value != nullptr && !value->is_array()) {
    error(key, "expected an array, found " + describe_type(*value));
    return nullptr;
  }
  return value;
}

const nlohmann::json* ObjectReader::object(std::string_view key, bool required) {
  const nlohmann::json* value = require(key, required);
  if (value != nullptr && !value->is_object()) {
    error(key, "expected an object, found " + describe_type(*value));
    return nullptr;
  }
  return value;
}

const nlohmann::json* ObjectReader::any(std::string_view key, bool required) { return require(key, required); }

}  // namespace ferry::contract
