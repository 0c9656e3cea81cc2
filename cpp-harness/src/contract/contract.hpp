#pragma once
/// @file
/// The contract of an exercise as plain values: what to send, what to expect.
/// Contracts are data (exercises/NN-name/contract.json, schema in
/// cpp-harness/schema/contract.schema.json); load them with load_contract().

#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/// The contract layer: exercises and contracts as plain values (Manifest,
/// Exercise, Contract, Case, Step, Expectation), and the loaders that read them
/// from JSON and validate everything a run relies on, reporting each problem as
/// `file:/json/pointer: message`. No I/O beyond reading the files.
namespace ferry::contract {

/// What a case is about; the progress view groups results by it. `happy`: the
/// service does what it is for; `error`: a request it must refuse, with the right
/// status and error code; `nil`: absence (a missing value, `null`, an empty list —
/// Go's nil, Rust's Option); `concurrency`: many requests at once (the loader asks for a
/// step with `parallel` greater than 1); `robustness`: restarts, signals, crashes and
/// hostile input.
/// `performance`: the stage `ferry bench` grades (see PerformanceBudget); never written
/// in a contract file.
enum class CaseKind { happy, error, nil, concurrency, robustness, performance };

/// The contract's spelling of @p kind: "happy", "error", "nil", "concurrency", "robustness".
std::string to_string(CaseKind kind);

/// One expectation on a response header (names compare case-insensitively).
struct HeaderExpectation {
  /// What is required of the header: `present` (any value), `value` (exactly `text`,
  /// placeholders filled), `regex` (`text`, ECMAScript and case-insensitive, is found
  /// in the value) or `absent`.
  enum class Mode { present, value, regex, absent };
  std::string name;  ///< lower case
  Mode mode = Mode::present;  ///< what is required
  std::string text;  ///< the value or the pattern, for value and regex
};

/// A matcher on the value at one JSON pointer of the response body.
/// Every field set must hold; `absent` and `null` are different things.
struct ValueMatcher {
  std::string pointer;  ///< RFC 6901, into the response body ("" is the whole body)
  std::optional<std::string> type;  ///< string|number|integer|boolean|null|object|array
  std::optional<std::string> regex;  ///< on a string value
  std::optional<double> min;  ///< numbers: inclusive lower bound
  std::optional<double> max;  ///< numbers: inclusive upper bound
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

/// What the response body must be: compared with `json` by `mode`, and every matcher must hold.
struct BodyExpectation {
  BodyMode mode = BodyMode::any;  ///< how `json` is compared
  std::optional<nlohmann::json> json;  ///< for subset and exact
  std::vector<ValueMatcher> matchers;  ///< the contract's "match": checks at JSON pointers
  /// Whether the body must be JSON (so also carry a JSON Content-Type).
  [[nodiscard]] bool expects_json() const { return json.has_value() || !matchers.empty(); }
};

/// What one response must be: a step's "expect".
struct Expectation {
  std::vector<int> statuses;  ///< any of these; empty = not checked
  std::vector<HeaderExpectation> headers;  ///< each must hold
  BodyExpectation body;  ///< the body and its matchers
};

/// A body ferry reads or makes rather than the contract spelling it out: the bytes of
/// a file beside the contract (`body_file`), or an item repeated N times
/// (`body_repeat`, for oversized bodies). Sent as it is: no placeholders are filled.
struct MadeBody {
  std::string bytes;  ///< what is sent
  std::string describe;  ///< "the file testdata/events.json (812,345 bytes)", for messages
  std::string curl_source;  ///< what curl's `--data-binary` reads to send the same bytes: "@/abs/file" or "@-"
  std::string curl_pipe;  ///< with "@-": the shell command whose output is piped into curl
};

/// What a step sends, as the contract wrote it (placeholders not yet filled).
struct Request {
  std::string method = "GET";  ///< GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS
  std::string path;  ///< may hold {{name}} captures
  std::vector<std::pair<std::string, std::string>> headers;  ///< in the contract's order; values may hold {{name}}
  std::optional<nlohmann::json> json;  ///< sent with Content-Type: application/json unless a header says otherwise
  std::optional<std::string> raw_body;  ///< sent as is (for malformed bodies)
  /// `body_file` or `body_repeat`: sent with Content-Type: application/json unless a
  /// header says otherwise. Shared: a 64 MiB body is held once however often it is sent.
  std::shared_ptr<const MadeBody> made_body;
};

/// Where a captured value comes from: a JSON pointer into the body, or a header.
struct Capture {
  std::string name;  ///< what later steps write as `{{name}}`
  std::string pointer;  ///< used when header is empty
  std::string header;  ///< lower case
};

/// Requests sent just before a lifecycle step stops the service: the work that is
/// "in flight" when SIGTERM arrives, and what each of them must get back.
struct InFlight {
  Request request;  ///< sent `parallel` times at once
  Expectation expect;  ///< each copy must get this answer despite the stop
  int parallel = 1;  ///< how many copies are in flight
  int after_ms = 100;  ///< how long after sending them the signal goes out
};

/// What a lifecycle step adds to the service's start: environment variables and
/// command-line arguments, for a case that checks the service reads its configuration.
struct ServiceConfig {
  std::map<std::string, std::string> env;  ///< added to (or replacing) the service's usual environment
  std::vector<std::string> args;  ///< its arguments (usually none)
  /// Whether it changes nothing.
  [[nodiscard]] bool empty() const { return env.empty() && args.empty(); }
};

/// A step that acts on the service's process instead of sending a request.
struct Lifecycle {
  /// What is done to the process.
  enum class Action {
    restart,  ///< stop (SIGTERM, SIGKILL after the grace period) and start again; the exit is not judged
    sigterm,  ///< SIGTERM; the service must exit by itself with `exit_code` within `within_ms`; then start again
    kill,  ///< SIGKILL at once (a crash: no chance to clean up), then start again
  };
  Action action = Action::restart;  ///< what is done to the process
  int exit_code = 0;  ///< sigterm: the exit code a graceful shutdown ends with
  int within_ms = 5000;  ///< sigterm: how long the shutdown may take
  std::optional<InFlight> in_flight;  ///< restart and sigterm: requests being served when the signal goes out
  /// The environment and arguments the service is started again with; they hold until
  /// the next lifecycle step, and ferry starts the service as usual after the case.
  ServiceConfig config;
};

/// The contract's spelling of @p action: "restart", "sigterm" or "kill".
std::string to_string(Lifecycle::Action action);

/// A step that changes the upstream a gateway forwards to (through ferry's proxy).
/// Every case begins with the upstream up and prompt.
struct UpstreamAction {
  /// What happens to the upstream.
  enum class Kind {
    down,  ///< connections to it are refused, as if it had stopped
    up,  ///< it is back, and prompt again
    delay,  ///< its answers are held back `delay_ms` before they are passed on
  };
  Kind kind = Kind::up;  ///< what happens
  int delay_ms = 0;  ///< for delay
};

/// A step that asks what reached the upstream since the case began.
struct UpstreamSaw {
  std::string method;  ///< the requests counted: this method…
  std::string path;  ///< …and this request target (path and query; may hold {{name}})
  /// How many such requests, exactly (0: the service answered without forwarding);
  /// unset: at least one.
  std::optional<int> count;
  /// Every counted request must carry these headers (values may hold {{name}}).
  std::vector<HeaderExpectation> headers;
};

/// A step that reads what the service wrote to its standard output and error since the
/// case began (ANSI colour escapes removed, blank lines skipped). Patterns are
/// ECMAScript, searched in each line; `{{name}}` in them stands for the captured value,
/// matched literally.
struct LogCheck {
  std::optional<std::string> contains;  ///< some line must match (ferry waits a little for it)
  std::optional<std::string> every_line;  ///< every line must match
  std::optional<std::string> none;  ///< no line may match
};

/// What one series of a `/metrics` scrape must be.
struct MetricExpectation {
  std::string series;  ///< canonical `name{a="x",…}` (util::Series::key), labels sorted
  std::optional<double> equals;  ///< exactly this value
  std::optional<double> min;  ///< at least
  std::optional<double> max;  ///< at most
  /// The value now minus its value when the case began (a series absent then counts as 0):
  /// how a counter moved because of what the case did.
  std::optional<double> delta;
  bool present = false;  ///< the series is there (any value)
  bool absent = false;  ///< the series is not there
};

/// A step that scrapes the service's metrics (Prometheus text format) and checks series.
struct MetricsCheck {
  std::string path = "/metrics";  ///< what is scraped
  std::vector<MetricExpectation> series;  ///< each must hold
  /// Whether a delta is asked for, so the case scrapes once before its first step.
  [[nodiscard]] bool needs_baseline() const;
};

/// One step of a case: a request and its expectation (sent once, N times at once, or
/// polled), a lifecycle step, an upstream step (take it down, slow it, ask what
/// reached it), a look at the service's log lines, or a scrape of its metrics. A case written with a single "request" has one step.
struct Step {
  Request request;  ///< what to send
  Expectation expect;  ///< what must come back
  std::vector<Capture> captures;  ///< values taken from the answer for later steps
  int parallel = 1;  ///< send this many copies at once; each must meet `expect`
  /// When set, a response that does not meet `expect` is asked for again (after a
  /// short, growing pause) until one does or this many milliseconds have passed:
  /// polling for a job that finishes in the background.
  std::optional<int> retry_within_ms;
  /// With retry: keep asking only while every one of these holds on the answer's
  /// body (the job is still "queued" or "running"); once one does not, the answer
  /// is final and is judged at once. Empty: ask again whenever `expect` fails.
  std::vector<ValueMatcher> retry_while;
  /// For a parallel step: how many responses must carry each status, exactly
  /// (one 201 and 199 409s when 200 clients race to create one name).
  std::vector<std::pair<int, int>> tally;
  /// When set, the step is a lifecycle step and request/expect are unused.
  std::optional<Lifecycle> lifecycle;
  /// When set, the step acts on the upstream and request/expect are unused.
  std::optional<UpstreamAction> upstream;
  /// When set, the step checks what reached the upstream and request/expect are unused.
  std::optional<UpstreamSaw> upstream_saw;
  /// When set, the step checks the service's output and request/expect are unused.
  std::optional<LogCheck> logs;
  /// When set, the step scrapes the service's metrics and request/expect are unused.
  std::optional<MetricsCheck> metrics;
  std::string source;  ///< "file:/cases/3/steps/1", for messages
};

/// The performance stage of an exercise worth migrating for speed (the manifest's
/// "performance"): under the same open-loop load, the Rust port's p99 latency and peak
/// RSS must come within these ratios of the Go reference's, as `ferry bench` measures
/// them. Graded as one case, in a stage after the contract's last.
struct PerformanceBudget {
  double p99_ratio = 0.6;  ///< Rust p99 / Go p99 at most this
  double rss_ratio = 0.5;  ///< Rust peak RSS / Go peak RSS at most this
  int level_percent = 50;  ///< the offered load, in % of the Go reference's capacity
  int repetitions = 3;  ///< alternated Go and Rust runs
  std::string hint;  ///< shown when the port misses the budget
  std::string lesson;  ///< the section on measuring, such as "lessons/09-hotpath.md#measure-before-you-migrate"
};

/// The id of the case the performance stage is graded as.
inline constexpr const char* k_performance_case_id = "performance-budget";

/// One graded behaviour: its steps run in order and the case passes when every one does.
struct Case {
  std::string id;  ///< stable: results, progress and mutations.json refer to it
  std::string title;  ///< one line saying what is checked, shown in the report
  int stage = 1;  ///< `ferry check --stage N` runs the cases of stages 1..N
  CaseKind kind = CaseKind::happy;  ///< what the case is about
  std::string concept_tag;  ///< the contract's "concept" ("option", "lost-update"); progress is grouped by it
  int points = 1;  ///< earned when the case passes
  std::string hint;  ///< shown under a failure, and by `ferry hint`
  std::string lesson;  ///< the section to read, such as "lessons/02-users.md#the-nil-account"
  int timeout_ms = 2000;  ///< per request
  std::vector<Step> steps;  ///< at least one
  bool hidden = false;  ///< an instructor's case from `ferry grade --hidden DIR`, not in the learner's tree
  /// Set on the performance case (and then it has no steps): graded by a bench, not by requests.
  std::optional<PerformanceBudget> performance;
};

/// A stage: a group of cases the learner makes pass together, in order.
struct Stage {
  int number = 0;  ///< 1, 2, 3… in the order of the contract
  std::string title;  ///< what passing the stage means ("It starts and answers /health")
};

/// A whole contract: an exercise's stages, hints and cases.
struct Contract {
  int format_version = 1;  ///< the file's format (see k_contract_format_version)
  std::string exercise;  ///< the exercise id it grades ("02-users")
  std::string source_path;  ///< the file it was loaded from, for messages
  std::vector<Stage> stages;  ///< numbered 1..N in order
  std::vector<std::string> hints;  ///< general hints, given in order by `ferry hint`
  std::vector<Case> cases;  ///< in the order they run

  /// The number of the last stage (0 when there are none).
  [[nodiscard]] int max_stage() const;
  /// The stage numbered @p number, or nullptr.
  [[nodiscard]] const Stage* find_stage(int number) const;
  /// The case with id @p id, or nullptr.
  [[nodiscard]] const Case* find_case(const std::string& id) const;
};

/// Append the cases of @p hidden (an instructor's contract for the same exercise, kept
/// outside the learner's tree) to @p contract, marked hidden, after every public case. An Error (a sentence) when
/// it is for another exercise, uses a stage @p contract does not have, or reuses a case id.
util::Expected<bool> add_hidden_cases(Contract& contract, const Contract& hidden);

/// Append the performance stage to @p contract: a stage after its last, holding one case
/// (id k_performance_case_id, kind performance) that carries @p budget.
void add_performance_stage(Contract& contract, const PerformanceBudget& budget);

}  // namespace ferry::contract
