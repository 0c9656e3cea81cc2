#include "grading/check.hpp"

#include "process/supervisor.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <algorithm>
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

process::ServiceSpec service_spec(const Workspace& workspace, const BuildOutcome& build,
                                  const std::map<std::string, std::string>& env, const CheckOptions& options) {
  process::ServiceSpec spec;
  spec.binary = build.binary;
  spec.cwd = workspace.root;
  spec.env = env;
  spec.startup_timeout = options.startup_timeout;
  return spec;
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
  for (const auto& c : contract.cases) {
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
    reporter.build_finished(result.build);
    return finish(Outcome::build_error);
  }
  reporter.build_started(plan->command(), plan->first_build());
  result.build = build(*plan, options.build_timeout);
  reporter.build_finished(result.build);
  if (util::interrupted()) {
    return finish(Outcome::interrupted);
  }
  if (!result.build.ok) {
    return finish(Outcome::build_error);
  }

  auto spec = service_spec(workspace, result.build, plan->service_env, options);
  auto started = process::Service::start(spec);
  if (!started.service) {
    result.start_failure = started.failure;
    result.start_output = started.output_tail;
    reporter.service_failed_to_start(started.failure, started.output_tail);
    return finish(util::interrupted() ? Outcome::interrupted : Outcome::start_error);
  }
  std::unique_ptr<process::Service> service = std::move(started.service);
  result.port = service->port();
  result.ready_ms = service->ready_after_ms();
  reporter.service_started(service->port(), service->pid(), service->ready_after_ms());

  http::CaseRunner runner(service->port());
  int restarts = 0;
  for (auto& r : result.cases) {
    if (util::interrupted()) {
      return finish(Outcome::interrupted);
    }
    if (!service) {
      r.note = "not run: the service could not be restarted";
      reporter.case_finished(r);
      continue;
    }
    auto output_mark = service->output().total();
    r.outcome = runner.run(*r.c);
    r.port = service->port();
    r.status = r.outcome.passed ? CaseStatus::pass : CaseStatus::fail;
    auto died = service->exited();
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
    r.output = service->output().since(output_mark);
    if (!r.outcome.passed && r.outcome.transport != http::TransportFailure::none) {
      if (auto panic = process::find_panic(r.output); !panic.empty()) {
        r.outcome.summary += " — your service panicked: " + panic;
      }
    }
    if (died) {
      r.status = CaseStatus::fail;
      r.note = "your service " + died->describe() + " during this case";
      if (r.outcome.passed) {
        r.outcome.summary = r.note;
      }
      ++restarts;
      service.reset();
      if (restarts <= options.max_restarts) {
        auto again = process::Service::start(spec);
        if (again.service) {
          service = std::move(again.service);
          runner.set_port(service->port());
          r.note += "; it was restarted with empty state, so later cases may fail for that reason";
        } else {
          r.note += "; restarting it failed: " + again.failure;
        }
      } else {
        r.note += "; it crashed " + std::to_string(restarts) + " times, so the remaining cases are not run";
      }
    }
    reporter.case_finished(r);
  }
  if (service) {
    service->stop();
  }
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
