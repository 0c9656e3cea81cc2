#include "contract/schema_gen.hpp"

#include "contract/openapi.hpp"

#include <algorithm>
#include <limits>

namespace ferry::contract {

namespace {

constexpr int k_max_depth = 8;  // nesting of generated values
constexpr std::int64_t k_max_items = 3;  // array elements generated beyond minItems
constexpr std::int64_t k_max_extra_chars = 8;  // string length generated beyond minLength

using json = nlohmann::json;

const json* find_ref(const json& document, const std::string& ref) {
  if (ref.rfind('#', 0) != 0) {
    return nullptr;
  }
  try {
    const json& target = document.at(json::json_pointer(ref.substr(1)));
    return &target;
  } catch (const json::exception&) {
    return nullptr;
  }
}

std::vector<std::string> types_of(const json& schema) {
  std::vector<std::string> types;
  if (auto t = schema.find("type"); t != schema.end()) {
    if (t->is_string()) {
      types.push_back(t->get<std::string>());
    } else if (t->is_array()) {
      for (const auto& one : *t) {
        if (one.is_string()) {
          types.push_back(one.get<std::string>());
        }
      }
    }
  }
  return types;
}

bool valid(const json& value, const json& schema, const json& document) {
  return validate_schema(value, schema, document).empty();
}

std::optional<json> generate(const json& raw, const json& document, Prng& rng, int depth);

std::optional<json> from_examples(const json& schema, const json& document, Prng& rng) {
  if (auto ex = schema.find("examples"); ex != schema.end() && ex->is_array() && !ex->empty()) {
    const json& pick = (*ex)[rng.below(ex->size())];
    if (valid(pick, schema, document)) {
      return pick;
    }
    for (const auto& one : *ex) {
      if (valid(one, schema, document)) {
        return one;
      }
    }
  }
  return std::nullopt;
}

json make_integer(const json& schema, Prng& rng) {
  std::int64_t low = 0;
  std::int64_t high = 100;
  if (auto m = schema.find("minimum"); m != schema.end() && m->is_number()) {
    low = m->is_number_integer() ? m->get<std::int64_t>() : static_cast<std::int64_t>(m->get<double>());
    high = low > std::numeric_limits<std::int64_t>::max() - 100 ? std::numeric_limits<std::int64_t>::max() : low + 100;
  }
  if (auto m = schema.find("exclusiveMinimum"); m != schema.end() && m->is_number_integer()) {
    low = m->get<std::int64_t>() + 1;
    high = std::max(high, low + 100);
  }
  if (auto m = schema.find("maximum"); m != schema.end() && m->is_number()) {
    std::int64_t max = m->is_number_unsigned() ? std::numeric_limits<std::int64_t>::max()
                       : m->is_number_integer() ? m->get<std::int64_t>()
                                                : static_cast<std::int64_t>(m->get<double>());
    high = std::min(high, max);
    low = std::min(low, high);
  }
  if (auto m = schema.find("exclusiveMaximum"); m != schema.end() && m->is_number_integer()) {
    high = std::min(high, m->get<std::int64_t>() - 1);
    low = std::min(low, high);
  }
  // Small values and the bounds themselves are where ports differ most.
  switch (rng.below(4)) {
    case 0: return low;
    case 1: return high;
    default: return rng.between(low, high);
  }
}

json make_string(const json& schema, Prng& rng) {
  std::int64_t min = schema.value("minLength", 1);
  std::int64_t max = schema.value("maxLength", min + k_max_extra_chars);
  min = std::max<std::int64_t>(min, 0);
  max = std::max(min, std::min(max, min + k_max_extra_chars));
  std::int64_t length = rng.between(min, max);
  static const char* k_alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string text;
  for (std::int64_t i = 0; i < length; ++i) {
    text += k_alphabet[i == 0 ? rng.below(26) : rng.below(36)];
  }
  return text;
}

std::optional<json> make_object(const json& schema, const json& document, Prng& rng, int depth) {
  auto shape = object_shape(schema, document);
  if (!shape) {
    return json::object();
  }
  json object = json::object();
  for (const auto& [name, member] : shape->properties.items()) {
    bool required = std::find(shape->required.begin(), shape->required.end(), name) != shape->required.end();
    if (!required && !rng.chance(2, 3)) {
      continue;
    }
    auto value = generate(member, document, rng, depth + 1);
    if (!value) {
      if (required) {
        return std::nullopt;
      }
      continue;
    }
    object[name] = std::move(*value);
  }
  for (const auto& name : shape->required) {
    if (!object.contains(name)) {
      object[name] = "x";  // required but undescribed: any value will do
    }
  }
  return object;
}

std::optional<json> generate(const json& raw, const json& document, Prng& rng, int depth) {
  if (depth > k_max_depth) {
    return std::nullopt;
  }
  const json& schema = resolve_ref(raw, document);
  if (schema.is_boolean()) {
    return schema.get<bool>() ? std::optional<json>(json(1)) : std::nullopt;
  }
  if (!schema.is_object()) {
    return json(nullptr);
  }
  if (auto c = schema.find("const"); c != schema.end()) {
    return *c;
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array() && !e->empty()) {
    return (*e)[rng.below(e->size())];
  }
  for (const char* key : {"anyOf", "oneOf"}) {
    if (auto branches = schema.find(key); branches != schema.end() && branches->is_array() && !branches->empty()) {
      // Try the branches from a random start; the first that yields a valid value wins.
      std::size_t start = rng.below(branches->size());
      for (std::size_t i = 0; i < branches->size(); ++i) {
        const json& branch = (*branches)[(start + i) % branches->size()];
        if (auto value = generate(branch, document, rng, depth + 1); value && valid(*value, schema, document)) {
          return value;
        }
      }
      return from_examples(schema, document, rng);
    }
  }
  if (schema.contains("pattern")) {
    return from_examples(schema, document, rng);
  }
  auto types = types_of(schema);
  if (types.empty()) {
    if (schema.contains("properties") || schema.contains("required") || schema.contains("allOf")) {
      types.emplace_back("object");
    } else if (schema.contains("items")) {
      types.emplace_back("array");
    } else {
      types.emplace_back("string");
    }
  }
  // Null now and then, when the schema allows it and something else too.
  std::string type = types[rng.below(types.size())];
  if (type == "null" && types.size() > 1 && rng.chance(1, 2)) {
    type = types[(std::find(types.begin(), types.end(), type) - types.begin() + 1) % types.size()];
  }
  std::optional<json> value;
  if (type == "null") {
    value = json(nullptr);
  } else if (type == "boolean") {
    value = json(rng.chance(1, 2));
  } else if (type == "integer") {
    value = make_integer(schema, rng);
  } else if (type == "number") {
    value = json(make_integer(schema, rng).get<std::int64_t>());
  } else if (type == "string") {
    value = make_string(schema, rng);
  } else if (type == "array") {
    json array = json::array();
    std::int64_t min = schema.value("minItems", 0);
    std::int64_t max = std::min<std::int64_t>(schema.value("maxItems", min + k_max_items), min + k_max_items);
    std::int64_t count = rng.between(std::min(min, max), max);
    const json& items = schema.contains("items") ? schema["items"] : json::object();
    for (std::int64_t i = 0; i < count; ++i) {
      auto item = generate(items, document, rng, depth + 1);
      if (!item) {
        return from_examples(schema, document, rng);
      }
      array.push_back(std::move(*item));
    }
    value = std::move(array);
  } else {
    value = make_object(schema, document, rng, depth);
  }
  if (value && valid(*value, schema, document)) {
    return value;
  }
  return from_examples(schema, document, rng);
}

}  // namespace

std::uint64_t Prng::next() {
  std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t Prng::below(std::uint64_t bound) {
  return bound == 0 ? 0 : next() % bound;
}

std::int64_t Prng::between(std::int64_t low, std::int64_t high) {
  if (high <= low) {
    return low;
  }
  auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  std::uint64_t offset = span == std::numeric_limits<std::uint64_t>::max() ? next() : below(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + offset);
}

bool Prng::chance(std::uint64_t numerator, std::uint64_t denominator) {
  return below(denominator) < numerator;
}

const json& resolve_ref(const json& schema, const json& document) {
  const json* current = &schema;
  for (int hops = 0; hops < 16 && current->is_object(); ++hops) {
    auto ref = current->find("$ref");
    if (ref == current->end() || !ref->is_string()) {
      break;
    }
    const json* target = find_ref(document, ref->get<std::string>());
    if (target == nullptr) {
      break;
    }
    current = target;
  }
  return *current;
}

bool admits_null(const json& raw, const json& document) {
  const json& schema = resolve_ref(raw, document);
  if (!schema.is_object()) {
    return schema.is_boolean() && schema.get<bool>();
  }
  auto types = types_of(schema);
  if (std::find(types.begin(), types.end(), "null") != types.end()) {
    return true;
  }
  for (const char* key : {"anyOf", "oneOf"}) {
    if (auto branches = schema.find(key); branches != schema.end() && branches->is_array()) {
      for (const auto& branch : *branches) {
        if (admits_null(branch, document)) {
          return true;
        }
      }
    }
  }
  if (auto c = schema.find("const"); c != schema.end()) {
    return c->is_null();
  }
  return types.empty() && !schema.contains("properties") && !schema.contains("enum") && !schema.contains("allOf");
}

std::optional<ObjectShape> object_shape(const json& raw, const json& document) {
  const json& schema = resolve_ref(raw, document);
  if (!schema.is_object()) {
    return std::nullopt;
  }
  auto types = types_of(schema);
  bool is_object = std::find(types.begin(), types.end(), "object") != types.end() ||
                   (types.empty() && (schema.contains("properties") || schema.contains("required") || schema.contains("allOf")));
  if (!is_object) {
    return std::nullopt;
  }
  ObjectShape shape;
  auto merge = [&](const json& part) {
    if (auto p = part.find("properties"); p != part.end() && p->is_object()) {
      for (const auto& [name, member] : p->items()) {
        shape.properties[name] = member;
      }
    }
    if (auto r = part.find("required"); r != part.end() && r->is_array()) {
      for (const auto& name : *r) {
        if (name.is_string() && std::find(shape.required.begin(), shape.required.end(), name.get<std::string>()) == shape.required.end()) {
          shape.required.push_back(name.get<std::string>());
        }
      }
    }
    if (auto a = part.find("additionalProperties"); a != part.end() && a->is_boolean() && !a->get<bool>()) {
      shape.additional_allowed = false;
    }
  };
  merge(schema);
  if (auto all = schema.find("allOf"); all != schema.end() && all->is_array()) {
    for (const auto& part : *all) {
      merge(resolve_ref(part, document));
    }
  }
  return shape;
}

std::optional<json> generate_valid(const json& schema, const json& document, Prng& rng) {
  return generate(schema, document, rng, 0);
}

}  // namespace ferry::contract
