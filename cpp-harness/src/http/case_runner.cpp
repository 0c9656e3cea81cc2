#include "http/case_runner.hpp"

#include "contract/json_reader.hpp"
#include "http/json_match.hpp"
#include "util/json_pointer.hpp"
#include "util/interrupt.hpp"
#include "util/regex_cache.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <barrier>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

namespace ferry::http {

namespace {

using clock = std::chrono::steady_clock;

std::string describe_first(const std::vector<Difference>& differences) {
  const auto& d = differences.front();
  return d.where + ": expected " + d.expected + ", got " + d.actual;
}

/// Sends every copy in @p exchanges at the same moment, each on its own connection.
void send_all_at_once(int port, const WireRequest& request, std::chrono::milliseconds timeout,
                      std::vector<Exchange>& exchanges) {
  std::barrier start_line(static_cast<std::ptrdiff_t>(exchanges.size()));
  std::vector<std::jthread> threads;
  threads.reserve(exchanges.size());
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    threads.emplace_back([&, i] {
      Client client(port);
      start_line.arrive_and_wait();  // release every copy at once
      exchanges[i] = client.send(request, timeout);
    });
  }
}

/// "1 × 201, 199 × 409" for (status, count) pairs.
template <typename Counts>
std::string describe_counts(const Counts& counts) {
  std::string text;
  for (const auto& [status, count] : counts) {
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " × " + std::to_string(status);
  }
  return text;
}

/// A sentence saying how the statuses of @p exchanges differ from @p tally, or nullopt when they match.
std::optional<std::string> check_tally(const std::vector<std::pair<int, int>>& tally, const std::vector<Exchange>& exchanges) {
  if (tally.empty()) {
    return std::nullopt;
  }
  std::map<int, int> counts;
  for (const auto& e : exchanges) {
    if (e.response) {
      ++counts[e.response->status];
    }
  }
  for (const auto& [status, count] : tally) {
    if (counts[status] != count) {
      auto unanswered = std::count_if(exchanges.begin(), exchanges.end(), [](const Exchange& e) { return !e.response; });
      std::string got = describe_counts(counts);
      if (unanswered > 0) {
        got += (got.empty() ? "" : ", ") + std::to_string(unanswered) + " × no answer";
      }
      return "expected " + describe_counts(tally) + ", got " + got + " (" + std::to_string(counts[status]) +
             " answered " + std::to_string(status) + ", not " + std::to_string(count) + ")";
    }
  }
  return std::nullopt;
}

/// The differences of @p response from @p expect, then from the OpenAPI document (when there is one).
std::vector<Difference> judge(const contract::Expectation& expect, const WireRequest& request,
                              const WireResponse& response, const Captures& captures, const contract::OpenApi* api) {
  auto differences = check_response(expect, response, captures);
  if (api != nullptr) {
    auto documented = check_documented(*api, request, response);
    differences.insert(differences.end(), documented.begin(), documented.end());
  }
  return differences;
}

/// Judges copies of one request against one expectation: a sentence on how many
/// failed and the first failure, with its request and response, into @p outcome.
/// Returns whether every copy met @p expect.
bool judge_copies(const contract::Expectation& expect, const WireRequest& request, const std::vector<Exchange>& exchanges,
                  const Captures& captures, const contract::OpenApi* api, const std::string& what_they_are,
                  CaseOutcome& outcome) {
  std::size_t failed = 0;
  const Exchange* first = nullptr;
  std::vector<Difference> first_differences;
  for (const auto& exchange : exchanges) {
    std::vector<Difference> differences;
    if (exchange.response) {
      differences = judge(expect, request, *exchange.response, captures, api);
    }
    if (!exchange.response || !differences.empty()) {
      ++failed;
      if (first == nullptr) {
        first = &exchange;
        first_differences = std::move(differences);
      }
    }
  }
  if (first == nullptr) {
    return true;
  }
  outcome.request = request;
  outcome.response = first->response;
  outcome.transport = first->failure;
  std::string what = first->response ? describe_first(first_differences) : first->failure_detail;
  outcome.summary = std::to_string(failed) + " of " + std::to_string(exchanges.size()) + " " + what_they_are +
                    " failed; the first: " + what;
  outcome.differences = std::move(first_differences);
  return false;
}

/// Whether a polled answer is still worth asking again for: every `while`
/// matcher holds on its JSON body (no matchers: always).
bool still_pending(const std::vector<contract::ValueMatcher>& pending, const Exchange& exchange) {
  if (pending.empty()) {
    return true;
  }
  if (!exchange.response) {
    return false;
  }
  const auto& body = exchange.response->json();
  if (!body) {
    return false;
  }
  return std::all_of(pending.begin(), pending.end(),
                     [&](const contract::ValueMatcher& m) { return !check_matcher(m, *body).has_value(); });
}

bool has_header(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& lower_name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return util::to_lower(h.first) == lower_name; });
}

/// The lines of @p output a logs step judges: terminal controls removed, blank lines and
/// ferry's own markers skipped, each cut to 4 KiB (std::regex recurses per character).
std::vector<std::string> log_lines(const std::string& output) {
  std::vector<std::string> lines;
  for (auto line : util::split_lines(output)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    line = util::strip_terminal_controls(line);
    if (util::trim(line).empty() || line.rfind("── ferry ", 0) == 0) {
      continue;
    }
    if (line.size() > 4096) {
      line.resize(4096);
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string number_text(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  std::ostringstream out;
  out << value;
  return out.str();
}

/// How @p expectation fails on @p now (the value when the case began: @p before), or nullopt.
std::optional<std::string> check_metric(const contract::MetricExpectation& expectation, const util::Sample* now,
                                        const util::Sample* before) {
  const auto& key = expectation.series;
  if (expectation.absent) {
    if (now != nullptr) {
      return key + ": expected no such series, found it (value " + number_text(now->value) + ", line " +
             std::to_string(now->line) + ")";
    }
    return std::nullopt;
  }
  if (now == nullptr) {
    return key + ": expected the series, but the scrape has no series with exactly these labels";
  }
  double value = now->value;
  if (expectation.equals && value != *expectation.equals) {
    return key + ": expected " + number_text(*expectation.equals) + ", got " + number_text(value);
  }
  if (expectation.min && !(value >= *expectation.min)) {
    return key + ": expected at least " + number_text(*expectation.min) + ", got " + number_text(value);
  }
  if (expectation.max && !(value <= *expectation.max)) {
    return key + ": expected at most " + number_text(*expectation.max) + ", got " + number_text(value);
  }
  if (expectation.delta) {
    double start = before != nullptr ? before->value : 0;
    if (value - start != *expectation.delta) {
      return key + ": expected it to move by " + number_text(*expectation.delta) + " during the case, it moved by " +
             number_text(value - start) + " (from " + (before != nullptr ? number_text(start) : "absent, 0") + " to " +
             number_text(value) + ")";
    }
  }
  return std::nullopt;
}

}  // namespace

WireRequest build_request(const contract::Request& request, const Captures& captures) {
  WireRequest wire;
  wire.method = request.method;
  // Encoded once here, so ferry's client and the printed curl line send the same bytes.
  wire.path = util::encode_request_target(fill_text(request.path, captures));
  for (const auto& [name, value] : request.headers) {
    wire.headers.emplace_back(name, fill_text(value, captures));
  }
  if (request.json) {
    wire.body = fill_json(*request.json, captures).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    wire.has_body = true;
    if (!has_header(wire.headers, "content-type")) {
      wire.headers.emplace_back("Content-Type", "application/json");
    }
  } else if (request.made_body) {
    wire.body = request.made_body->bytes;
    wire.has_body = true;
    wire.replay_source = request.made_body->curl_source;
    wire.replay_pipe = request.made_body->curl_pipe;
    if (!has_header(wire.headers, "content-type")) {
      wire.headers.emplace_back("Content-Type", "application/json");
    }
  } else if (request.raw_body) {
    wire.body = fill_text(*request.raw_body, captures);
    wire.has_body = true;
    if (!has_header(wire.headers, "content-type")) {
      wire.headers.emplace_back("Content-Type", "application/octet-stream");
    }
  }
  return wire;
}

CaseRunner::CaseRunner(int port, ServiceControl* control, UpstreamControl* upstream)
    : m_port(port), m_control(control), m_upstream(upstream), m_client(std::make_unique<Client>(port)) {}

void CaseRunner::set_port(int port) {
  m_port = port;
  m_client = std::make_unique<Client>(port);
}

CaseOutcome CaseRunner::run(const contract::Case& c) {
  CaseOutcome outcome;
  outcome.step_count = c.steps.size();
  Captures captures;
  auto start = clock::now();
  outcome.passed = true;
  if (m_upstream != nullptr) {
    if (auto error = m_upstream->reset(); !error.empty()) {
      outcome.passed = false;
      outcome.summary = "ferry could not reset " + m_upstream->description() + " for this case: " + error;
      return outcome;
    }
  }
  // A counter's delta is measured from here: each path with a delta is scraped before the first step.
  m_baselines.clear();
  for (const auto& step : c.steps) {
    if (step.metrics && step.metrics->needs_baseline() && !m_baselines.contains(step.metrics->path)) {
      auto before = scrape(c, step.metrics->path, outcome);
      if (!before) {
        outcome.passed = false;
        outcome.summary = "before the case began, to measure what it changes: " + outcome.summary;
        outcome.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
        return outcome;
      }
      m_baselines.emplace(step.metrics->path, std::move(*before));
    }
  }
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const auto& step = c.steps[i];
    bool ok = step.lifecycle                            ? run_lifecycle_step(c, *step.lifecycle, captures, outcome)
              : step.upstream || step.upstream_saw ? run_upstream_step(step, captures, outcome)
              : step.logs                               ? run_logs_step(*step.logs, captures, outcome)
              : step.metrics                            ? run_metrics_step(c, *step.metrics, outcome)
              : step.parallel > 1                       ? run_parallel_step(c, step, captures, outcome)
                                                        : run_step(c, step, captures, outcome);
    if (!ok) {
      outcome.passed = false;
      outcome.failing_step = i;
      break;
    }
  }
  outcome.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  return outcome;
}

bool CaseRunner::run_step(const contract::Case& c, const contract::Step& step, Captures& captures,
                          CaseOutcome& outcome) {
  WireRequest request = build_request(step.request, captures);
  // A step with `retry` polls: it asks again, after a pause that doubles from 10 ms
  // up to 200 ms, until the answer meets `expect` or the time is up.
  const auto started = clock::now();
  const auto deadline = started + std::chrono::milliseconds(step.retry_within_ms.value_or(0));
  auto pause = std::chrono::milliseconds(10);
  int tries = 0;
  bool settled = false;  // the answer stopped being pending (a `while` matcher failed)
  Exchange exchange;
  std::vector<Difference> differences;
  while (true) {
    ++tries;
    exchange = m_client->send(request, std::chrono::milliseconds(c.timeout_ms));
    differences.clear();
    if (exchange.response) {
      differences = judge(step.expect, request, *exchange.response, captures, m_openapi);
    }
    bool met = exchange.response && differences.empty();
    if (met || !step.retry_within_ms || clock::now() + pause >= deadline || util::interrupted()) {
      break;
    }
    if (!still_pending(step.retry_while, exchange)) {
      settled = true;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(200));
  }
  std::string polled;
  if (step.retry_within_ms) {
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started).count();
    polled = std::string(settled ? " (the final answer, after " : " (still so after ") + std::to_string(tries) +
             (tries == 1 ? " try" : " tries") + " over " + std::to_string(waited) + " ms)";
  }
  if (!exchange.response) {
    outcome.request = request;
    outcome.transport = exchange.failure;
    outcome.summary = exchange.failure_detail + polled;
    return false;
  }
  if (!differences.empty()) {
    outcome.request = request;
    outcome.response = exchange.response;
    outcome.summary = describe_first(differences) + polled;
    outcome.differences = std::move(differences);
    return false;
  }
  for (const auto& capture : step.captures) {
    std::optional<nlohmann::json> value;
    if (!capture.header.empty()) {
      if (auto header = exchange.response->header(capture.header)) {
        value = *header;
      }
    } else if (const auto& parsed = exchange.response->json()) {
      value = util::resolve_pointer(*parsed, capture.pointer);
    }
    if (!value) {
      outcome.request = request;
      outcome.response = exchange.response;
      std::string from = capture.header.empty() ? "body at " + capture.pointer : "header " + capture.header;
      outcome.summary = "nothing to capture as {{" + capture.name + "}}: the " + from + " is absent";
      outcome.differences.push_back({capture.header.empty() ? "body at " + capture.pointer : "header " + capture.header,
                                     "a value to capture", "(absent)"});
      return false;
    }
    captures[capture.name] = *value;
  }
  return true;
}

bool CaseRunner::run_parallel_step(const contract::Case& c, const contract::Step& step, const Captures& captures,
                                   CaseOutcome& outcome) {
  WireRequest request = build_request(step.request, captures);
  const auto copies = static_cast<std::size_t>(step.parallel);
  std::vector<Exchange> exchanges(copies);
  send_all_at_once(m_port, request, std::chrono::milliseconds(c.timeout_ms), exchanges);
  if (!judge_copies(step.expect, request, exchanges, captures, m_openapi, "parallel requests", outcome)) {
    return false;
  }
  if (auto wrong = check_tally(step.tally, exchanges)) {
    outcome.request = request;
    outcome.summary = "of " + std::to_string(copies) + " parallel requests, " + *wrong;
    return false;
  }
  return true;
}

bool CaseRunner::run_lifecycle_step(const contract::Case& c, const contract::Lifecycle& lifecycle,
                                    const Captures& captures, CaseOutcome& outcome) {
  const bool sigterm = lifecycle.action == contract::Lifecycle::Action::sigterm;
  const bool kill = lifecycle.action == contract::Lifecycle::Action::kill;
  const std::string action = sigterm ? "SIGTERM" : kill ? "SIGKILL" : "the restart";
  if (m_control == nullptr) {
    outcome.summary = "this case stops and starts the service, which only `ferry check` can do";
    return false;
  }
  // Work in flight: sent first, then the signal goes out while it is being served.
  std::optional<WireRequest> in_flight_request;
  std::vector<Exchange> in_flight;
  std::jthread sender;
  if (lifecycle.in_flight) {
    in_flight_request = build_request(lifecycle.in_flight->request, captures);
    in_flight.resize(static_cast<std::size_t>(lifecycle.in_flight->parallel));
    sender = std::jthread([&, port = m_port] {
      send_all_at_once(port, *in_flight_request, std::chrono::milliseconds(c.timeout_ms), in_flight);
    });
    auto signal_at = clock::now() + std::chrono::milliseconds(lifecycle.in_flight->after_ms);
    while (clock::now() < signal_at && !util::interrupted()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  auto grace = sigterm ? std::chrono::milliseconds(lifecycle.within_ms) : m_control->default_grace();
  StopReport stopped = kill ? m_control->kill() : m_control->stop(grace);
  if (sender.joinable()) {
    sender.join();
  }

  // Judge the stop, then start again whatever the verdict, so later cases can run.
  std::string failure;
  if (sigterm && !stopped.exited_by_itself) {
    failure = "your service was still running " + std::to_string(lifecycle.within_ms) +
              " ms after SIGTERM, so it was killed: a graceful shutdown finishes the work in flight and exits";
  } else if (sigterm && stopped.signaled) {
    failure = "on SIGTERM your service " + stopped.how +
              ": nothing handled the signal, so work in flight was cut off (expected it to exit with code " +
              std::to_string(lifecycle.exit_code) + ")";
  } else if (sigterm && stopped.code != lifecycle.exit_code) {
    failure = "on SIGTERM your service " + stopped.how + " (expected code " + std::to_string(lifecycle.exit_code) + ")";
  }
  if (failure.empty() && lifecycle.in_flight &&
      !judge_copies(lifecycle.in_flight->expect, *in_flight_request, in_flight, captures, m_openapi,
                    "requests in flight during " + action, outcome)) {
    failure = outcome.summary;
  }
  auto port = m_control->start(lifecycle.config);
  if (!port) {
    outcome.summary = (failure.empty() ? "" : failure + "; then ") + "after " + action + " your service did not start again" +
                      (lifecycle.config.empty() ? "" : " with the case's configuration") + ": " + port.error();
    return false;
  }
  set_port(*port);
  if (!failure.empty()) {
    outcome.summary = failure;
    return false;
  }
  return true;
}

bool CaseRunner::run_upstream_step(const contract::Step& step, const Captures& captures, CaseOutcome& outcome) {
  if (m_upstream == nullptr) {
    outcome.summary = "this case acts on an upstream service, but the exercise declares none (\"upstream\" in the manifest)";
    return false;
  }
  if (step.upstream) {
    using Kind = contract::UpstreamAction::Kind;
    const auto& action = *step.upstream;
    std::string error;
    if (action.kind == Kind::delay) {
      m_upstream->set_delay(std::chrono::milliseconds(action.delay_ms));
    } else {
      error = m_upstream->set_down(action.kind == Kind::down);
    }
    if (!error.empty()) {
      outcome.summary = "ferry could not take " + m_upstream->description() +
                        (action.kind == Kind::down ? " down: " : " back up: ") + error;
      return false;
    }
    return true;
  }
  auto differences = check_upstream_saw(*step.upstream_saw, m_upstream->seen(), captures);
  if (differences.empty()) {
    return true;
  }
  outcome.summary = "what reached " + m_upstream->description() + ": " + describe_first(differences);
  outcome.differences = std::move(differences);
  return false;
}

bool CaseRunner::run_logs_step(const contract::LogCheck& check, const Captures& captures, CaseOutcome& outcome) {
  if (m_control == nullptr) {
    outcome.summary = "this case reads the service's output, which only `ferry check` can do";
    return false;
  }
  auto compiled = [&](const std::optional<std::string>& pattern) -> std::optional<std::regex> {
    if (!pattern) {
      return std::nullopt;
    }
    return std::regex(fill_pattern(*pattern, captures), std::regex::ECMAScript);
  };
  auto contains = compiled(check.contains);
  auto every_line = compiled(check.every_line);
  auto none = compiled(check.none);
  auto matches = [](const std::string& line, const std::regex& re) { return std::regex_search(line, re); };

  // Output arrives after the answer that caused it: wait until it has stopped growing for
  // 50 ms (at most 1 s), or, for `contains`, until the line is there.
  const auto deadline = clock::now() + std::chrono::milliseconds(1000);
  std::string output = m_control->case_output();
  auto quiet_since = clock::now();
  while (clock::now() < deadline && !util::interrupted()) {
    if (contains && !every_line && !none) {
      auto lines = log_lines(output);
      if (std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return matches(l, *contains); })) {
        break;
      }
    } else if (clock::now() - quiet_since >= std::chrono::milliseconds(50)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto again = m_control->case_output();
    if (again != output) {
      output = std::move(again);
      quiet_since = clock::now();
    }
  }
  auto lines = log_lines(output);
  auto quote = [](const std::string& line) { return "\"" + util::truncate_for_display(line, 300) + "\""; };
  if (contains && std::none_of(lines.begin(), lines.end(), [&](const std::string& l) { return matches(l, *contains); })) {
    outcome.summary = "no line your service wrote during this case matches /" + fill_pattern(*check.contains, captures) +
                      "/ (" + std::to_string(lines.size()) + (lines.size() == 1 ? " line" : " lines") +
                      (lines.empty() ? ")" : "; the last: " + quote(lines.back()) + ")");
    outcome.differences.push_back({"the service's output", "a line matching /" + fill_pattern(*check.contains, captures) + "/",
                                   lines.empty() ? "(nothing written)" : quote(lines.back())});
    return false;
  }
  if (every_line) {
    if (lines.empty()) {
      outcome.summary = "your service wrote no log line during this case; every line was to match /" +
                        fill_pattern(*check.every_line, captures) + "/";
      return false;
    }
    auto bad = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return !matches(l, *every_line); });
    if (bad != lines.end()) {
      auto count = std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return !matches(l, *every_line); });
      outcome.summary = std::to_string(count) + " of " + std::to_string(lines.size()) +
                        " lines your service wrote during this case do not match /" +
                        fill_pattern(*check.every_line, captures) + "/; the first: " + quote(*bad);
      outcome.differences.push_back({"the service's output", "every line matching /" + fill_pattern(*check.every_line, captures) + "/",
                                     quote(*bad)});
      return false;
    }
  }
  if (none) {
    auto bad = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return matches(l, *none); });
    if (bad != lines.end()) {
      outcome.summary = "a line your service wrote during this case matches /" + fill_pattern(*check.none, captures) +
                        "/, which no line may: " + quote(*bad);
      outcome.differences.push_back({"the service's output", "no line matching /" + fill_pattern(*check.none, captures) + "/",
                                     quote(*bad)});
      return false;
    }
  }
  return true;
}

std::optional<util::Exposition> CaseRunner::scrape(const contract::Case& c, const std::string& path, CaseOutcome& outcome) {
  WireRequest request;
  request.method = "GET";
  request.path = util::encode_request_target(path);
  auto exchange = m_client->send(request, std::chrono::milliseconds(c.timeout_ms));
  outcome.request = request;
  if (!exchange.response) {
    outcome.transport = exchange.failure;
    outcome.summary = "GET " + path + ": " + exchange.failure_detail;
    return std::nullopt;
  }
  outcome.response = exchange.response;
  const auto& response = *exchange.response;
  if (response.status != 200) {
    outcome.summary = "GET " + path + " answered " + std::to_string(response.status) + ", not 200 with the metrics";
    outcome.differences.push_back({"status", "200", std::to_string(response.status)});
    return std::nullopt;
  }
  auto type = response.header("content-type").value_or("");
  if (util::to_lower(type).rfind("text/plain", 0) != 0) {
    outcome.summary = "GET " + path + " answered Content-Type \"" + type +
                      "\"; the Prometheus text format is served as text/plain; version=0.0.4";
    outcome.differences.push_back({"header content-type", "text/plain; version=0.0.4", type.empty() ? "(absent)" : type});
    return std::nullopt;
  }
  auto parsed = util::parse_exposition(response.body);
  if (!parsed) {
    outcome.summary = "GET " + path + " is not in the Prometheus text format: " + parsed.error();
    outcome.differences.push_back({"body", "the Prometheus text format", parsed.error()});
    return std::nullopt;
  }
  outcome.request.reset();
  outcome.response.reset();
  return std::move(*parsed);
}

bool CaseRunner::run_metrics_step(const contract::Case& c, const contract::MetricsCheck& check, CaseOutcome& outcome) {
  auto now = scrape(c, check.path, outcome);
  if (!now) {
    return false;
  }
  auto baseline = m_baselines.find(check.path);
  for (const auto& expectation : check.series) {
    const util::Sample* before = baseline == m_baselines.end() ? nullptr : baseline->second.find(expectation.series);
    if (auto wrong = check_metric(expectation, now->find(expectation.series), before)) {
      outcome.summary = "GET " + check.path + ": " + *wrong;
      outcome.differences.push_back({"metrics " + expectation.series, "see the contract", *wrong});
      return false;
    }
  }
  return true;
}

}  // namespace ferry::http
