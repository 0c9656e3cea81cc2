#include "http/case_runner.hpp"

#include "contract/json_reader.hpp"
#include "util/json_pointer.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <barrier>
#include <thread>

namespace ferry::http {

namespace {

using clock = std::chrono::steady_clock;

std::string describe_first(const std::vector<Difference>& differences) {
  const auto& d = differences.front();
  return d.where + ": expected " + d.expected + ", got " + d.actual;
}

bool has_header(const std::vector<std::pair<std::string, std::string>>& headers, const std::string& lower_name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return util::to_lower(h.first) == lower_name; });
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
  } else if (request.raw_body) {
    wire.body = fill_text(*request.raw_body, captures);
    wire.has_body = true;
    if (!has_header(wire.headers, "content-type")) {
      wire.headers.emplace_back("Content-Type", "application/octet-stream");
    }
  }
  return wire;
}

CaseRunner::CaseRunner(int port) : m_port(port), m_client(std::make_unique<Client>(port)) {}

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
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const auto& step = c.steps[i];
    bool ok = step.parallel > 1 ? run_parallel_step(c, step, captures, outcome) : run_step(c, step, captures, outcome);
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
  Exchange exchange = m_client->send(request, std::chrono::milliseconds(c.timeout_ms));
  if (!exchange.response) {
    outcome.request = request;
    outcome.transport = exchange.failure;
    outcome.summary = exchange.failure_detail;
    return false;
  }
  auto differences = check_response(step.expect, *exchange.response, captures);
  if (!differences.empty()) {
    outcome.request = request;
    outcome.response = exchange.response;
    outcome.summary = describe_first(differences);
    outcome.differences = std::move(differences);
    return false;
  }
  for (const auto& capture : step.captures) {
    std::optional<nlohmann::json> value;
    if (!capture.header.empty()) {
      if (auto header = exchange.response->header(capture.header)) {
        value = *header;
      }
    } else if (auto parsed = contract::parse_json_text(exchange.response->body, "response",
                                                         contract::k_max_response_nesting)) {
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
  std::barrier start_line(static_cast<std::ptrdiff_t>(copies));
  {
    std::vector<std::jthread> threads;
    threads.reserve(copies);
    for (std::size_t i = 0; i < copies; ++i) {
      threads.emplace_back([&, i] {
        Client client(m_port);
        start_line.arrive_and_wait();  // release every copy at once
        exchanges[i] = client.send(request, std::chrono::milliseconds(c.timeout_ms));
      });
    }
  }
  std::size_t failed = 0;
  std::optional<std::size_t> first_failure;
  std::vector<Difference> first_differences;
  for (std::size_t i = 0; i < copies; ++i) {
    std::vector<Difference> differences;
    if (exchanges[i].response) {
      differences = check_response(step.expect, *exchanges[i].response, captures);
    }
    if (!exchanges[i].response || !differences.empty()) {
      ++failed;
      if (!first_failure) {
        first_failure = i;
        first_differences = std::move(differences);
      }
    }
  }
  if (failed == 0) {
    return true;
  }
  const Exchange& sample = exchanges[*first_failure];
  outcome.request = request;
  outcome.response = sample.response;
  outcome.transport = sample.failure;
  std::string what = sample.response ? describe_first(first_differences) : sample.failure_detail;
  outcome.summary = std::to_string(failed) + " of " + std::to_string(copies) +
                    " parallel requests failed; the first: " + what;
  outcome.differences = std::move(first_differences);
  return false;
}

}  // namespace ferry::http
