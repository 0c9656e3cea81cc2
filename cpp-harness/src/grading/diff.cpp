#include "grading/diff.hpp"

#include "grading/instance.hpp"
#include "http/case_runner.hpp"
#include "http/curl.hpp"
#include "http/json_match.hpp"
#include "util/interrupt.hpp"
#include "util/json_pointer.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <thread>
#include <tuple>

namespace ferry::grading {

namespace {

using clock = std::chrono::steady_clock;

bool sendable(const contract::Step& step) {
  return !step.lifecycle && !step.upstream && !step.upstream_saw && !step.logs && !step.metrics;
}

/// Whether the answer is still pending by @p step's retry_while (a job "running").
bool still_pending(const contract::Step& step, const http::Exchange& exchange) {
  if (!exchange.response || step.retry_while.empty()) {
    return false;
  }
  const auto& parsed = exchange.response->json();
  if (!parsed) {
    return false;
  }
  return std::all_of(step.retry_while.begin(), step.retry_while.end(),
                     [&](const contract::ValueMatcher& m) { return !http::check_matcher(m, *parsed).has_value(); });
}

void capture(const contract::Step& step, const http::Exchange& exchange, http::Captures& captures) {
  if (!exchange.response) {
    return;
  }
  for (const auto& c : step.captures) {
    std::optional<nlohmann::json> value;
    if (!c.header.empty()) {
      if (auto header = exchange.response->header(c.header)) {
        value = *header;
      }
    } else if (const auto& parsed = exchange.response->json()) {
      value = util::resolve_pointer(*parsed, c.pointer);
    }
    if (value) {
      captures[c.name] = *value;
    }
  }
}

class Comparer {
public:
  Comparer(const contract::OpenApi& api, const std::array<int, 3>& ports, const DiffOptions& options)
      : m_api(api), m_ports(ports), m_options(options) {
    for (int i = 0; i < 3; ++i) {
      m_clients[i] = std::make_unique<http::Client>(ports[i]);
    }
  }

  std::array<http::Exchange, 3> send(const std::array<http::WireRequest, 3>& requests, const contract::Step* step) {
    std::array<http::Exchange, 3> answers;
    for (int i = 0; i < 3; ++i) {
      answers[i] = m_clients[i]->send(requests[i], m_options.timeout);
      if (step != nullptr && step->retry_within_ms) {
        // Poll each instance alike until its answer is final, as the check does.
        auto deadline = clock::now() + std::chrono::milliseconds(*step->retry_within_ms);
        auto pause = std::chrono::milliseconds(10);
        while (still_pending(*step, answers[i]) && clock::now() < deadline) {
          std::this_thread::sleep_for(pause);
          pause = std::min(pause * 2, std::chrono::milliseconds(200));
          answers[i] = m_clients[i]->send(requests[i], m_options.timeout);
        }
      }
    }
    return answers;
  }

  void compare(const DiffStep& step, const std::array<http::Exchange, 3>& answers) {
    ++m_report.requests;
    auto a = answer_of(answers[0]);
    auto b = answer_of(answers[1]);
    auto port = answer_of(answers[2]);
    m_report.noise.learn(step.operation, compare_answers(a, b));
    m_pending.push_back({step, a, port});
  }

  DiffReport finish() {
    // Judged at the end: noise learned from a later request covers an earlier one too.
    std::map<std::tuple<std::string, std::string, DiffKind>, std::size_t> index;
    for (const auto& p : m_pending) {
      for (auto& d : compare_answers(p.reference, p.port)) {
        if (m_report.noise.is_noise(p.step.operation, d)) {
          ++m_report.suppressed;
          continue;
        }
        auto key = std::make_tuple(p.step.operation, general_pointer(d.where), d.kind);
        if (auto found = index.find(key); found != index.end()) {
          auto& seen = m_report.divergences[found->second];
          ++seen.count;
          if (seen.other_origins.size() < 4 && seen.origin != p.step.origin &&
              std::find(seen.other_origins.begin(), seen.other_origins.end(), p.step.origin) == seen.other_origins.end()) {
            seen.other_origins.push_back(p.step.origin);
          }
          continue;
        }
        index[key] = m_report.divergences.size();
        Divergence v;
        v.operation = p.step.operation;
        v.diff = std::move(d);
        v.count = 1;
        v.origin = p.step.origin;
        v.curl = http::curl_command(p.step.requests[2], m_ports[2]);
        v.curl_reference = http::curl_command(p.step.requests[0], m_ports[0]);
        m_report.divergences.push_back(std::move(v));
      }
    }
    return std::move(m_report);
  }

  DiffReport& report() { return m_report; }

private:
  struct Pending {
    DiffStep step;
    Answer reference;
    Answer port;
  };
  const contract::OpenApi& m_api;
  std::array<int, 3> m_ports;
  const DiffOptions& m_options;
  std::array<std::unique_ptr<http::Client>, 3> m_clients;
  std::vector<Pending> m_pending;
  DiffReport m_report;
};

/// The noise an OpenAPI document declares: `x-ferry-volatile`, a list of places
/// (pointers, `*` for any index, or "header:NAME") on an operation or at the top level.
void declare_volatile(const contract::OpenApi& api, NoiseModel& noise) {
  const auto& document = api.document();
  if (auto top = document.find("x-ferry-volatile"); top != document.end() && top->is_array()) {
    for (const auto& place : *top) {
      if (place.is_string()) {
        noise.declare("*", place.get<std::string>());
      }
    }
  }
  for (const auto& op : api.operations()) {
    if (auto places = op.spec->find("x-ferry-volatile"); places != op.spec->end() && places->is_array()) {
      for (const auto& place : *places) {
        if (place.is_string()) {
          noise.declare(op.name(), place.get<std::string>());
        }
      }
    }
  }
}

}  // namespace

DiffReport diff_services(const contract::Contract& contract, const contract::OpenApi& api, const std::array<int, 3>& ports,
                         const DiffOptions& options, const std::function<std::optional<std::string>()>& port_died) {
  auto start = clock::now();
  Comparer comparer(api, ports, options);
  declare_volatile(api, comparer.report().noise);
  auto dead = [&]() -> bool {
    if (!port_died) {
      return false;
    }
    if (auto how = port_died()) {
      comparer.report().port_died = *how;
      return true;
    }
    return false;
  };
  bool stopped = false;
  for (const auto& c : contract.cases) {
    if (stopped || util::interrupted()) {
      break;
    }
    std::array<http::Captures, 3> captures;
    for (std::size_t s = 0; s < c.steps.size(); ++s) {
      const auto& step = c.steps[s];
      if (!sendable(step)) {
        continue;
      }
      DiffStep ds;
      ds.origin = "case " + c.id + (c.steps.size() > 1 ? ", step " + std::to_string(s + 1) : "");
      for (int i = 0; i < 3; ++i) {
        ds.requests[i] = http::build_request(step.request, captures[i]);
      }
      ds.operation = api.operation_name(ds.requests[0].method, ds.requests[0].path);
      auto answers = comparer.send(ds.requests, &step);
      for (int i = 0; i < 3; ++i) {
        capture(step, answers[i], captures[i]);
      }
      comparer.compare(ds, answers);
      if (dead()) {
        stopped = true;
        break;
      }
    }
  }
  auto examples = contract_examples(contract, api);
  contract::Prng rng(options.seed);
  for (const auto& op : api.operations()) {
    for (int n = 0; n < options.generated_per_operation && !stopped && !util::interrupted(); ++n) {
      auto request = valid_request(op, api.document(), examples, rng);
      if (!request) {
        break;
      }
      DiffStep ds;
      ds.operation = op.name();
      ds.origin = "generated from the request schema (seed " + std::to_string(options.seed) + ")";
      ds.requests = {*request, *request, *request};
      comparer.compare(ds, comparer.send(ds.requests, nullptr));
      stopped = dead();
    }
  }
  ProbeOptions probe_options;
  probe_options.seed = options.seed;
  probe_options.max_examples = options.probes_per_operation;
  for (const auto& probe : generate_probes(api, examples, probe_options)) {
    if (stopped || util::interrupted()) {
      break;
    }
    if (!probe.references_differ.empty()) {
      ++comparer.report().not_compared[probe.references_differ];
      continue;
    }
    DiffStep ds;
    ds.operation = probe.operation;
    ds.origin = "probe: " + probe.label + " (seed " + std::to_string(options.seed) + ")";
    ds.requests = {probe.request, probe.request, probe.request};
    comparer.compare(ds, comparer.send(ds.requests, nullptr));
    stopped = dead();
  }
  auto report = comparer.finish();
  report.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  return report;
}

util::Expected<DiffReport> run_diff(const Workspace& workspace, const contract::Exercise& exercise,
                                    const contract::Contract& contract, const contract::OpenApi& api,
                                    const Implementation& impl, const DiffOptions& options,
                                    const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& text) {
    if (progress) {
      progress(text);
    }
  };
  constexpr auto k_build_timeout = std::chrono::minutes(20);
  auto go = build_program(workspace, exercise, Implementation{ImplKind::go, "", ""}, k_build_timeout,
                          [&](const BuildPlan& plan) { say("building the Go reference: " + plan.command()); });
  if (!go) {
    return util::Error{"the Go reference did not build: " + go.error()};
  }
  auto port = build_program(workspace, exercise, impl, k_build_timeout,
                            [&](const BuildPlan& plan) { say("building " + to_string(impl.kind) + ": " + plan.command()); });
  if (!port) {
    return util::Error{"the port did not build: " + port.error()};
  }
  std::array<std::unique_ptr<Instance>, 3> instances;
  const BuiltProgram* programs[3] = {&*go, &*go, &*port};
  const char* names[3] = {"the Go reference (first instance)", "the Go reference (second instance)", "the port"};
  for (int i = 0; i < 3; ++i) {
    auto started = Instance::start(workspace, exercise, *programs[i], options.startup_timeout);
    if (!started) {
      return util::Error{names[i] + std::string(" did not start: ") + started.error()};
    }
    instances[i] = std::move(*started);
  }
  say("comparing: Go on ports " + std::to_string(instances[0]->port()) + " and " + std::to_string(instances[1]->port()) +
      ", the port on " + std::to_string(instances[2]->port()));
  auto died = [&]() -> std::optional<std::string> {
    if (auto status = instances[2]->service().exited()) {
      std::string panic = process::find_panic(instances[2]->service().output().tail());
      return status->describe() + (panic.empty() ? "" : ": " + panic);
    }
    return std::nullopt;
  };
  return diff_services(contract, api, {instances[0]->port(), instances[1]->port(), instances[2]->port()}, options, died);
}

}  // namespace ferry::grading
