#include "http/json_match.hpp"

#include "util/regex_cache.hpp"

#include "util/json_pointer.hpp"
#include "util/text.hpp"

#include <cmath>
#include <regex>

namespace ferry::http {

using nlohmann::json;

std::string render_json(const json& value, std::size_t max_bytes) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (value.is_object() && value.empty()) {
    text += " (an empty object)";
  } else if (value.is_array() && value.empty()) {
    text += " (an empty array)";
  } else if (value.is_string() && value.get_ref<const std::string&>().empty()) {
    text += " (an empty string)";
  }
  return util::truncate_for_display(text, max_bytes);
}

namespace {

bool numbers_equal(const json& a, const json& b) {
  if (a.is_number_float() || b.is_number_float()) {
    return a.get<double>() == b.get<double>();
  }
  if (a.is_number_unsigned() && b.is_number_unsigned()) {
    return a.get<std::uint64_t>() == b.get<std::uint64_t>();
  }
  if (a.is_number_unsigned() || b.is_number_unsigned()) {
    const json& u = a.is_number_unsigned() ? a : b;
    const json& s = a.is_number_unsigned() ? b : a;
    return s.get<std::int64_t>() >= 0 && u.get<std::uint64_t>() == static_cast<std::uint64_t>(s.get<std::int64_t>());
  }
  return a.get<std::int64_t>() == b.get<std::int64_t>();
}

std::string type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::string: return "string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    default: return "value";
  }
}

bool has_type(const json& value, const std::string& type) {
  if (type == "number") return value.is_number();
  if (type == "integer") return value.is_number_integer() || (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
  return type_name(value) == type;
}

void diff_into(const json& expected, const json& actual, bool subset, const std::string& pointer,
               std::vector<Mismatch>& out) {
  if (expected.is_number() && actual.is_number()) {
    if (!numbers_equal(expected, actual)) {
      out.push_back({pointer, render_json(expected), render_json(actual)});
    }
    return;
  }
  if (expected.type() != actual.type()) {
    out.push_back({pointer, render_json(expected), render_json(actual)});
    return;
  }
  if (expected.is_object()) {
    for (const auto& [key, value] : expected.items()) {
      std::string child = util::pointer_append(pointer, key);
      auto it = actual.find(key);
      if (it == actual.end()) {
        out.push_back({child, render_json(value), "(absent)"});
      } else {
        diff_into(value, *it, subset, child, out);
      }
    }
    if (!subset) {
      for (const auto& [key, value] : actual.items()) {
        if (!expected.contains(key)) {
          out.push_back({util::pointer_append(pointer, key), "(absent)", render_json(value)});
        }
      }
    }
    return;
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      out.push_back({pointer, "an array of " + std::to_string(expected.size()) + " elements: " + render_json(expected),
                     "an array of " + std::to_string(actual.size()) + " elements: " + render_json(actual)});
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      diff_into(expected[i], actual[i], subset, util::pointer_append(pointer, i), out);
    }
    return;
  }
  if (expected != actual) {
    out.push_back({pointer, render_json(expected), render_json(actual)});
  }
}

std::string describe_matcher(const contract::ValueMatcher& m) {
  std::vector<std::string> parts;
  if (m.absent) parts.emplace_back("absent");
  if (m.present) parts.emplace_back("present");
  if (m.is_null) parts.emplace_back("null");
  if (m.type) parts.push_back("of type " + *m.type);
  if (m.regex) parts.push_back("matching /" + *m.regex + "/");
  if (m.min) parts.push_back("≥ " + render_json(json(*m.min)));
  if (m.max) parts.push_back("≤ " + render_json(json(*m.max)));
  if (m.length) parts.push_back("of length " + std::to_string(*m.length));
  if (m.non_empty) parts.emplace_back("non-empty");
  if (m.equals) parts.push_back("equal to " + render_json(*m.equals));
  std::string out;
  for (const auto& p : parts) {
    out += out.empty() ? p : ", " + p;
  }
  return out;
}

}  // namespace

bool json_equal(const json& a, const json& b) {
  std::vector<Mismatch> out;
  diff_into(a, b, false, "", out);
  return out.empty();
}

std::vector<Mismatch> diff_json(const json& expected, const json& actual, bool subset) {
  std::vector<Mismatch> out;
  diff_into(expected, actual, subset, "", out);
  return out;
}

std::optional<Mismatch> check_matcher(const contract::ValueMatcher& m, const json& actual) {
  auto found = util::resolve_pointer(actual, m.pointer);
  std::string expected = describe_matcher(m);
  if (m.absent) {
    if (found) {
      return Mismatch{m.pointer, expected, render_json(*found)};
    }
    return std::nullopt;
  }
  if (!found) {
    return Mismatch{m.pointer, expected, "(absent)"};
  }
  const json& v = *found;
  auto fail = [&]() { return Mismatch{m.pointer, expected, render_json(v)}; };
  if (m.is_null && !v.is_null()) return fail();
  if (m.type && !has_type(v, *m.type)) return fail();
  if (m.regex) {
    if (!v.is_string()) return fail();
    const auto& text = v.get_ref<const std::string&>();
    // std::regex recurses per character; long inputs are refused rather than risked.
    if (text.size() > 64 * 1024 || !std::regex_search(text, util::compiled_regex(*m.regex, util::RegexCase::sensitive))) return fail();
  }
  if ((m.min || m.max) && !v.is_number()) return fail();
  if (m.min && v.get<double>() < *m.min) return fail();
  if (m.max && v.get<double>() > *m.max) return fail();
  if (m.length) {
    std::size_t size = v.is_string() ? v.get_ref<const std::string&>().size() : v.is_structured() ? v.size() : SIZE_MAX;
    if (size != *m.length) return fail();
  }
  if (m.non_empty) {
    bool empty = v.is_string() ? v.get_ref<const std::string&>().empty() : v.is_structured() ? v.empty() : v.is_null();
    if (empty) return fail();
  }
  if (m.equals && !json_equal(*m.equals, v)) return fail();
  return std::nullopt;
}

std::vector<Mismatch> match_body(const contract::BodyExpectation& expectation, const std::optional<json>& actual) {
  std::vector<Mismatch> out;
  if (!expectation.expects_json()) {
    return out;
  }
  if (!actual) {
    out.push_back({"", expectation.json ? render_json(*expectation.json) : "a JSON body", "(not JSON)"});
    return out;
  }
  return match_body(expectation, *actual);
}

std::vector<Mismatch> match_body(const contract::BodyExpectation& expectation, const json& actual) {
  std::vector<Mismatch> out;
  if (expectation.json) {
    out = diff_json(*expectation.json, actual, expectation.mode != contract::BodyMode::exact);
  }
  for (const auto& matcher : expectation.matchers) {
    if (auto mismatch = check_matcher(matcher, actual)) {
      out.push_back(*mismatch);
    }
  }
  return out;
}

}  // namespace ferry::http
