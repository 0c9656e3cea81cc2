#include "contract/openapi.hpp"

#include "contract/json_reader.hpp"
#include "util/json_pointer.hpp"
#include "util/regex_cache.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

namespace ferry::contract {

namespace {

constexpr int k_max_ref_depth = 64;

/// The value at @p pointer in @p document, by reference, or null when there is none.
const nlohmann::json* find_at(const nlohmann::json& document, const std::string& pointer) {
  try {
    return &document.at(nlohmann::json::json_pointer(pointer));
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string brief(const nlohmann::json& value) {
  return util::truncate_for_display(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 80);
}

/// The JSON Schema type names @p value has ("integer" and "number" both, for an integer).
bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (value.is_number_float()) {
      double d = value.get<double>();
      return std::isfinite(d) && std::floor(d) == d;
    }
  }
  return false;
}

std::string type_of(const nlohmann::json& value) {
  if (value.is_number_integer()) return "integer " + brief(value);
  return describe_type(value) + (value.is_object() || value.is_array() ? "" : " " + brief(value));
}

std::size_t characters(const std::string& utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

class Validator {
public:
  explicit Validator(const nlohmann::json& document) : m_document(document) {}

  void check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& at,
             std::vector<SchemaViolation>& out, int depth = 0) {
    if (depth > k_max_ref_depth) {
      out.push_back({at, "a schema whose $refs end", "a cycle of $ref"});
      return;
    }
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) {
        out.push_back({at, "nothing (the schema is false)", brief(value)});
      }
      return;
    }
    if (!schema.is_object()) {
      return;
    }
    if (auto ref = schema.find("$ref"); ref != schema.end() && ref->is_string()) {
      const nlohmann::json* target = resolve(ref->get<std::string>());
      if (target == nullptr) {
        out.push_back({at, "a schema at " + ref->get<std::string>(), "nothing there in the document"});
        return;
      }
      check(value, *target, at, out, depth + 1);
    }
    if (auto type = schema.find("type"); type != schema.end()) {
      std::vector<std::string> types;
      if (type->is_string()) {
        types.push_back(type->get<std::string>());
      } else if (type->is_array()) {
        for (const auto& t : *type) {
          if (t.is_string()) types.push_back(t.get<std::string>());
        }
      }
      if (!types.empty() && std::none_of(types.begin(), types.end(), [&](const std::string& t) { return has_type(value, t); })) {
        std::string wanted;
        for (std::size_t i = 0; i < types.size(); ++i) {
          wanted += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + types[i];
        }
        out.push_back({at, wanted, type_of(value)});
        return;  // the other keywords would only repeat it
      }
    }
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
      if (std::find(e->begin(), e->end(), value) == e->end()) {
        out.push_back({at, "one of " + brief(*e), brief(value)});
      }
    }
    if (auto c = schema.find("const"); c != schema.end() && *c != value) {
      out.push_back({at, brief(*c), brief(value)});
    }
    if (value.is_number()) {
      check_number(value.get<double>(), schema, at, out);
    }
    if (value.is_string()) {
      check_string(value.get<std::string>(), schema, at, out);
    }
    if (value.is_array()) {
      check_array(value, schema, at, out, depth);
    }
    if (value.is_object()) {
      check_object(value, schema, at, out, depth);
    }
    check_combinations(value, schema, at, out, depth);
  }

private:
  const nlohmann::json* resolve(const std::string& ref) const {
    if (ref.empty() || ref.front() != '#') {
      return nullptr;  // only references within the document
    }
    return find_at(m_document, ref.substr(1));
  }

  static void check_number(double n, const nlohmann::json& schema, const std::string& at, std::vector<SchemaViolation>& out) {
    auto bound = [&](const char* key, auto fails, const char* words) {
      if (auto b = schema.find(key); b != schema.end() && b->is_number() && fails(n, b->get<double>())) {
        out.push_back({at, std::string(words) + " " + brief(*b), fmt_number(n)});
      }
    };
    bound("minimum", [](double v, double b) { return v < b; }, "at least");
    bound("maximum", [](double v, double b) { return v > b; }, "at most");
    bound("exclusiveMinimum", [](double v, double b) { return v <= b; }, "more than");
    bound("exclusiveMaximum", [](double v, double b) { return v >= b; }, "less than");
  }

  static std::string fmt_number(double n) { return brief(nlohmann::json(n)); }

  static void check_string(const std::string& s, const nlohmann::json& schema, const std::string& at,
                           std::vector<SchemaViolation>& out) {
    std::size_t length = characters(s);
    if (auto min = schema.find("minLength"); min != schema.end() && min->is_number_unsigned() && length < min->get<std::size_t>()) {
      out.push_back({at, "at least " + min->dump() + " characters", std::to_string(length) + ": " + brief(s)});
    }
    if (auto max = schema.find("maxLength"); max != schema.end() && max->is_number_unsigned() && length > max->get<std::size_t>()) {
      out.push_back({at, "at most " + max->dump() + " characters", std::to_string(length) + ": " + brief(s)});
    }
    if (auto pattern = schema.find("pattern"); pattern != schema.end() && pattern->is_string()) {
      try {
        if (!std::regex_search(s, util::compiled_regex(pattern->get<std::string>(), util::RegexCase::sensitive))) {
          out.push_back({at, "matching /" + pattern->get<std::string>() + "/", brief(s)});
        }
      } catch (const std::regex_error&) {
        out.push_back({at, "a valid pattern in the document", "/" + pattern->get<std::string>() + "/"});
      }
    }
  }

  void check_array(const nlohmann::json& value, const nlohmann::json& schema, const std::string& at,
                   std::vector<SchemaViolation>& out, int depth) {
    if (auto min = schema.find("minItems"); min != schema.end() && min->is_number_unsigned() && value.size() < min->get<std::size_t>()) {
      out.push_back({at, "at least " + min->dump() + " items", std::to_string(value.size())});
    }
    if (auto max = schema.find("maxItems"); max != schema.end() && max->is_number_unsigned() && value.size() > max->get<std::size_t>()) {
      out.push_back({at, "at most " + max->dump() + " items", std::to_string(value.size())});
    }
    if (auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        check(value[i], *items, util::pointer_append(at, i), out, depth + 1);
      }
    }
  }

  void check_object(const nlohmann::json& value, const nlohmann::json& schema, const std::string& at,
                    std::vector<SchemaViolation>& out, int depth) {
    if (auto required = schema.find("required"); required != schema.end() && required->is_array()) {
      for (const auto& name : *required) {
        if (name.is_string() && !value.contains(name.get<std::string>())) {
          out.push_back({util::pointer_append(at, name.get<std::string>()), "present (required)", "(absent)"});
        }
      }
    }
    auto properties = schema.find("properties");
    auto additional = schema.find("additionalProperties");
    for (const auto& [name, member] : value.items()) {
      std::string member_at = util::pointer_append(at, name);
      if (properties != schema.end() && properties->is_object() && properties->contains(name)) {
        check(member, (*properties)[name], member_at, out, depth + 1);
      } else if (additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          out.push_back({member_at, "no member \"" + name + "\" (the document lists every member)", brief(member)});
        } else if (additional->is_object()) {
          check(member, *additional, member_at, out, depth + 1);
        }
      }
    }
  }

  void check_combinations(const nlohmann::json& value, const nlohmann::json& schema, const std::string& at,
                          std::vector<SchemaViolation>& out, int depth) {
    if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
      for (const auto& part : *all) {
        check(value, part, at, out, depth + 1);
      }
    }
    auto count_matching = [&](const nlohmann::json& parts) {
      int matching = 0;
      for (const auto& part : parts) {
        std::vector<SchemaViolation> trial;
        check(value, part, at, trial, depth + 1);
        matching += trial.empty() ? 1 : 0;
      }
      return matching;
    };
    if (auto any = schema.find("anyOf"); any != schema.end() && any->is_array() && count_matching(*any) == 0) {
      out.push_back({at, "a value matching one of " + std::to_string(any->size()) + " schemas (anyOf)", brief(value)});
    }
    if (auto one = schema.find("oneOf"); one != schema.end() && one->is_array()) {
      int matching = count_matching(*one);
      if (matching != 1) {
        out.push_back({at, "a value matching exactly one of " + std::to_string(one->size()) + " schemas (oneOf)",
                       brief(value) + (matching == 0 ? " (matches none)" : " (matches " + std::to_string(matching) + ")")});
      }
    }
  }

  const nlohmann::json& m_document;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t at = 1;
  while (at <= path.size()) {
    auto slash = path.find('/', at);
    if (slash == std::string::npos) {
      slash = path.size();
    }
    segments.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return segments;
}

bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::vector<SchemaViolation> validate_schema(const nlohmann::json& value, const nlohmann::json& schema,
                                             const nlohmann::json& document) {
  std::vector<SchemaViolation> out;
  Validator(document).check(value, schema, "", out);
  return out;
}

util::Expected<OpenApi> OpenApi::load(const std::string& path) {
  auto document = parse_json_file(path);
  if (!document) {
    return util::Error{document.error()};
  }
  return from_json(std::move(*document), path);
}

util::Expected<OpenApi> OpenApi::from_json(nlohmann::json document, const std::string& path) {
  Diagnostics diag(path);
  OpenApi api;
  api.m_source = path;
  if (!document.is_object()) {
    return util::Error{path + ":/: expected an OpenAPI document (an object)"};
  }
  auto version = document.find("openapi");
  if (version == document.end() || !version->is_string() || version->get<std::string>().rfind("3.1", 0) != 0) {
    diag.error("/openapi", "ferry reads OpenAPI 3.1 documents (\"openapi\": \"3.1.0\")");
  }
  auto paths = document.find("paths");
  if (paths == document.end() || !paths->is_object()) {
    diag.error("/paths", "expected an object of paths");
  } else {
    static const std::vector<std::string> methods = {"get", "head", "post", "put", "patch", "delete", "options"};
    for (const auto& [template_path, item] : paths->items()) {
      std::string item_pointer = util::pointer_append("/paths", template_path);
      if (template_path.empty() || template_path.front() != '/') {
        diag.error(item_pointer, "a path starts with '/'");
        continue;
      }
      if (!item.is_object()) {
        diag.error(item_pointer, "expected a path item (an object)");
        continue;
      }
      for (const auto& method : methods) {
        auto op = item.find(method);
        if (op == item.end()) {
          continue;
        }
        std::string pointer = util::pointer_append(item_pointer, method);
        if (!op->is_object() || !op->contains("responses") || !(*op)["responses"].is_object()) {
          diag.error(pointer, "an operation needs \"responses\"");
          continue;
        }
        api.m_operations.push_back({upper(method), template_path, split_path(template_path), pointer});
      }
    }
  }
  if (!diag.ok()) {
    return util::Error{diag.joined()};
  }
  api.m_document = std::move(document);
  return api;
}

const std::string* OpenApi::match_path(const std::string& path) const {
  auto segments = split_path(path);
  // As OpenAPI matches: the path first, concrete segments winning over {parameters}
  // ("/todos/batch" over "/todos/{id}"), then the method on that path.
  const std::string* best_path = nullptr;
  int best_literals = -1;
  for (const auto& op : m_operations) {
    if (op.segments.size() != segments.size()) {
      continue;
    }
    int literals = 0;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      if (is_parameter(op.segments[i])) {
        matches = !segments[i].empty();
      } else {
        matches = op.segments[i] == segments[i];
        literals += matches ? 1 : 0;
      }
    }
    if (matches && literals > best_literals) {
      best_path = &op.path;
      best_literals = literals;
    }
  }
  return best_path;
}

std::vector<OperationView> OpenApi::operations() const {
  std::vector<OperationView> views;
  for (const auto& op : m_operations) {
    views.push_back(OperationView{op.method, op.path, find_at(m_document, op.pointer)});
  }
  return views;
}

std::string OpenApi::operation_name(const std::string& method, const std::string& target) const {
  std::string path = target.substr(0, target.find('?'));
  if (const std::string* best = match_path(path)) {
    for (const auto& op : m_operations) {
      if (op.path == *best && (op.method == method || (method == "HEAD" && op.method == "GET"))) {
        return op.method + " " + op.path;
      }
    }
  }
  return method + " " + path + " (not documented)";
}

util::Expected<DocumentedResponse> OpenApi::response_for(const std::string& method, const std::string& target,
                                                         int status) const {
  std::string path = target.substr(0, target.find('?'));
  const std::string* best_path = match_path(path);
  const bool path_known = best_path != nullptr;
  const Operation* best = nullptr;
  for (const auto& op : m_operations) {
    // HEAD is answered as GET by both Go's mux and axum.
    if (path_known && op.path == *best_path && (op.method == method || (method == "HEAD" && op.method == "GET" && best == nullptr))) {
      best = &op;
    }
  }
  DocumentedResponse response;
  if (best == nullptr) {
    // Not an operation: an unknown path or a method the path does not have. The answer
    // must be an error in the document's error shape.
    response.operation = method + " " + path + (path_known ? " (a method this path does not have)" : " (no such path)");
    if (status < 400) {
      return util::Error{"openapi.json has no operation for " + method + " " + path + ", yet it answered " +
                         std::to_string(status)};
    }
    response.status_key = std::to_string(status);
    response.schema = find_at(m_document, "/components/schemas/Error");
    return response;
  }
  response.operation = best->method + " " + best->path;
  const auto& responses = find_at(m_document, best->pointer)->at("responses");
  std::string exact = std::to_string(status);
  std::string range = exact.substr(0, 1) + "XX";
  const nlohmann::json* documented = nullptr;
  for (const std::string& key : {exact, range, std::string("default")}) {
    if (responses.contains(key)) {
      documented = &responses[key];
      response.status_key = key;
      break;
    }
  }
  if (documented == nullptr) {
    return util::Error{"status " + exact + " is not documented for " + response.operation + " in openapi.json"};
  }
  if (auto ref = documented->find("$ref"); ref != documented->end() && ref->is_string() &&
                                             ref->get<std::string>().rfind('#', 0) == 0) {
    if (const auto* target_response = find_at(m_document, ref->get<std::string>().substr(1))) {
      documented = target_response;
    }
  }
  if (auto content = documented->find("content"); content != documented->end() && content->is_object()) {
    for (const auto& [media, body] : content->items()) {
      if ((media == "application/json" || media.find("+json") != std::string::npos) && body.contains("schema")) {
        response.schema = &body["schema"];
        break;
      }
    }
  }
  if (auto headers = documented->find("headers"); headers != documented->end() && headers->is_object()) {
    for (const auto& [name, header] : headers->items()) {
      if (header.is_object() && header.value("required", false)) {
        response.required_headers.push_back(util::to_lower(name));
      }
    }
  }
  return response;
}

}  // namespace ferry::contract
