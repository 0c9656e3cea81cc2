#pragma once
/// @file
/// Comparing a response body with a contract's expectation: a pure function
/// from (expectation, actual JSON) to the list of differences, each at its JSON
/// pointer. Key order never matters; absent and null are different things.

#include "contract/contract.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::http {

/// One difference between what the contract expects and what the service sent.
struct Mismatch {
  std::string pointer;  ///< where, in the actual body ("" is the whole body)
  std::string expected;  ///< a short rendering of the expectation
  std::string actual;  ///< a short rendering of what was there ("(absent)" if nothing)
};

/// A compact, display-safe rendering of a JSON value (invalid UTF-8 replaced, long values cut).
std::string render_json(const nlohmann::json& value, std::size_t max_bytes = 200);

/// Deep equality with numbers compared by value (1 == 1.0) and key order ignored.
bool json_equal(const nlohmann::json& a, const nlohmann::json& b);

/// Every difference between @p expected and @p actual, in document order.
/// In subset mode, objects may carry extra members; arrays must have the
/// expected length and each element is compared in subset mode.
std::vector<Mismatch> diff_json(const nlohmann::json& expected, const nlohmann::json& actual, bool subset);

/// Check one matcher; nullopt when it holds.
std::optional<Mismatch> check_matcher(const contract::ValueMatcher& matcher, const nlohmann::json& actual);

/// Check a whole body expectation against @p actual (nullopt: no body, or not JSON).
std::vector<Mismatch> match_body(const contract::BodyExpectation& expectation, const std::optional<nlohmann::json>& actual);

/// The same for a body known to be JSON.
std::vector<Mismatch> match_body(const contract::BodyExpectation& expectation, const nlohmann::json& actual);

}  // namespace ferry::http
