#include "grading/answer_diff.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace ferry::grading {

namespace {

using json = nlohmann::json;

std::string escape_token(const std::string& key) {
  std::string out;
  for (char ch : key) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

/// JSON's kinds, with integers and other numbers alike ("number").
std::string kind_of(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

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
    return s.get<std::int64_t>() >= 0 && static_cast<std::uint64_t>(s.get<std::int64_t>()) == u.get<std::uint64_t>();
  }
  return a.get<std::int64_t>() == b.get<std::int64_t>();
}

void compare_into(const json& reference, const json& port, const std::string& at, std::vector<FieldDiff>& out) {
  if (kind_of(reference) != kind_of(port)) {
    out.push_back(FieldDiff{DiffKind::type, at, reference, port, ""});
    return;
  }
  if (reference.is_object()) {
    for (const auto& [key, value] : reference.items()) {
      std::string pointer = at + "/" + escape_token(key);
      if (auto other = port.find(key); other != port.end()) {
        compare_into(value, *other, pointer, out);
      } else {
        out.push_back(FieldDiff{DiffKind::missing, pointer, value, json(), ""});
      }
    }
    for (const auto& [key, value] : port.items()) {
      if (!reference.contains(key)) {
        out.push_back(FieldDiff{DiffKind::extra, at + "/" + escape_token(key), json(), value, ""});
      }
    }
    return;
  }
  if (reference.is_array()) {
    if (reference.size() != port.size()) {
      out.push_back(FieldDiff{DiffKind::array_length, at, reference.size(), port.size(), ""});
    }
    for (std::size_t i = 0; i < std::min(reference.size(), port.size()); ++i) {
      compare_into(reference[i], port[i], at + "/" + std::to_string(i), out);
    }
    return;
  }
  bool equal = reference.is_number() ? numbers_equal(reference, port) : reference == port;
  if (!equal) {
    out.push_back(FieldDiff{DiffKind::value, at, reference, port, ""});
  }
}

std::set<std::string> methods_of(const std::string& allow) {
  std::set<std::string> methods;
  std::string current;
  for (char ch : allow + ",") {
    if (ch == ',' || ch == ' ') {
      if (!current.empty()) {
        methods.insert(current);
      }
      current.clear();
    } else {
      current += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  return methods;
}

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json();
}

bool is_json_media(const std::string& media) {
  return media == "application/json" || (media.size() > 5 && media.ends_with("+json"));
}

}  // namespace

std::string to_string(DiffKind kind) {
  switch (kind) {
    case DiffKind::missing: return "missing";
    case DiffKind::extra: return "extra";
    case DiffKind::type: return "type";
    case DiffKind::value: return "value";
    case DiffKind::array_length: return "array length";
    case DiffKind::status: return "status";
    case DiffKind::header: return "header";
  }
  return "value";
}

Answer answer_of(const http::Exchange& exchange) {
  Answer answer;
  if (!exchange.response) {
    answer.failure = exchange.failure_detail.empty() ? "no answer" : exchange.failure_detail;
    return answer;
  }
  const auto& response = *exchange.response;
  answer.status = response.status;
  if (auto type = response.header("content-type")) {
    answer.media_type = util::to_lower(util::trim(type->substr(0, type->find(';'))));
  }
  answer.allow = response.header("allow");
  answer.location = response.header("location");
  answer.body = response.body;
  if (!response.body.empty()) {
    if (const auto& parsed = response.json(); parsed) {
      answer.json = *parsed;
    }
  }
  return answer;
}

std::vector<FieldDiff> compare_json(const json& reference, const json& port, const std::string& at) {
  std::vector<FieldDiff> out;
  compare_into(reference, port, at, out);
  return out;
}

std::vector<FieldDiff> compare_answers(const Answer& reference, const Answer& port) {
  std::vector<FieldDiff> out;
  auto status_of = [](const Answer& a) { return a.status == 0 ? json("no answer: " + a.failure) : json(a.status); };
  if (reference.status != port.status) {
    out.push_back(FieldDiff{DiffKind::status, "status", status_of(reference), status_of(port), ""});
  }
  if (reference.status == 0 || port.status == 0) {
    for (auto& d : out) {
      d.explanation = explain(d, reference, port);
    }
    return out;
  }
  if (reference.media_type != port.media_type) {
    out.push_back(FieldDiff{DiffKind::header, "header:content-type", reference.media_type, port.media_type, ""});
  }
  if (reference.status != port.status) {
    // Another status means another answer: its body would only repeat the difference.
    for (auto& d : out) {
      d.explanation = explain(d, reference, port);
    }
    return out;
  }
  if (reference.allow.has_value() != port.allow.has_value() ||
      (reference.allow && methods_of(*reference.allow) != methods_of(*port.allow))) {
    out.push_back(FieldDiff{DiffKind::header, "header:allow", optional_text(reference.allow), optional_text(port.allow), ""});
  }
  if (reference.location != port.location) {
    out.push_back(FieldDiff{DiffKind::header, "header:location", optional_text(reference.location),
                            optional_text(port.location), ""});
  }
  if (reference.json && port.json) {
    auto body = compare_json(*reference.json, *port.json);
    out.insert(out.end(), body.begin(), body.end());
  } else if (reference.json.has_value() != port.json.has_value()) {
    out.push_back(FieldDiff{DiffKind::type, "", reference.json ? *reference.json : json(reference.body),
                            port.json ? *port.json : json(port.body), ""});
  } else if (reference.body != port.body) {
    // Text (a Prometheus exposition, say) compares line by line, in any order: the
    // lines only one side has are the difference.
    auto lines = [](const std::string& text) {
      auto list = util::split_lines(text);
      std::sort(list.begin(), list.end());
      return list;
    };
    auto ours = lines(reference.body);
    auto theirs = lines(port.body);
    std::vector<std::string> only_reference;
    std::vector<std::string> only_port;
    std::set_difference(ours.begin(), ours.end(), theirs.begin(), theirs.end(), std::back_inserter(only_reference));
    std::set_difference(theirs.begin(), theirs.end(), ours.begin(), ours.end(), std::back_inserter(only_port));
    if (!only_reference.empty() || !only_port.empty()) {
      out.push_back(FieldDiff{DiffKind::value, "", only_reference.empty() ? json() : json(only_reference.front()),
                              only_port.empty() ? json() : json(only_port.front()), ""});
    }
  }
  for (auto& d : out) {
    d.explanation = explain(d, reference, port);
  }
  return out;
}

std::string general_pointer(const std::string& where) {
  std::string out;
  std::size_t i = 0;
  while (i < where.size()) {
    if (where[i] == '/') {
      std::size_t end = where.find('/', i + 1);
      std::string token = where.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      bool index = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      out += "/" + (index ? std::string("*") : token);
      i = end == std::string::npos ? where.size() : end;
    } else {
      out += where[i++];
    }
  }
  return out;
}

void NoiseModel::learn(const std::string& operation, const std::vector<FieldDiff>& diffs) {
  for (const auto& d : diffs) {
    m_places[operation].insert(general_pointer(d.where));
  }
}

void NoiseModel::declare(const std::string& operation, const std::string& where) {
  m_places[operation].insert(where);
}

bool NoiseModel::is_noise(const std::string& operation, const FieldDiff& diff) const {
  std::string where = general_pointer(diff.where);
  for (const auto& op : {operation, std::string("*")}) {
    auto found = m_places.find(op);
    if (found == m_places.end()) {
      continue;
    }
    for (const auto& place : found->second) {
      // A noisy place covers itself and everything below it ("" covers the whole body).
      if (where == place) {
        return true;
      }
      bool body_place = place.empty() || place[0] == '/';
      bool body_where = where.empty() || where[0] == '/';
      if (body_place && body_where && where.rfind(place + "/", 0) == 0) {
        return true;
      }
      if (place.empty() && body_where) {
        return true;
      }
      // A status that differs makes the whole answer noise.
      if (place == "status") {
        return true;
      }
    }
  }
  return false;
}

std::string explain(const FieldDiff& diff, const Answer& reference, const Answer& port) {
  const json& r = diff.reference;
  const json& p = diff.port;
  if (diff.kind == DiffKind::type && r.is_array() && r.empty() && p.is_null()) {
    return "an empty list: Go answers [] here and your port null — a Rust Option<Vec<_>> that is None, or a Go nil "
           "slice copied literally; serialise an empty Vec instead";
  }
  if (diff.kind == DiffKind::type && r.is_null() && p.is_array() && p.empty()) {
    return "an empty list: Go answers null here (a nil slice) and your port []";
  }
  if (diff.kind == DiffKind::missing && r.is_null()) {
    return "null vs absent: Go writes the member as null, your port leaves it out — drop "
           "#[serde(skip_serializing_if = \"Option::is_none\")]";
  }
  if (diff.kind == DiffKind::extra && p.is_null()) {
    return "null vs absent: your port writes null where Go leaves the member out (Go's omitempty)";
  }
  if (diff.kind == DiffKind::type && r.is_null() && p.is_object() && p.empty()) {
    return "{} where Go has null: a struct serialised in place of None";
  }
  if ((diff.kind == DiffKind::type || diff.kind == DiffKind::value) && r.is_null() && p.is_string() && p.get<std::string>().empty()) {
    return "\"\" where Go has null: an empty string stands in for None";
  }
  if (diff.kind == DiffKind::header && diff.where == "header:content-type" && is_json_media(reference.media_type) &&
      port.media_type.rfind("text/", 0) == 0) {
    return "a text/plain answer where Go answers JSON" +
           std::string(reference.status >= 400 ? ": errors must carry the JSON error shape, not axum's plain-text rejection" : "");
  }
  if (diff.kind == DiffKind::header && diff.where == "header:content-type" && is_json_media(reference.media_type) &&
      port.media_type.empty()) {
    return "no Content-Type (and likely no body) where Go answers JSON: axum's default answers carry no body; "
           "a fallback or a method_not_allowed_fallback that returns your JSON error fixes it";
  }
  if (diff.kind == DiffKind::header && diff.where == "header:allow" && !p.is_string() && port.status == 405) {
    return "a 405 without an Allow header: Go's ServeMux lists the path's methods in Allow";
  }
  if (diff.kind == DiffKind::header && diff.where == "header:allow" && r.is_null() && port.status != 405) {
    return "an Allow header on a " + std::to_string(port.status) +
           " answer where Go sends none: axum's MethodRouter adds Allow to what its fallback answers";
  }
  if (diff.kind == DiffKind::status && r == 400 && p == 422) {
    return "422 where Go answers 400: axum's Json extractor rejects a body of the wrong shape with 422; map the "
           "rejection to the 400 the contract wants";
  }
  if (diff.kind == DiffKind::status && p.is_number() && p.get<int>() >= 500 && r.is_number() && r.get<int>() < 500) {
    return "a server error where Go answers " + std::to_string(r.get<int>()) + ": a panic, an unwrap or an error mapped to 500";
  }
  if (diff.kind == DiffKind::status && p.is_string()) {
    return "your port did not answer (a panic closes the connection)";
  }
  return "";
}

}  // namespace ferry::grading
