#pragma once
/// @file
/// Values made from a JSON Schema, for `ferry diff` (valid request bodies and
/// parameters) and `ferry probe` (the valid value it then breaks). Seeded and bounded:
/// the same seed gives the same values on every machine, and no value grows past a
/// fixed depth and size. Pure; the schema subset is the one validate_schema() knows.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ferry::contract {

/// A small seeded pseudo-random generator (splitmix64): the same seed gives the same
/// sequence everywhere, unlike std::uniform_int_distribution, whose output the
/// standard leaves to each library.
class Prng {
public:
  /// A generator started from @p seed.
  explicit Prng(std::uint64_t seed) : m_state(seed) {}
  /// The next 64 random bits.
  std::uint64_t next();
  /// A number in [0, @p bound) (0 when @p bound is 0).
  std::uint64_t below(std::uint64_t bound);
  /// An integer in [@p low, @p high], both included.
  std::int64_t between(std::int64_t low, std::int64_t high);
  /// True with probability @p numerator / @p denominator.
  bool chance(std::uint64_t numerator, std::uint64_t denominator);

private:
  std::uint64_t m_state;
};

/// @p schema with a top-level `$ref` ("#/…" within @p document) followed, repeatedly;
/// @p schema itself when it is not a reference or the target is missing.
const nlohmann::json& resolve_ref(const nlohmann::json& schema, const nlohmann::json& document);

/// Whether @p schema (resolved) admits JSON null: `type` null or a list with "null",
/// or an anyOf/oneOf branch that does.
bool admits_null(const nlohmann::json& schema, const nlohmann::json& document);

/// The object schema @p schema stands for, with allOf branches merged: its
/// `properties`, `required` and `additionalProperties` (true when unsaid). Nullopt
/// when @p schema does not describe an object.
struct ObjectShape {
  nlohmann::json properties = nlohmann::json::object();  ///< name → schema (unresolved)
  std::vector<std::string> required;  ///< names that must be present
  bool additional_allowed = true;  ///< whether unknown members are allowed
};
/// See ObjectShape.
std::optional<ObjectShape> object_shape(const nlohmann::json& schema, const nlohmann::json& document);

/// A value valid under @p schema (as validate_schema() judges), made with @p rng:
/// enum and const members as given, numbers within their bounds, strings within their
/// lengths (the schema's `examples` when it has a `pattern`), arrays within their item
/// counts (at most 3), objects with every required member and some optional ones.
/// Nullopt when no value was found (a pattern without examples, say).
std::optional<nlohmann::json> generate_valid(const nlohmann::json& schema, const nlohmann::json& document, Prng& rng);

}  // namespace ferry::contract
