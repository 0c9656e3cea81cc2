#pragma once
/// @file
/// Comparing two services' answers to the same request, for `ferry diff`: status,
/// the headers that carry meaning (Content-Type, Allow, Location) and the parsed JSON
/// body (key order ignored), difference by difference at JSON pointers; the noise two
/// runs of the same reference disagree on (ids, timestamps), learned per operation and
/// field; and plain words for the divergences literal ports hit most. Pure.

#include "http/client.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ferry::grading {

/// What kind of difference: a member only the reference has (`missing`), one only the
/// port has (`extra`), another JSON type, another value, arrays of another length;
/// or another status, or another header.
enum class DiffKind { missing, extra, type, value, array_length, status, header };

/// "missing", "extra", "type", "value", "array length", "status", "header".
std::string to_string(DiffKind kind);

/// One difference between the reference's answer and the port's.
struct FieldDiff {
  DiffKind kind = DiffKind::value;  ///< what differs
  /// Where: a JSON pointer into the body ("" for the whole body), "status", or the
  /// header's lower-case name prefixed with "header:" ("header:allow").
  std::string where;
  nlohmann::json reference;  ///< the reference's value there (null when it has none)
  nlohmann::json port;  ///< the port's value there (null when it has none)
  std::string explanation;  ///< plain words for a well-known divergence, "" otherwise
};

/// An answer reduced to what `ferry diff` compares.
struct Answer {
  int status = 0;  ///< 0 when nothing came back
  std::string failure;  ///< why nothing came back, when status is 0
  std::string media_type;  ///< the Content-Type without parameters, lower case ("" when none)
  std::optional<std::string> allow;  ///< the Allow header, if any
  std::optional<std::string> location;  ///< the Location header, if any
  std::optional<nlohmann::json> json;  ///< the body parsed, when it is JSON
  std::string body;  ///< the raw body (for a body that is not JSON)
};

/// @p exchange reduced to an Answer.
Answer answer_of(const http::Exchange& exchange);

/// Every difference between two JSON values, at RFC 6901 pointers below @p at. Objects
/// are compared member by member (order ignored); arrays of different length give one
/// `array_length` difference and their common prefix is compared element by element.
std::vector<FieldDiff> compare_json(const nlohmann::json& reference, const nlohmann::json& port,
                                    const std::string& at = "");

/// Every difference between two answers: status, media type, the methods in Allow
/// (as a set), Location, then the body (JSON compared with compare_json(), anything
/// else as text). Each difference is explained when it is a well-known divergence.
std::vector<FieldDiff> compare_answers(const Answer& reference, const Answer& port);

/// @p where with every array index replaced by `*` ("/users/3/id" → "/users/*/id"), so
/// that noise learned at one element covers them all.
std::string general_pointer(const std::string& where);

/// The differences two instances of the reference show on identical input, per
/// operation: learned from the reference against itself, then used to drop the same
/// noise from the comparison with the port.
class NoiseModel {
public:
  /// Record every difference of @p diffs (between the two reference instances) as
  /// noise of @p operation.
  void learn(const std::string& operation, const std::vector<FieldDiff>& diffs);
  /// Declare @p where (a pointer, `*` for any array index, or "header:NAME") noise of
  /// @p operation ("*" for every operation) without learning it.
  void declare(const std::string& operation, const std::string& where);
  /// Whether @p diff of @p operation is noise: its place, or a place that contains it,
  /// was learned or declared.
  [[nodiscard]] bool is_noise(const std::string& operation, const FieldDiff& diff) const;
  /// Every noisy place, by operation, for the report.
  [[nodiscard]] const std::map<std::string, std::set<std::string>>& places() const { return m_places; }

private:
  std::map<std::string, std::set<std::string>> m_places;
};

/// Plain words for @p diff when it is a divergence literal ports hit most: `null`
/// where the reference has `[]` (or the reverse: Go's nil slice), `null` against an
/// absent member, `{}` or `""` where the reference has `null`, a text/plain error where
/// the reference answers JSON, a 405 without `Allow`, axum's 422 where Go says 400.
/// "" for any other difference.
std::string explain(const FieldDiff& diff, const Answer& reference, const Answer& port);

}  // namespace ferry::grading
