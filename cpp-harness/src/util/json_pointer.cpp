#include "util/json_pointer.hpp"

#include <charconv>

namespace ferry::util {

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_append(std::string_view base, std::string_view token) {
  std::string out(base);
  out += '/';
  out += escape_pointer_token(token);
  return out;
}

std::string pointer_append(std::string_view base, std::size_t index) {
  return pointer_append(base, std::to_string(index));
}

bool is_valid_pointer(std::string_view pointer) {
  if (pointer.empty()) {
    return true;
  }
  if (pointer.front() != '/') {
    return false;
  }
  for (std::size_t i = 0; i < pointer.size(); ++i) {
    if (pointer[i] == '~' && (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))) {
      return false;
    }
  }
  return true;
}

namespace {

std::string unescape_token(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out += token[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> resolve_pointer(const nlohmann::json& document, std::string_view pointer) {
  if (!is_valid_pointer(pointer)) {
    return std::nullopt;
  }
  const nlohmann::json* current = &document;
  std::size_t pos = 0;
  while (pos < pointer.size()) {
    std::size_t next = pointer.find('/', pos + 1);
    std::string token = unescape_token(pointer.substr(pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1));
    if (current->is_object()) {
      auto it = current->find(token);
      if (it == current->end()) {
        return std::nullopt;
      }
      current = &*it;
    } else if (current->is_array()) {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || end != token.data() + token.size() || token.empty() ||
          (token.size() > 1 && token[0] == '0') || index >= current->size()) {
        return std::nullopt;
      }
      current = &(*current)[index];
    } else {
      return std::nullopt;
    }
    pos = next == std::string_view::npos ? pointer.size() : next;
  }
  return *current;
}

}  // namespace ferry::util
