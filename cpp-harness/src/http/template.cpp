#include "http/template.hpp"

#include "util/text.hpp"

namespace ferry::http {

namespace {

std::string as_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string fill_text(const std::string& text, const Captures& captures) {
  return fill_text(text, captures, [](std::string value) { return value; });
}

std::string fill_pattern(const std::string& text, const Captures& captures) {
  return fill_text(text, captures, [](const std::string& value) {
    std::string escaped;
    for (char c : value) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) {
        escaped += '\\';
      }
      escaped += c;
    }
    return escaped;
  });
}

std::string fill_text(const std::string& text, const Captures& captures,
                      const std::function<std::string(std::string)>& transform) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{", pos);
    if (open == std::string::npos) {
      out.append(text, pos, std::string::npos);
      return out;
    }
    auto close = text.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      return out;
    }
    out.append(text, pos, open - pos);
    std::string name(util::trim(std::string_view(text).substr(open + 2, close - open - 2)));
    auto it = captures.find(name);
    out += it == captures.end() ? text.substr(open, close + 2 - open) : transform(as_text(it->second));
    pos = close + 2;
  }
}

nlohmann::json fill_json(const nlohmann::json& value, const Captures& captures) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.size() > 4 && text.rfind("{{", 0) == 0 && text.find("{{", 2) == std::string::npos &&
        text.compare(text.size() - 2, 2, "}}") == 0) {
      std::string name(util::trim(std::string_view(text).substr(2, text.size() - 4)));
      if (auto it = captures.find(name); it != captures.end()) {
        return it->second;
      }
    }
    return fill_text(text, captures);
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) {
      out[key] = fill_json(member, captures);
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& member : value) {
      out.push_back(fill_json(member, captures));
    }
    return out;
  }
  return value;
}

}  // namespace ferry::http
