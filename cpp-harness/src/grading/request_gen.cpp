#include "grading/request_gen.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace ferry::grading {

namespace {

using json = nlohmann::json;

constexpr std::size_t k_huge_string_bytes = 1024 * 1024;  // a member's string
constexpr std::size_t k_huge_body_bytes = 3 * 1024 * 1024;  // past axum's 2 MiB default limit

bool has_placeholder(const json& value) {
  if (value.is_string()) {
    return value.get<std::string>().find("{{") != std::string::npos;
  }
  if (value.is_structured()) {
    return std::any_of(value.begin(), value.end(), [](const json& v) { return has_placeholder(v); });
  }
  return false;
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string param_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// Percent-encode a parameter value so it stays one path segment or query value.
std::string encode_component(const std::string& text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) != 0 || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += k_hex[ch >> 4];
      out += k_hex[ch & 15];
    }
  }
  return out;
}

struct Parameters {
  std::vector<std::pair<std::string, const json*>> path, query, header;  // name, schema
  std::vector<bool> query_required, header_required;
};

Parameters parameters_of(const contract::OperationView& op, const json& document) {
  Parameters params;
  if (auto list = op.spec->find("parameters"); list != op.spec->end() && list->is_array()) {
    for (const auto& raw : *list) {
      const json& p = contract::resolve_ref(raw, document);
      if (!p.is_object() || !p.contains("name") || !p["name"].is_string()) {
        continue;
      }
      static const json k_any = json::object();
      const json* schema = p.contains("schema") ? &p["schema"] : &k_any;
      std::string where = p.value("in", "");
      std::string name = p["name"].get<std::string>();
      if (where == "path") {
        params.path.emplace_back(name, schema);
      } else if (where == "query") {
        params.query.emplace_back(name, schema);
        params.query_required.push_back(p.value("required", false));
      } else if (where == "header") {
        params.header.emplace_back(name, schema);
        params.header_required.push_back(p.value("required", false));
      }
    }
  }
  return params;
}

json path_value(const json& raw, const json& document, contract::Prng& rng) {
  const json& schema = contract::resolve_ref(raw, document);
  if (schema.value("type", "") == "integer") {
    // The first resource a service creates has the smallest id.
    return schema.contains("minimum") && schema["minimum"].is_number_integer() ? schema["minimum"] : json(1);
  }
  return contract::generate_valid(schema, document, rng).value_or(json("ferry"));
}

std::string fill_path(const std::string& templ, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t i = 0;
  while (i < templ.size()) {
    if (templ[i] == '{') {
      std::size_t end = templ.find('}', i);
      std::string name = templ.substr(i + 1, end - i - 1);
      auto found = values.find(name);
      out += found != values.end() ? found->second : "1";
      i = end + 1;
    } else {
      out += templ[i++];
    }
  }
  return out;
}

void set_header(http::WireRequest& request, const std::string& name, const std::string& value) {
  std::string lower = util::to_lower(name);
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [&](const auto& h) { return util::to_lower(h.first) == lower; }),
                        request.headers.end());
  request.headers.emplace_back(name, value);
}

void drop_header(http::WireRequest& request, const std::string& name) {
  std::string lower = util::to_lower(name);
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [&](const auto& h) { return util::to_lower(h.first) == lower; }),
                        request.headers.end());
}

/// A JSON text with the member @p name's value spelled as the raw text @p raw_value
/// (for what a json value cannot hold: 1e400, a lone surrogate, invalid UTF-8).
std::string with_raw_member(const json& object, const std::string& name, const std::string& raw_value) {
  json copy = object;
  copy.erase(name);
  std::string text = dump(copy);
  std::string member = dump(json(name)) + ":" + raw_value;
  if (text == "{}") {
    return "{" + member + "}";
  }
  return "{" + member + "," + text.substr(1);
}

/// The wrong-typed stand-ins for a member of @p schema.
std::vector<std::pair<std::string, json>> wrong_types(const json& schema, const json& document) {
  std::vector<std::pair<std::string, json>> candidates = {
      {"a string", json("ferry")}, {"a number", json(42)},      {"a boolean", json(true)},
      {"an object", json::object({{"x", 1}})}, {"an array", json::array({1})}, {"a fraction", json(1.5)},
  };
  std::vector<std::pair<std::string, json>> wrong;
  for (auto& [what, value] : candidates) {
    if (!contract::validate_schema(value, schema, document).empty()) {
      wrong.emplace_back(what, std::move(value));
    }
  }
  return wrong;
}

bool schema_has_type(const json& raw, const json& document, const std::string& type) {
  const json& schema = contract::resolve_ref(raw, document);
  if (!schema.is_object()) {
    return false;
  }
  if (auto t = schema.find("type"); t != schema.end()) {
    if (t->is_string()) {
      return *t == type;
    }
    if (t->is_array()) {
      return std::find(t->begin(), t->end(), json(type)) != t->end();
    }
  }
  for (const char* key : {"anyOf", "oneOf"}) {
    if (auto branches = schema.find(key); branches != schema.end() && branches->is_array()) {
      for (const auto& b : *branches) {
        if (schema_has_type(b, document, type)) {
          return true;
        }
      }
    }
  }
  return false;
}

/// Whether @p text can be spelled on a shell command line: valid UTF-8 without NUL or
/// other control bytes (tab, newline and carriage return aside).
bool printable(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x80) {
      if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
        return false;
      }
      ++i;
      continue;
    }
    std::size_t length = ch >= 0xF0 && ch <= 0xF4 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC2 && ch < 0xE0 ? 2 : 0;
    if (length == 0 || i + length > text.size()) {
      return false;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

/// A `printf` that writes @p bytes exactly (octal escapes for what a shell line cannot hold).
std::string printf_command(const std::string& bytes) {
  std::string format;
  for (unsigned char ch : bytes) {
    if (ch == '%') {
      format += "%%";
    } else if (ch == '\\') {
      format += "\\\\";
    } else if (ch < 0x20 || ch >= 0x7F || ch == '\'') {
      char octal[8];
      std::snprintf(octal, sizeof octal, "\\%03o", ch);
      format += octal;
    } else {
      format += static_cast<char>(ch);
    }
  }
  return "printf '" + format + "'";
}

class ProbeMaker {
public:
  ProbeMaker(const contract::OperationView& op, http::WireRequest base, std::vector<Probe>& out)
      : m_op(op), m_base(std::move(base)), m_out(out) {}

  void body(const std::string& label, const std::string& body, bool must_reject,
            const std::string& content_type = "application/json", const std::string& pipe = "") {
    http::WireRequest r = m_base;
    r.body = body;
    r.has_body = true;
    set_header(r, "Content-Type", content_type);
    if (!pipe.empty()) {
      r.replay_source = "@-";
      r.replay_pipe = pipe;
    } else if (!printable(body)) {
      r.replay_source = "@-";
      r.replay_pipe = printf_command(body);
    }
    add(label, std::move(r), must_reject);
  }

  void request(const std::string& label, http::WireRequest r, bool must_reject) { add(label, std::move(r), must_reject); }

  [[nodiscard]] const http::WireRequest& base() const { return m_base; }

private:
  void add(const std::string& label, http::WireRequest r, bool must_reject) {
    m_out.push_back(Probe{m_op.name(), label, std::move(r), must_reject, declared_divergence(label)});
  }
  const contract::OperationView& m_op;
  http::WireRequest m_base;
  std::vector<Probe>& m_out;
};

const std::vector<std::pair<std::string, std::string>>& bad_path_values() {
  static const std::vector<std::pair<std::string, std::string>> k_values = {
      {"zero", "0"},
      {"negative", "-1"},
      {"not a number", "abc"},
      {"a fraction", "1.5"},
      {"the largest int64", "9223372036854775807"},
      {"one past the largest int64", "9223372036854775808"},
      {"past 64 bits", "99999999999999999999999999"},
      {"the smallest int64 minus one", "-9223372036854775809"},
      {"an encoded NUL", "%00"},
      {"encoded unicode", "%F0%9F%98%80"},
      {"invalid UTF-8", "%FF%FE"},
      {"a leading space", "%201"},
      {"a dot-dot", "%2E%2E"},
      {"an encoded slash", "1%2F2"},
      {"a 10,000-character segment", std::string(10000, '9')},
  };
  return k_values;
}

void path_probes(const contract::OperationView& op, const Parameters& params, const std::map<std::string, std::string>& valid,
                 ProbeMaker& maker) {
  for (const auto& [name, schema] : params.path) {
    for (const auto& [what, value] : bad_path_values()) {
      auto values = valid;
      values[name] = value;
      http::WireRequest r = maker.base();
      std::string query = r.path.find('?') == std::string::npos ? "" : r.path.substr(r.path.find('?'));
      r.path = fill_path(op.path, values) + query;
      maker.request("path parameter " + name + ": " + what, std::move(r), false);
    }
  }
}

void query_probes(const Parameters& params, ProbeMaker& maker) {
  static const std::vector<std::pair<std::string, std::string>> k_values = {
      {"not a number", "abc"},        {"negative", "-1"},     {"empty", ""},
      {"past 64 bits", "99999999999999999999999999"}, {"a fraction", "1.5"}, {"an encoded NUL", "%00"},
      {"invalid UTF-8", "%FF"},
  };
  for (const auto& [name, schema] : params.query) {
    std::string path = maker.base().path.substr(0, maker.base().path.find('?'));
    for (const auto& [what, value] : k_values) {
      http::WireRequest r = maker.base();
      r.path = path + "?" + name + "=" + value;
      maker.request("query parameter " + name + ": " + what, std::move(r), false);
    }
    http::WireRequest r = maker.base();
    r.path = path + "?" + name + "=1&" + name + "=2";
    maker.request("query parameter " + name + " given twice", std::move(r), false);
  }
}

/// The branch of an anyOf/oneOf @p schema that @p body meets (the object the probes break), or @p schema.
const json& branch_of(const json& body, const json& schema, const json& document) {
  const json& resolved = contract::resolve_ref(schema, document);
  for (const char* key : {"oneOf", "anyOf"}) {
    if (auto branches = resolved.find(key); resolved.is_object() && branches != resolved.end() && branches->is_array()) {
      for (const auto& b : *branches) {
        if (contract::validate_schema(body, b, document).empty()) {
          return contract::resolve_ref(b, document);
        }
      }
    }
  }
  return resolved;
}

void member_probes(const json& body, const json& schema, const json& document, ProbeMaker& maker) {
  auto shape = contract::object_shape(branch_of(body, schema, document), document);
  if (!shape || !body.is_object()) {
    return;
  }
  for (const auto& name : shape->required) {
    json copy = body;
    copy.erase(name);
    maker.body("required member \"" + name + "\" missing", dump(copy), true);
  }
  for (const auto& [name, member_schema] : shape->properties.items()) {
    json with = body;
    if (!contract::admits_null(member_schema, document)) {
      with[name] = nullptr;
      maker.body("member \"" + name + "\" is null", dump(with), true);
    }
    for (const auto& [what, value] : wrong_types(member_schema, document)) {
      json wrong = body;
      wrong[name] = value;
      // A fraction where an integer is wanted is refused by both decoders; a "number"
      // member takes one, so wrong_types() leaves it out there.
      maker.body("member \"" + name + "\" is " + what, dump(wrong), true);
    }
    if (schema_has_type(member_schema, document, "integer") || schema_has_type(member_schema, document, "number")) {
      static const std::vector<std::pair<std::string, std::string>> k_numbers = {
          {"the largest int64", "9223372036854775807"},
          {"one past the largest int64", "9223372036854775808"},
          {"the smallest int64", "-9223372036854775808"},
          {"one below the smallest int64", "-9223372036854775809"},
          {"past the largest uint64", "18446744073709551616"},
          {"1e400 (past a double)", "1e400"},
          {"-0", "-0"},
          {"1.0", "1.0"},
          {"an exponent", "1e2"},
      };
      for (const auto& [what, text] : k_numbers) {
        maker.body("member \"" + name + "\" is " + what, with_raw_member(body, name, text), false);
      }
    }
    if (schema_has_type(member_schema, document, "string")) {
      static const std::vector<std::pair<std::string, std::string>> k_strings = {
          {"a NUL", "\"a\\u0000b\""},
          {"a lone surrogate", "\"\\ud800\""},
          {"a right-to-left override", "\"\\u202emoc.elpmaxe\""},
          {"an emoji", "\"\xF0\x9F\x98\x80\""},
          {"invalid UTF-8", "\"\xFF\xFE\""},
          {"whitespace only", "\"   \""},
          {"an empty string", "\"\""},
      };
      for (const auto& [what, text] : k_strings) {
        maker.body("member \"" + name + "\" holds " + what, with_raw_member(body, name, text), false);
      }
      std::string huge = "\"" + std::string(k_huge_string_bytes, 'a') + "\"";
      maker.body("member \"" + name + "\" is a 1 MiB string", with_raw_member(body, name, huge), false,
                 "application/json",
                 "{ printf '{\"" + name + "\":\"'; head -c " + std::to_string(k_huge_string_bytes) +
                     " /dev/zero | tr '\\0' a; printf '\"}'; }");
    }
    // Nested 10,000 deep: Go's decoder and serde both have depth limits.
    std::string deep = std::string(10000, '[') + std::string(10000, ']');
    maker.body("member \"" + name + "\" nested 10,000 arrays deep", with_raw_member(body, name, deep), false,
               "application/json",
               "{ printf '{\"" + name + "\":'; head -c 10000 /dev/zero | tr '\\0' '['; head -c 10000 /dev/zero | tr '\\0' ']'; printf '}'; }");
  }
  for (const auto& name : shape->required) {
    if (!body.contains(name)) {
      continue;
    }
    json upper = body;
    upper.erase(name);
    std::string shouted = name;
    for (char& ch : shouted) {
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    upper[shouted] = body[name];
    maker.body("required member \"" + name + "\" spelled in upper case", dump(upper), false);
  }
  json extra = body;
  extra["ferry_unknown_member"] = 1;
  maker.body("an unknown extra member", dump(extra), !shape->additional_allowed);
}

void body_probes(const contract::OperationView& op, const json& body, const json& schema, const json& document,
                 ProbeMaker& maker) {
  std::string valid = dump(body);
  maker.body("an empty body", "", true);
  {
    http::WireRequest r = maker.base();
    r.body.clear();
    r.has_body = false;
    maker.request("no body, with a JSON Content-Type", std::move(r), true);
  }
  maker.body("malformed JSON", "{", true);
  maker.body("a truncated body", valid.substr(0, valid.size() / 2), valid.size() > 1);
  maker.body("data after the JSON value", valid + " x", true);
  maker.body("a NUL byte in the body", std::string("{\0}", 3), true);
  maker.body("invalid UTF-8 bytes", "\xFF\xFE\xFD", true);
  for (const auto& [what, text] : std::vector<std::pair<std::string, std::string>>{
           {"null", "null"}, {"an array", "[]"}, {"a string", "\"ferry\""}, {"a number", "42"}, {"true", "true"}}) {
    if (!contract::validate_schema(json::parse(text), schema, document).empty()) {
      maker.body("the body is " + what, text, true);
    }
  }
  {
    http::WireRequest r = maker.base();
    drop_header(r, "Content-Type");
    maker.request("no Content-Type", std::move(r), false);
  }
  maker.body("Content-Type text/plain", valid, false, "text/plain");
  maker.body("Content-Type application/x-www-form-urlencoded", valid, false, "application/x-www-form-urlencoded");
  maker.body("Content-Type application/merge-patch+json", valid, false, "application/merge-patch+json");
  std::string padding(k_huge_body_bytes, ' ');
  maker.body("a 3 MiB body (the value padded with spaces)", valid + padding, false, "application/json",
             "{ printf '%s' " + util::shell_quote(valid) + "; head -c " + std::to_string(k_huge_body_bytes) +
                 " /dev/zero | tr '\\0' ' '; }");
  member_probes(body, schema, document, maker);
  (void)op;
}

}  // namespace

std::string declared_divergence(const std::string& label) {
  static const std::vector<std::pair<std::string, std::string>> k_declared = {
      {"given twice", "Go's Query().Get takes the first of a repeated query parameter; axum's Query refuses it"},
      {" is -0", "Go decodes -0 into an integer as 0; serde_json reads -0 as the float -0.0 and refuses it for an integer"},
      {"lone surrogate", "Go replaces a lone surrogate with U+FFFD; serde_json refuses the string"},
      {"+json", "axum's Json takes any application/*+json; the Go handlers want application/json"},
      {"3 MiB body", "axum refuses a body over 2 MiB with 413; Go reads bodies of any size"},
      {"1e400", "Go's decoder reads 1e400 as a number and refuses it for the field (invalid_body); serde_json refuses it "
                "while parsing (malformed_json)"},
      {"invalid UTF-8", "Go replaces invalid UTF-8 in a string with U+FFFD; serde_json refuses the body"},
      {"spelled in upper case", "Go's encoding/json matches member names case-insensitively; serde does not"},
      {"dot-dot", "an encoded dot segment (%2E%2E): Go's ServeMux and axum's router treat it differently"},
  };
  for (const auto& [needle, why] : k_declared) {
    if (label.find(needle) != std::string::npos) {
      return why;
    }
  }
  return "";
}

const json* request_schema(const contract::OperationView& op) {
  auto rb = op.spec->find("requestBody");
  if (rb == op.spec->end() || !rb->is_object()) {
    return nullptr;
  }
  auto content = rb->find("content");
  if (content == rb->end() || !content->is_object()) {
    return nullptr;
  }
  for (const auto& [media, entry] : content->items()) {
    if ((media == "application/json" || media.ends_with("+json")) && entry.is_object() && entry.contains("schema")) {
      return &entry["schema"];
    }
  }
  return nullptr;
}

ExampleBodies contract_examples(const contract::Contract& contract, const contract::OpenApi& api) {
  ExampleBodies examples;
  auto ops = api.operations();
  for (const auto& c : contract.cases) {
    for (const auto& step : c.steps) {
      if (!step.request.json || has_placeholder(*step.request.json) || step.lifecycle || step.upstream) {
        continue;
      }
      std::string name = api.operation_name(step.request.method, step.request.path);
      auto op = std::find_if(ops.begin(), ops.end(), [&](const auto& o) { return o.name() == name; });
      if (op == ops.end()) {
        continue;
      }
      const json* schema = request_schema(*op);
      if (schema != nullptr && contract::validate_schema(*step.request.json, *schema, api.document()).empty()) {
        auto& list = examples[name];
        if (std::find(list.begin(), list.end(), *step.request.json) == list.end()) {
          list.push_back(*step.request.json);
        }
      }
    }
  }
  return examples;
}

std::optional<http::WireRequest> valid_request(const contract::OperationView& op, const json& document,
                                               const ExampleBodies& examples, contract::Prng& rng) {
  auto params = parameters_of(op, document);
  http::WireRequest request;
  request.method = op.method;
  std::map<std::string, std::string> values;
  for (const auto& [name, schema] : params.path) {
    values[name] = encode_component(param_text(path_value(*schema, document, rng)));
  }
  std::string path = fill_path(op.path, values);
  std::string query;
  for (std::size_t i = 0; i < params.query.size(); ++i) {
    if (!params.query_required[i] && !rng.chance(1, 2)) {
      continue;
    }
    auto value = contract::generate_valid(*params.query[i].second, document, rng);
    if (value) {
      query += (query.empty() ? "?" : "&") + params.query[i].first + "=" + encode_component(param_text(*value));
    }
  }
  request.path = path + query;
  for (std::size_t i = 0; i < params.header.size(); ++i) {
    if (!params.header_required[i] && !rng.chance(1, 2)) {
      continue;
    }
    if (auto value = contract::generate_valid(*params.header[i].second, document, rng)) {
      request.headers.emplace_back(params.header[i].first, param_text(*value));
    }
  }
  if (const json* schema = request_schema(op)) {
    std::optional<json> body;
    auto found = examples.find(op.name());
    if (found != examples.end() && !found->second.empty() && rng.chance(1, 2)) {
      body = found->second[rng.below(found->second.size())];
    } else {
      body = contract::generate_valid(*schema, document, rng);
      if (!body && found != examples.end() && !found->second.empty()) {
        body = found->second.front();
      }
    }
    if (!body) {
      return std::nullopt;
    }
    request.body = dump(*body);
    request.has_body = true;
    request.headers.emplace_back("Content-Type", "application/json");
  }
  return request;
}

std::vector<Probe> generate_probes(const contract::OpenApi& api, const ExampleBodies& examples, const ProbeOptions& options) {
  std::vector<Probe> all;
  contract::Prng rng(options.seed);
  const json& document = api.document();
  for (const auto& op : api.operations()) {
    auto base = valid_request(op, document, examples, rng);
    if (!base) {
      continue;
    }
    std::vector<Probe> probes;
    ProbeMaker maker(op, *base, probes);
    auto params = parameters_of(op, document);
    std::map<std::string, std::string> values;
    for (const auto& [name, schema] : params.path) {
      values[name] = encode_component(param_text(path_value(*schema, document, rng)));
    }
    path_probes(op, params, values, maker);
    query_probes(params, maker);
    if (const json* schema = request_schema(op); schema != nullptr && base->has_body) {
      body_probes(op, json::parse(base->body), *schema, document, maker);
    }
    probes.erase(std::remove_if(probes.begin(), probes.end(),
                                [&](const Probe& p) { return p.request.body.size() > options.max_body_bytes; }),
                 probes.end());
    // A seeded pick when there are more than the limit, kept in generation order.
    auto limit = static_cast<std::size_t>(std::max(options.max_examples, 0));
    while (probes.size() > limit) {
      probes.erase(probes.begin() + static_cast<std::ptrdiff_t>(rng.below(probes.size())));
    }
    all.insert(all.end(), std::make_move_iterator(probes.begin()), std::make_move_iterator(probes.end()));
  }
  // Routes: a method each path does not have (405, with the error shape) and a path no
  // operation has (404) — where axum's defaults answer in plain text or with no body.
  std::map<std::string, std::set<std::string>> methods_by_path;
  for (const auto& op : api.operations()) {
    methods_by_path[op.path].insert(op.method);
  }
  for (const auto& [path, methods] : methods_by_path) {
    for (const char* method : {"DELETE", "PUT", "POST", "PATCH"}) {
      if (methods.contains(method)) {
        continue;
      }
      http::WireRequest r;
      r.method = method;
      r.path = fill_path(path, {});
      all.push_back(Probe{"routes", std::string(method) + " " + path + ", a method the path does not have", std::move(r),
                          true, ""});
      break;
    }
  }
  http::WireRequest unknown;
  unknown.method = "GET";
  unknown.path = "/ferry-no-such-route/1";
  all.push_back(Probe{"routes", "GET on a path no operation has", std::move(unknown), true, ""});
  return all;
}

}  // namespace ferry::grading
