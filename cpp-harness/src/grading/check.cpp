#include "grading/check.hpp"

#include "grading/instance.hpp"
#include "grading/probe.hpp"
#include "http/fault_proxy.hpp"
#include "http/raw_exchange.hpp"
#include "process/supervisor.hpp"
#include "util/interrupt.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace ferry::grading {

namespace {

using clock = std::chrono::steady_clock;

void compute_totals(CheckResult& result) {
  result.points = 0;
  result.max_points = 0;
  int first_failing_stage = result.stage_limit + 1;
  for (const auto& r : result.cases) {
    result.max_points += r.c->points;
    if (r.status == CaseStatus::pass) {
      result.points += r.c->points;
    } else {
      first_failing_stage = std::min(first_failing_stage, r.c->stage);
    }
  }
  result.stage_reached = first_failing_stage - 1;
}

/// How the learner's service is confined: the strongest level this machine allows
/// (see process/sandbox.hpp), recorded in @p result.
process::Sandbox service_sandbox(const Workspace& workspace, const contract::Exercise& exercise, const std::string& binary,
                                 const std::string& database_dir, const CheckOptions& options, CheckResult& result) {
  const auto& isolation = process::detect_isolation();
  process::Sandbox sandbox;
  sandbox.level = isolation.level;
  result.isolation_level = process::to_string(isolation.level);
  result.isolation_detail = isolation.detail;
  if (isolation.level == process::IsolationLevel::none) {
    return sandbox;
  }
  sandbox.read_only_dir = workspace.root;
  // A gateway must reach the upstream ferry runs beside it, on the machine's loopback.
  sandbox.own_network = isolation.own_network && !exercise.upstream;
  if (isolation.own_network && exercise.upstream) {
    result.isolation_detail += "; but this exercise's service shares the machine's network, to reach its upstream";
  }
  if (!database_dir.empty()) {
    sandbox.keep_dirs.push_back(database_dir);
  }
  sandbox.keep_dirs.push_back(std::filesystem::path(binary).parent_path().string());
  sandbox.masked_paths = options.protected_paths;
  if (isolation.separate_uid) {
    uid_t uid = process::sandbox_uid();
    std::vector<std::string> needed = {workspace.root};
    std::string blocked = process::unreachable_for(uid, needed, binary);
    if (!blocked.empty()) {
      result.isolation_detail += "; but it runs as ferry's own uid, since an unprivileged one cannot reach " + blocked;
    } else if (!database_dir.empty() && !process::give_to(database_dir, uid)) {
      result.isolation_detail += "; but it runs as ferry's own uid, since its database directory cannot be given to another";
    } else {
      sandbox.uid = uid;
    }
  }
  return sandbox;
}

process::ServiceSpec service_spec(const Workspace& workspace, const BuildOutcome& build,
                                  const std::map<std::string, std::string>& env, const CheckOptions& options,
                                  const process::Sandbox& sandbox) {
  process::ServiceSpec spec;
  spec.binary = build.binary;
  spec.cwd = workspace.root;
  spec.env = env;
  spec.startup_timeout = options.startup_timeout;
  spec.sandbox = sandbox;
  spec.resident_limit_bytes = sandbox.level != process::IsolationLevel::none ? sandbox.limits.resident_bytes : 0;
  return spec;
}

/// Owns the service under test across restarts, and collects what every
/// process printed during the current case (a lifecycle step replaces the
/// process mid-case; its last words still belong to the case).
class ServiceHost final : public http::ServiceControl {
public:
  explicit ServiceHost(process::ServiceSpec spec) : m_spec(std::move(spec)) {}
  ~ServiceHost() override { discard(); }
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  [[nodiscard]] process::Service* service() const { return m_service.get(); }
  /// Whether the running service was started with a case's own environment or arguments.
  [[nodiscard]] bool configured() const { return m_configured; }
  [[nodiscard]] const std::string& last_failure_output() const { return m_failure_output; }

  /// Start with the usual environment.
  util::Expected<int> start() { return start(contract::ServiceConfig{}); }

  util::Expected<int> start(const contract::ServiceConfig& config) override {
    auto spec = m_spec;
    for (const auto& [name, value] : config.env) {
      spec.env[name] = value;
    }
    spec.args = config.args;
    m_configured = !config.empty();
    auto started = process::Service::start(spec);
    if (!started.service) {
      m_failure_output = started.output_tail;
      m_case_output += started.output_tail;
      return util::Error{started.failure};
    }
    m_service = std::move(started.service);
    m_mark = 0;
    // The cases talk to it from this thread (and the threads it starts): in its network.
    if (m_service->network() >= 0) {
      if (auto entered = m_network.enter(m_service->network()); !entered) {
        discard();
        return util::Error{entered.error()};
      }
    }
    if (m_starts++ > 0) {
      m_case_output += "── ferry started your service again ──\n";
    }
    return m_service->port();
  }

  http::StopReport stop(std::chrono::milliseconds grace) override {
    return end_service([grace](process::Service& service) { return service.stop(grace); });
  }

  http::StopReport kill() override {
    return end_service([](process::Service& service) { return service.kill(); });
  }

  [[nodiscard]] std::chrono::milliseconds default_grace() const override { return m_spec.stop_grace; }

  void begin_case() {
    m_case_output.clear();
    m_mark = m_service ? m_service->output().total() : 0;
  }

  /// Everything printed since begin_case(), by this process and the ones before it.
  [[nodiscard]] std::string case_output() const override {
    if (m_service) {
      m_service->settle_output();
    }
    return m_case_output + (m_service ? m_service->output().since(m_mark) : std::string());
  }

  /// Stop the current process (if any) and keep its output for the case.
  void discard() {
    if (m_service) {
      m_service->stop();
      m_case_output += m_service->output().since(m_mark);
      m_service.reset();
      m_mark = 0;
    }
    m_network.restore();
  }

private:
  /// Ends the current process with @p ending and says how it went.
  template <typename Ending>
  http::StopReport end_service(Ending ending) {
    http::StopReport report;
    if (!m_service) {
      report.exited_by_itself = true;
      report.how = "was not running";
      return report;
    }
    auto status = ending(*m_service);
    report.exited_by_itself = !m_service->was_killed();
    report.signaled = status.signaled;
    report.code = status.code;
    report.how = status.describe();
    discard();
    return report;
  }

  process::ServiceSpec m_spec;
  process::ThreadNetwork m_network;  // declared before m_service: restored after it stops
  std::unique_ptr<process::Service> m_service;
  std::uint64_t m_mark = 0;
  std::string m_case_output;
  std::string m_failure_output;
  int m_starts = 0;
  bool m_configured = false;
};

/// The service of a check, as `ferry probe`'s runner sees it.
class HostedTarget final : public ProbeTarget {
public:
  explicit HostedTarget(ServiceHost& host) : m_host(host) {}
  [[nodiscard]] int port() const override { return m_host.service() ? m_host.service()->port() : 0; }
  std::optional<std::pair<std::string, std::string>> died() override {
    auto* service = m_host.service();
    if (service == nullptr) {
      return std::make_pair(std::string("is not running"), std::string());
    }
    auto status = service->exited();
    if (!status) {
      return std::nullopt;
    }
    service->stop();
    return std::make_pair(status->describe(), process::find_panic(service->output().tail()));
  }
  util::Expected<int> restart() override {
    m_host.discard();
    return m_host.start();
  }
  std::string new_panic() override {
    std::string output = m_host.case_output();
    std::string panic = process::find_panic(output.substr(std::min(m_seen, output.size())));
    m_seen = output.size();
    return panic;
  }

private:
  ServiceHost& m_host;
  std::size_t m_seen = 0;
};

/// The probe case, if the check has one: every operation of the OpenAPI document probed
/// with bad input on the running service; it passes when no probe finds anything.
void grade_probe_case(CaseResult& r, ServiceHost& host, const contract::Contract& contract,
                      const CheckOptions& options) {
  auto started = clock::now();
  if (options.openapi == nullptr) {
    r.status = CaseStatus::skip;
    r.note = "not run: the exercise has no openapi.json";
    return;
  }
  auto examples = contract_examples(contract, *options.openapi);
  ProbeOptions probe_options;
  probe_options.seed = options.probe_seed;
  probe_options.max_examples = options.probe_max_examples;
  auto probes = generate_probes(*options.openapi, examples, probe_options);
  HostedTarget target(host);
  auto report = run_probes(probes, seed_requests(*options.openapi, examples, options.probe_seed), *options.openapi, target,
                           std::chrono::milliseconds(r.c->timeout_ms), options.max_restarts);
  r.port = target.port();
  r.outcome.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  r.outcome.step_count = 1;
  r.outcome.passed = report.findings.empty() && !report.gave_up;
  r.status = r.outcome.passed ? CaseStatus::pass : CaseStatus::fail;
  if (!report.findings.empty()) {
    const auto& first = report.findings.front();
    r.outcome.summary = std::to_string(report.findings.size()) + " of " + std::to_string(report.sent) +
                        " bad requests mishandled; the first, " + first.probe.operation + " with " + first.probe.label +
                        ": " + first.problem + (first.panic.empty() ? "" : " — it panicked: " + first.panic) +
                        " (ferry probe lists them all)";
    r.outcome.request = first.probe.request;
    r.outcome.response = first.response;
  } else if (report.gave_up) {
    r.outcome.summary = "probing stopped: " + report.gave_up_reason;
  }
}

/// The performance case, if the check has one: measured by the bench (on its own
/// release builds) only when every other case passed, since a port that answers
/// wrongly fast proves nothing.
void grade_performance_case(CheckResult& result, const CheckOptions& options, report::Reporter& reporter) {
  auto perf = std::find_if(result.cases.begin(), result.cases.end(), [](const CaseResult& r) { return r.c->performance.has_value(); });
  if (perf == result.cases.end() || util::interrupted()) {
    return;
  }
  bool others_pass = std::all_of(result.cases.begin(), result.cases.end(), [&](const CaseResult& r) {
    return &r == &*perf || r.status == CaseStatus::pass;
  });
  if (!others_pass) {
    perf->status = CaseStatus::fail;
    perf->note = "not measured: every other case must pass first";
    perf->outcome.summary = perf->note;
  } else {
    auto started = clock::now();
    auto verdict = options.grade_performance(*perf->c->performance);
    perf->outcome.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
    perf->outcome.passed = verdict.passed;
    perf->outcome.summary = verdict.summary;
    perf->status = verdict.passed ? CaseStatus::pass : CaseStatus::fail;
  }
  reporter.case_finished(*perf);
}

/// How the upstream ended, if it has: a process on its way out has closed its listening
/// socket before it can be reaped, so an upstream that refuses connections is given up to
/// five seconds to be seen gone (else the next case would be judged against a dead
/// upstream). In a sandbox its end reaches ferry through the namespace's init and outer
/// process, three wake-ups that a loaded machine can stretch past a second (the fresh-clone
/// suite saw it); a live upstream that refuses connections is the rare case that pays.
std::optional<process::ExitStatus> upstream_ended(RunningUpstream& upstream) {
  if (auto gone = upstream.service->exited()) {
    return gone;
  }
  if (http::accepts_connections(upstream.service->port())) {
    return std::nullopt;
  }
  for (int i = 0; i < 500; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (auto gone = upstream.service->exited()) {
      return gone;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::build_error: return "build_error";
    case Outcome::start_error: return "start_error";
    case Outcome::interrupted: return "interrupted";
  }
  return "fail";
}

std::string to_string(CaseStatus status) {
  switch (status) {
    case CaseStatus::pass: return "pass";
    case CaseStatus::fail: return "fail";
    case CaseStatus::skip: return "skip";
  }
  return "skip";
}

int CheckResult::passed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [](const CaseResult& r) { return r.status == CaseStatus::pass; }));
}

int CheckResult::failed() const {
  return static_cast<int>(cases.size()) - passed();
}

CheckResult run_check(const Workspace& workspace, const contract::Exercise& exercise,
                      const contract::Contract& contract, const CheckOptions& options, report::Reporter& reporter) {
  auto start = clock::now();
  CheckResult result;
  result.exercise = exercise.id;
  result.impl = options.impl;
  result.started_at = store::utc_now_iso8601();
  result.max_stage = contract.max_stage();
  result.stage_limit = options.stage ? std::min(*options.stage, result.max_stage) : result.max_stage;
  const bool measure = options.grade_performance && options.impl.kind != ImplKind::go;
  for (const auto& c : contract.cases) {
    if (c.performance && !measure) {
      continue;
    }
    if (c.stage <= result.stage_limit) {
      CaseResult r;
      r.c = &c;
      r.status = CaseStatus::skip;
      result.cases.push_back(r);
    }
  }
  auto finish = [&](Outcome outcome) {
    result.outcome = outcome;
    compute_totals(result);
    result.duration_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    reporter.end(contract, result);
    return result;
  };

  reporter.begin(contract, options.impl);
  auto plan = plan_build(workspace, exercise, options.impl);
  if (!plan) {
    result.build.tool_error = true;
    result.build.output = plan.error();
    result.harness_error = true;
    reporter.build_finished(result.build);
    return finish(Outcome::build_error);
  }
  // The database directory first: when there is no room for it, say so before a long build.
  auto env = plan->service_env;
  std::optional<util::TempDirectory> database;  // the directory of the service's database file
  if (exercise.database) {
    database.emplace("ferry-" + exercise.id, options.keep_database);
    if (!database->ok()) {
      result.harness_error = true;
      result.start_failure = database->error();
      return finish(Outcome::start_error);
    }
    result.database_path = database->path() + "/" + exercise.id + ".db";
    env["DATABASE_URL"] = "sqlite://" + result.database_path;
  }
  // The upstream is built (and started) before the service: the service may expect it
  // from its first request, and its build failing is ferry's problem, said before a long build.
  std::optional<RunningUpstream> upstream;
  if (exercise.upstream) {
    auto running = start_upstream(workspace, *exercise.upstream, env, options.build_timeout, options.startup_timeout, reporter);
    if (!running) {
      result.harness_error = true;
      result.start_failure = running.error();
      return finish(util::interrupted() ? Outcome::interrupted : Outcome::start_error);
    }
    upstream = std::move(*running);
    env["UPSTREAM_URL"] = "http://127.0.0.1:" + std::to_string(upstream->proxy->port());
  }
  plan->protected_paths = options.protected_paths;
  reporter.build_started(plan->command(), plan->first_build());
  result.build = build(*plan, options.build_timeout);
  result.harness_error = result.build.tool_error;
  reporter.build_finished(result.build);
  if (util::interrupted()) {
    return finish(Outcome::interrupted);
  }
  if (!result.build.ok) {
    return finish(Outcome::build_error);
  }

  auto sandbox = service_sandbox(workspace, exercise, result.build.binary, database ? database->path() : "", options, result);
  ServiceHost host(service_spec(workspace, result.build, env, options, sandbox));
  auto started = host.start();
  if (!started) {
    result.start_failure = started.error();
    result.start_output = host.last_failure_output();
    reporter.service_failed_to_start(result.start_failure, result.start_output);
    return finish(util::interrupted() ? Outcome::interrupted : Outcome::start_error);
  }
  result.port = host.service()->port();
  result.ready_ms = host.service()->ready_after_ms();
  reporter.service_started(host.service()->port(), host.service()->pid(), host.service()->ready_after_ms());

  http::CaseRunner runner(host.service()->port(), &host, upstream ? upstream->proxy.get() : nullptr);
  runner.set_openapi(options.openapi);
  int restarts = 0;
  bool upstream_gone = false;  // the remaining cases are not run
  for (auto& r : result.cases) {
    if (util::interrupted()) {
      return finish(Outcome::interrupted);
    }
    if (r.c->performance) {
      continue;  // measured below, once the service is stopped
    }
    if (r.c->probe) {
      continue;  // probed below, once every other case has run
    }
    if (host.service() == nullptr) {
      r.note = "not run: the service could not be restarted";
      reporter.case_finished(r);
      continue;
    }
    if (upstream_gone) {
      r.note = "not run: " + upstream->description + " is gone";
      reporter.case_finished(r);
      continue;
    }
    host.begin_case();
    r.outcome = runner.run(*r.c);
    r.port = runner.port();
    r.status = r.outcome.passed ? CaseStatus::pass : CaseStatus::fail;
    process::Service* service = host.service();
    std::optional<process::ExitStatus> died;
    if (service != nullptr) {
      died = service->exited();
      if (!died && (r.outcome.transport == http::TransportFailure::closed ||
                    r.outcome.transport == http::TransportFailure::refused)) {
        // A dropped connection often means the process is dying: give it a moment to be reaped.
        for (int i = 0; i < 10 && !died; ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          died = service->exited();
        }
      }
      if (died) {
        // Let the last words of a dying process reach the buffer.
        service->stop();
      }
    }
    r.output = host.case_output();
    if (!r.outcome.passed && r.outcome.transport != http::TransportFailure::none) {
      if (auto panic = process::find_panic(r.output); !panic.empty()) {
        r.outcome.summary += " — your service panicked: " + panic;
      }
    }
    if (died) {
      r.status = CaseStatus::fail;
      r.note = "your service " + died->describe() + " during this case" + service->killed_because();
      if (r.outcome.passed) {
        r.outcome.summary = r.note;
      }
      ++restarts;
      host.discard();
      if (restarts <= options.max_restarts) {
        auto port = host.start();
        if (port) {
          runner.set_port(*port);
          r.note += exercise.database
                        ? "; it was restarted on the same database file"
                        : "; it was restarted with empty state, so later cases may fail for that reason";
        } else {
          r.note += "; restarting it failed: " + port.error();
        }
      } else {
        r.note += "; it crashed " + std::to_string(restarts) + " times, so the remaining cases are not run";
      }
    } else if (service == nullptr) {
      // A lifecycle step stopped the service and could not start it again.
      r.status = CaseStatus::fail;
    } else if (host.configured()) {
      // The case started the service with its own configuration: later cases get the usual one.
      host.discard();
      auto port = host.start();
      if (port) {
        runner.set_port(*port);
      } else {
        r.note = "after this case, restarting your service with its usual configuration failed: " + port.error();
      }
    }
    if (upstream) {
      if (auto gone = upstream_ended(*upstream)) {
        // Not the learner's doing: the upstream is ferry's own reference.
        upstream_gone = true;
        result.harness_error = true;
        result.start_failure = upstream->description + " " + gone->describe() + " during case " + r.c->id + ":" +
                               util::quoted_tail(upstream->service->output().tail(), 12);
      }
    }
    reporter.case_finished(r);
  }
  if (auto probe = std::find_if(result.cases.begin(), result.cases.end(), [](const CaseResult& r) { return r.c->probe; });
      probe != result.cases.end() && !util::interrupted()) {
    if (host.service() == nullptr) {
      probe->note = "not run: the service could not be restarted";
    } else {
      host.begin_case();
      grade_probe_case(*probe, host, contract, options);
      probe->output = probe->status == CaseStatus::pass ? std::string() : host.case_output();
    }
    reporter.case_finished(*probe);
  }
  host.discard();
  grade_performance_case(result, options, reporter);
  bool all_pass = std::all_of(result.cases.begin(), result.cases.end(),
                              [](const CaseResult& r) { return r.status == CaseStatus::pass; });
  return finish(util::interrupted() ? Outcome::interrupted : all_pass ? Outcome::pass : Outcome::fail);
}

store::AttemptRecord to_attempt_record(const CheckResult& result, const contract::Contract& contract) {
  store::AttemptRecord a;
  a.started_at = result.started_at;
  a.exercise = result.exercise;
  a.impl = to_string(result.impl.kind);
  a.outcome = to_string(result.outcome);
  a.stage_reached = result.stage_reached;
  a.stages_total = contract.max_stage();
  a.passed = result.passed();
  a.failed = result.failed();
  a.points = result.points;
  a.max_points = result.max_points;
  a.duration_ms = result.duration_ms;
  a.ferry_version = FERRY_VERSION;
  a.build_ms = result.build.duration_ms;
  for (const auto& d : result.build.diagnostics) {
    a.diagnostics.push_back({"rustc", d.level, d.code, d.count, d.message});
  }
  for (const auto& r : result.cases) {
    store::CaseRecord c;
    c.case_id = r.c->id;
    c.stage = r.c->stage;
    c.kind = contract::to_string(r.c->kind);
    c.concept_tag = r.c->concept_tag;
    c.status = to_string(r.status);
    c.points = r.status == CaseStatus::pass ? r.c->points : 0;
    c.max_points = r.c->points;
    c.duration_ms = r.outcome.duration_ms;
    c.message = r.outcome.summary.empty() ? r.note : r.outcome.summary;
    a.cases.push_back(std::move(c));
  }
  return a;
}

}  // namespace ferry::grading
