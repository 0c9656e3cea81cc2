#include "grading/instance.hpp"

#include "util/text.hpp"

namespace ferry::grading {

util::Expected<RunningUpstream> start_upstream(const Workspace& workspace, const contract::Exercise::Upstream& upstream,
                                               const std::map<std::string, std::string>& env,
                                               std::chrono::milliseconds build_timeout,
                                               std::chrono::milliseconds startup_timeout, report::Reporter& reporter) {
  RunningUpstream running;
  running.description = "the Go reference of " + upstream.exercise;
  contract::Exercise as_exercise;
  as_exercise.id = upstream.exercise;
  as_exercise.reference_go = upstream.reference_go;
  auto built = build_program(workspace, as_exercise, Implementation{ImplKind::go, "", ""}, build_timeout,
                             [&](const BuildPlan& plan) { reporter.build_started(plan.command(), plan.first_build()); });
  if (!built) {
    return util::Error{"ferry could not build " + running.description + ": " + built.error()};
  }
  reporter.build_finished(built->outcome);
  process::ServiceSpec spec;
  spec.binary = built->binary;
  spec.cwd = workspace.root;
  if (upstream.database && env.contains("DATABASE_URL")) {
    spec.env["DATABASE_URL"] = env.at("DATABASE_URL");
  }
  spec.startup_timeout = startup_timeout;
  auto started = process::Service::start(spec);
  if (!started.service) {
    return util::Error{running.description + " did not start: " + started.failure + util::quoted_tail(started.output_tail, 12)};
  }
  running.service = std::move(started.service);
  auto proxy = http::FaultProxy::start(running.service->port(), running.description);
  if (!proxy) {
    return util::Error{proxy.error()};
  }
  running.proxy = std::move(*proxy);
  reporter.upstream_started(running.description, running.service->port(), running.service->pid(),
                            running.proxy->port());
  return running;
}

util::Expected<std::unique_ptr<Instance>> Instance::start(const Workspace& workspace, const contract::Exercise& exercise,
                                                          const BuiltProgram& program,
                                                          std::chrono::milliseconds startup_timeout) {
  std::unique_ptr<Instance> instance(new Instance());
  auto env = program.service_env;
  if (exercise.database) {
    instance->m_database.emplace("ferry-" + exercise.id);
    if (!instance->m_database->ok()) {
      return util::Error{instance->m_database->error()};
    }
    env["DATABASE_URL"] = "sqlite://" + instance->m_database->path() + "/" + exercise.id + ".db";
  }
  if (exercise.upstream) {
    report::NullReporter quiet;
    auto upstream = start_upstream(workspace, *exercise.upstream, env, std::chrono::minutes(20), startup_timeout, quiet);
    if (!upstream) {
      return util::Error{upstream.error()};
    }
    instance->m_upstream = std::move(*upstream);
    env["UPSTREAM_URL"] = "http://127.0.0.1:" + std::to_string(instance->m_upstream->proxy->port());
  }
  process::ServiceSpec spec;
  spec.binary = program.binary;
  spec.cwd = workspace.root;
  spec.env = env;
  spec.startup_timeout = startup_timeout;
  auto started = process::Service::start(spec);
  if (!started.service) {
    return util::Error{started.failure + util::quoted_tail(started.output_tail, 12)};
  }
  instance->m_service = std::move(started.service);
  return instance;
}

}  // namespace ferry::grading
