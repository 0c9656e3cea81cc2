#include "grading/probe.hpp"

#include "grading/instance.hpp"
#include "http/curl.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <set>
#include <thread>

namespace ferry::grading {

namespace {

using clock = std::chrono::steady_clock;

/// After this many probes without an answer in time, the rest is not sent: a hung
/// service would otherwise cost a timeout per probe.
constexpr int k_max_timeouts = 3;

bool json_media(const std::string& content_type) {
  std::string media = util::to_lower(util::trim(content_type.substr(0, content_type.find(';'))));
  return media == "application/json" || media.ends_with("+json");
}

/// A probed service started by ferry: a dead one is replaced by a fresh instance.
class InstanceTarget final : public ProbeTarget {
public:
  InstanceTarget(const Workspace& workspace, const contract::Exercise& exercise, BuiltProgram program,
                 std::chrono::milliseconds startup_timeout)
      : m_workspace(workspace), m_exercise(exercise), m_program(std::move(program)), m_startup_timeout(startup_timeout) {}

  util::Expected<int> restart() override {
    m_instance.reset();
    m_mark = 0;
    auto started = Instance::start(m_workspace, m_exercise, m_program, m_startup_timeout);
    if (!started) {
      return util::Error{started.error()};
    }
    m_instance = std::move(*started);
    return m_instance->port();
  }

  [[nodiscard]] int port() const override { return m_instance ? m_instance->port() : 0; }

  std::string new_panic() override {
    if (!m_instance) {
      return "";
    }
    m_instance->service().settle_output();
    const auto& output = m_instance->service().output();
    std::string panic = process::find_panic(output.since(m_mark));
    m_mark = output.total();
    return panic;
  }

  std::optional<std::pair<std::string, std::string>> died() override {
    if (!m_instance) {
      return std::make_pair(std::string("is not running"), std::string());
    }
    auto status = m_instance->service().exited();
    if (!status) {
      return std::nullopt;
    }
    m_instance->service().stop();  // let its last words reach the buffer
    return std::make_pair(status->describe(), process::find_panic(m_instance->service().output().tail()));
  }

private:
  const Workspace& m_workspace;
  const contract::Exercise& m_exercise;
  BuiltProgram m_program;
  std::chrono::milliseconds m_startup_timeout;
  std::unique_ptr<Instance> m_instance;
  std::uint64_t m_mark = 0;
};

}  // namespace

std::optional<std::string> judge_probe(const Probe& probe, const http::Exchange& exchange, const contract::OpenApi& api) {
  if (!exchange.response) {
    switch (exchange.failure) {
      case http::TransportFailure::timeout: return "no answer in time: " + exchange.failure_detail;
      case http::TransportFailure::closed: return "the connection was closed without an answer (a panic?)";
      case http::TransportFailure::refused: return "the connection was refused: the service is gone";
      default: return "no answer: " + exchange.failure_detail;
    }
  }
  const auto& response = *exchange.response;
  if (response.status >= 500) {
    return "answered " + std::to_string(response.status) + ": a bad request is the client's error (4xx), never the server's";
  }
  if (response.status >= 400) {
    auto type = response.header("content-type");
    if (!type || !json_media(*type)) {
      return "answered " + std::to_string(response.status) + " with Content-Type " + (type ? "\"" + *type + "\"" : "none") +
             ", not the JSON error shape";
    }
    const auto& parsed = response.json();
    if (!parsed) {
      return "answered " + std::to_string(response.status) + " with a body that is not JSON";
    }
    if (probe.operation != "routes") {
      if (auto documented = api.response_for(probe.request.method, probe.request.path, response.status); !documented) {
        return "answered " + std::to_string(response.status) + ": " + documented.error() +
               " (a refusal must use a status the document gives, such as Go's 400)";
      }
    }
    const auto& document = api.document();
    if (auto error = document.find("components"); error != document.end() && error->contains("schemas") &&
                                                   (*error)["schemas"].contains("Error")) {
      auto violations = contract::validate_schema(*parsed, (*error)["schemas"]["Error"], document);
      if (!violations.empty()) {
        const auto& v = violations.front();
        return "answered " + std::to_string(response.status) + " with a body that is not the error shape: at \"" +
               v.pointer + "\" expected " + v.expected + ", got " + v.actual;
      }
    }
    return std::nullopt;
  }
  if (probe.must_reject && response.status < 300) {
    return "accepted it with " + std::to_string(response.status) + ": the request breaks the request schema and must be refused with a 4xx";
  }
  return std::nullopt;
}

std::vector<http::WireRequest> seed_requests(const contract::OpenApi& api, const ExampleBodies& examples,
                                             std::uint64_t seed) {
  std::vector<http::WireRequest> seeds;
  contract::Prng rng(seed ^ 0x5eedULL);
  for (const auto& op : api.operations()) {
    if (op.method != "POST" && op.method != "PUT") {
      continue;
    }
    // Collections first: "/users" creates what "/users/{id}/notify" needs.
    if (op.path.find('{') != std::string::npos) {
      continue;
    }
    if (auto request = valid_request(op, api.document(), examples, rng)) {
      seeds.push_back(std::move(*request));
    }
  }
  return seeds;
}

ProbeReport run_probes(const std::vector<Probe>& probes, const std::vector<http::WireRequest>& seeds,
                       const contract::OpenApi& api, ProbeTarget& target, std::chrono::milliseconds timeout,
                       int max_restarts) {
  auto start = clock::now();
  ProbeReport report;
  std::set<std::string> operations;
  auto client = std::make_unique<http::Client>(target.port());
  for (const auto& seed : seeds) {
    (void)client->send(seed, timeout);
  }
  int restarts = 0;
  int timeouts = 0;
  for (const auto& probe : probes) {
    if (util::interrupted()) {
      break;
    }
    operations.insert(probe.operation);
    auto exchange = client->send(probe.request, timeout);
    ++report.sent;
    auto problem = judge_probe(probe, exchange, api);
    auto death = target.died();
    if (!death && !exchange.response && exchange.failure != http::TransportFailure::timeout) {
      // A dropped connection often means the process is dying: give it a moment to be reaped.
      for (int i = 0; i < 20 && !death; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        death = target.died();
      }
    }
    if (death) {
      problem = "the service " + death->first + (problem ? " (" + *problem + ")" : "");
    }
    if (problem) {
      ProbeFinding finding;
      finding.probe = probe;
      finding.problem = *problem;
      finding.curl = http::curl_command(probe.request, target.port());
      finding.response = exchange.response;
      finding.panic = death ? death->second : target.new_panic();
      report.findings.push_back(std::move(finding));
    }
    if (!exchange.response && exchange.failure == http::TransportFailure::timeout && ++timeouts >= k_max_timeouts) {
      report.gave_up = true;
      report.gave_up_reason = "the service stopped answering (" + std::to_string(timeouts) + " requests timed out)";
      break;
    }
    if (death) {
      if (++restarts > max_restarts) {
        report.gave_up = true;
        report.gave_up_reason = "the service died " + std::to_string(restarts) + " times";
        break;
      }
      auto port = target.restart();
      if (!port) {
        report.gave_up = true;
        report.gave_up_reason = "the service could not be restarted: " + port.error();
        break;
      }
      client = std::make_unique<http::Client>(*port);
      for (const auto& seed : seeds) {
        (void)client->send(seed, timeout);
      }
    }
  }
  report.operations = static_cast<int>(operations.size());
  report.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  return report;
}

util::Expected<ProbeReport> run_probe(const Workspace& workspace, const contract::Exercise& exercise,
                                      const contract::Contract& contract, const contract::OpenApi& api,
                                      const Implementation& impl, const ProbeOptions& options,
                                      std::chrono::milliseconds startup_timeout,
                                      const std::function<void(const std::string&)>& progress) {
  auto built = build_program(workspace, exercise, impl, std::chrono::minutes(20), [&](const BuildPlan& plan) {
    if (progress) {
      progress("building " + to_string(impl.kind) + ": " + plan.command());
    }
  });
  if (!built) {
    return util::Error{"the build failed: " + built.error()};
  }
  InstanceTarget target(workspace, exercise, *built, startup_timeout);
  if (auto port = target.restart(); !port) {
    return util::Error{"the service did not start: " + port.error()};
  }
  auto examples = contract_examples(contract, api);
  auto probes = generate_probes(api, examples, options);
  if (progress) {
    progress("probing the service on port " + std::to_string(target.port()) + " with " + std::to_string(probes.size()) +
             " requests (seed " + std::to_string(options.seed) + ")");
  }
  return run_probes(probes, seed_requests(api, examples, options.seed), api, target);
}

}  // namespace ferry::grading
