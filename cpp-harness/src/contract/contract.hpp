#pragma once
/// @file
/// The contract of an exercise as plain values: what to send, what to expect.
/// Contracts are data (exercises/NN-name/contract.json, schema in
/// cpp-harness/schema/contract.schema.json); load them with load_contract().

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ferry::contract {

/// What a case is about; the progress view groups results by it.
enum class CaseKind { happy, error, nil, concurrency, robustness };

std::string to_string(CaseKind kind);

/// One expectation on a response header (names compare case-insensitively).
struct HeaderExpectation {
  enum class Mode { present, value, regex, absent };
  std::string name;  ///< lower case
  Mode mode = Mode::present;
  std::string text;  ///< the value or the pattern, for value and regex
};

/// A matcher on the value at one JSON pointer of the response body.
/// Every field set must hold; `absent` and `null` are different things.
struct ValueMatcher {
  std::string pointer;
  std::optional<std::string> type;  ///< string|number|integer|boolean|null|object|array
  std::optional<std::string> regex;  ///< on a string value
  std::optional<double> min;  ///< numbers: inclusive bounds
  std::optional<double> max;
  std::optional<std::size_t> length;  ///< arrays, objects, strings (in bytes)
  std::optional<nlohmann::json> equals;  ///< deep equality, key order ignored
  bool non_empty = false;  ///< string, array or object with at least one element
  bool is_null = false;  ///< present and JSON null
  bool absent = false;  ///< the member is not there at all
  bool present = false;  ///< the member is there (any value, null included)
};

/// How the response body is compared.
enum class BodyMode {
  any,  ///< not checked beyond its matchers
  subset,  ///< every expected member is there with an equal value; extra members allowed
  exact,  ///< deep equality (key order ignored)
  absent,  ///< no body at all
};

struct BodyExpectation {
  BodyMode mode = BodyMode::any;
  std::optional<nlohmann::json> json;  ///< for subset and exact
  std::vector<ValueMatcher> matchers;
  /// Whether the body must be JSON (so also carry a JSON Content-Type).
  [[nodiscard]] bool expects_json() const { return json.has_value() || !matchers.empty(); }
};

struct Expectation {
  std::vector<int> statuses;  ///< any of these; empty = not checked
  std::vector<HeaderExpectation> headers;
  BodyExpectation body;
};

struct Request {
  std::string method = "GET";
  std::string path;  ///< may hold {{name}} captures
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<nlohmann::json> json;  ///< sent with Content-Type: application/json unless a header says otherwise
  std::optional<std::string> raw_body;  ///< sent as is (for malformed bodies)
};

/// Where a captured value comes from: a JSON pointer into the body, or a header.
struct Capture {
  std::string name;
  std::string pointer;  ///< used when header is empty
  std::string header;  ///< lower case
};

/// Requests sent just before a lifecycle step stops the service: the work that is
/// "in flight" when SIGTERM arrives, and what each of them must get back.
struct InFlight {
  Request request;
  Expectation expect;
  int parallel = 1;  ///< how many copies are in flight
  int after_ms = 100;  ///< how long after sending them the signal goes out
};

/// A step that acts on the service's process instead of sending a request.
struct Lifecycle {
  enum class Action {
    restart,  ///< stop (SIGTERM, SIGKILL after the grace period) and start again; the exit is not judged
    sigterm,  ///< SIGTERM; the service must exit by itself with `exit_code` within `within_ms`; then start again
    kill,  ///< SIGKILL at once (a crash: no chance to clean up), then start again
  };
  Action action = Action::restart;
  int exit_code = 0;  ///< sigterm: the exit code a graceful shutdown ends with
  int within_ms = 5000;  ///< sigterm: how long the shutdown may take
  std::optional<InFlight> in_flight;
};

std::string to_string(Lifecycle::Action action);

struct Step {
  Request request;
  Expectation expect;
  std::vector<Capture> captures;
  int parallel = 1;  ///< send this many copies at once; each must meet `expect`
  /// When set, a response that does not meet `expect` is asked for again (after a
  /// short, growing pause) until one does or this many milliseconds have passed:
  /// polling for a job that finishes in the background.
  std::optional<int> retry_within_ms;
  /// For a parallel step: how many responses must carry each status, exactly
  /// (one 201 and 199 409s when 200 clients race to create one name).
  std::vector<std::pair<int, int>> tally;
  /// When set, the step is a lifecycle step and request/expect are unused.
  std::optional<Lifecycle> lifecycle;
  std::string source;  ///< "file:/cases/3/steps/1", for messages
};

struct Case {
  std::string id;
  std::string title;
  int stage = 1;
  CaseKind kind = CaseKind::happy;
  std::string concept_tag;
  int points = 1;
  std::string hint;
  std::string lesson;  ///< e.g. "lessons/02-users.md#the-nil-account"
  int timeout_ms = 2000;  ///< per request
  std::vector<Step> steps;
};

struct Stage {
  int number = 0;
  std::string title;
};

struct Contract {
  int format_version = 1;
  std::string exercise;
  std::string source_path;
  std::vector<Stage> stages;
  std::vector<std::string> hints;  ///< general hints, given in order by `ferry hint`
  std::vector<Case> cases;

  [[nodiscard]] int max_stage() const;
  [[nodiscard]] const Stage* find_stage(int number) const;
  [[nodiscard]] const Case* find_case(const std::string& id) const;
};

}  // namespace ferry::contract
