#include "grading/build.hpp"

#include "process/subprocess.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace ferry::grading {

namespace fs = std::filesystem;

std::string to_string(ImplKind kind) {
  switch (kind) {
    case ImplKind::learner: return "learner";
    case ImplKind::rust: return "rust";
    case ImplKind::go: return "go";
    case ImplKind::mutant: return "mutant";
    case ImplKind::binary: return "binary";
  }
  return "learner";
}

util::Expected<ImplKind> parse_impl(const std::string& text) {
  if (text == "learner") return ImplKind::learner;
  if (text == "rust") return ImplKind::rust;
  if (text == "go") return ImplKind::go;
  if (text == "mutant") return ImplKind::mutant;
  return util::Error{"unknown implementation \"" + text + "\"; expected learner, rust or go"};
}

util::Expected<BuildPlan> plan_build(const Workspace& workspace, const contract::Exercise& exercise,
                                     const Implementation& impl) {
  BuildPlan plan;
  auto cargo = [&](const std::string& package) {
    plan.tool = "cargo";
    plan.argv = {"cargo", "build", "--quiet", "-p", package};
    if (impl.release) {
      plan.argv.emplace_back("--release");
    }
    plan.cwd = workspace.root;
    plan.env["CARGO_TARGET_DIR"] = workspace.target_dir;
    plan.output_dir = (fs::path(workspace.target_dir) / (impl.release ? "release" : "debug")).string();
    plan.binary = (fs::path(plan.output_dir) / package).string();
  };
  switch (impl.kind) {
    case ImplKind::learner:
      cargo(exercise.learner_package);
      // The learner's compiler errors are part of the attempt: read them as JSON
      // (parse_cargo_messages renders them back to text for the report).
      plan.argv.emplace_back("--message-format=json");
      plan.untrusted = true;
      break;
    case ImplKind::rust:
      cargo(exercise.reference_package);
      break;
    case ImplKind::mutant:
      if (exercise.mutant_package.empty()) {
        return util::Error{"exercise " + exercise.id + " has no mutant port"};
      }
      if (impl.mutation.empty()) {
        return util::Error{"--impl mutant needs --mutation NAME"};
      }
      cargo(exercise.mutant_package);
      plan.service_env["FERRY_MUTANT"] = impl.mutation;
      break;
    case ImplKind::go: {
      // reference-go is one module; the exercise is a package directory inside it.
      fs::path package_dir = fs::path(workspace.root) / exercise.reference_go;
      fs::path module_dir = package_dir.parent_path();
      plan.tool = "go";
      plan.binary = (fs::path(workspace.target_dir) / "go" / exercise.id).string();
      plan.argv = {"go", "build", "-o", plan.binary, "./" + package_dir.filename().string()};
      plan.cwd = module_dir.string();
      break;
    }
    case ImplKind::binary:
      plan.binary = fs::absolute(impl.binary).string();
      break;
  }
  return plan;
}

util::Expected<BuiltProgram> build_program(const Workspace& workspace, const contract::Exercise& exercise,
                                           const Implementation& impl, std::chrono::milliseconds timeout,
                                           const std::function<void(const BuildPlan&)>& on_start) {
  auto plan = plan_build(workspace, exercise, impl);
  if (!plan) {
    return util::Error{plan.error()};
  }
  if (on_start) {
    on_start(*plan);
  }
  BuiltProgram program;
  program.outcome = build(*plan, timeout);
  if (!program.outcome.ok) {
    return util::Error{"`" + program.outcome.command + "` failed:" + util::quoted_tail(program.outcome.output, 16)};
  }
  program.binary = program.outcome.binary;
  program.service_env = plan->service_env;
  return program;
}

std::string BuildPlan::command() const {
  std::string line;
  for (const auto& arg : argv) {
    line += (line.empty() ? "" : " ") + arg;
  }
  return line;
}

bool BuildPlan::first_build() const {
  std::error_code ec;
  return !tool.empty() && !fs::exists(binary, ec);
}

BuildOutcome build(const BuildPlan& plan, std::chrono::milliseconds timeout) {
  BuildOutcome outcome;
  outcome.binary = plan.binary;
  std::error_code ec;
  if (plan.tool.empty()) {
    outcome.ok = fs::is_regular_file(plan.binary, ec);
    outcome.command = "(prebuilt) " + plan.binary;
    if (!outcome.ok) {
      outcome.output = "no such program: " + plan.binary;
    }
    return outcome;
  }
  process::SpawnOptions options;
  options.argv = plan.argv;
  options.cwd = plan.cwd;
  options.env_set = plan.env;
  if (plan.untrusted) {
    outcome.isolation = confine_cargo(options, plan.output_dir, plan.protected_paths, timeout);
  }
  outcome.command = plan.command();
  if (options.argv.size() > plan.argv.size()) {
    outcome.command += " " + options.argv.back();  // --offline
  }
  bool json = std::find(plan.argv.begin(), plan.argv.end(), "--message-format=json") != plan.argv.end();
  options.output_cap = json ? 4 * 1024 * 1024 : 512 * 1024;
  auto start = std::chrono::steady_clock::now();
  auto done = process::run_to_completion(options, timeout);
  outcome.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!done) {
    outcome.tool_error = true;
    outcome.output = done.error() + " — is " + plan.tool + " installed and on PATH? (ferry doctor says what is missing)";
    return outcome;
  }
  outcome.output = done->output;
  if (json) {
    auto messages = parse_cargo_messages(done->output);
    outcome.output = std::move(messages.rendered);
    outcome.diagnostics = std::move(messages.diagnostics);
  }
  if (done->timed_out) {
    outcome.output += "\n(the build was stopped after " + std::to_string(timeout.count() / 1000) + " s)";
  }
  outcome.ok = done->status.success() && fs::is_regular_file(plan.binary, ec);
  return outcome;
}

std::string confine_cargo(process::SpawnOptions& options, const std::string& output_dir,
                          const std::vector<std::string>& protected_paths, std::chrono::milliseconds timeout) {
  const auto& isolation = process::detect_isolation();
  auto& sandbox = options.sandbox;
  sandbox.level = isolation.level;
  // Room for rustc and the linker: the limits are against runaways, not for a budget.
  sandbox.limits.address_space_bytes = 64ULL << 30;
  sandbox.limits.open_files = 16384;
  sandbox.limits.file_size_bytes = 4ULL << 30;
  sandbox.limits.private_tmp_bytes = 2ULL << 30;
  switch (isolation.level) {
    case process::IsolationLevel::none:
      return "none (FERRY_ISOLATION=none): the build runs in a process group of its own, nothing more";
    case process::IsolationLevel::degraded:
      return "degraded: the build runs in a session and process group of its own with limits on memory and files; "
             "its build scripts and macros can read and write what ferry can";
    case process::IsolationLevel::namespaces: break;
  }
  // What the offline build needs, fetched first: downloading a crate runs none of its code.
  process::SpawnOptions fetch;
  fetch.argv = {"cargo", "fetch", "--quiet"};
  fetch.cwd = options.cwd;
  fetch.env_set = options.env_set;
  auto fetched = process::run_to_completion(fetch, timeout);
  std::string detail;
  if (!fetched || !fetched->status.success()) {
    detail = "; `cargo fetch` failed first, so a crate not yet downloaded will be missing";
  }
  std::error_code ec;
  fs::create_directories(output_dir, ec);
  options.argv.emplace_back("--offline");
  sandbox.read_only_system = true;
  sandbox.writable_dirs = {output_dir};
  // A checkout under /tmp is bound back into the private /tmp, read-only like the rest.
  sandbox.keep_dirs = {options.cwd, fs::path(output_dir).parent_path().string()};
  sandbox.masked_paths = protected_paths;
  sandbox.drop_capabilities = true;
  sandbox.own_network = isolation.own_network;
  // A uid of its own would need the shared target directory: ferry's uid stays, without
  // root's powers. RLIMIT_NPROC then counts every process of that uid on the machine.
  sandbox.uid = 0;
  sandbox.limits.processes = 8192;
  return "namespaces: the build runs offline in namespaces of its own, " +
         std::string(isolation.own_network ? "with loopback only, " : "on the machine's network, ") +
         "every mount read-only but a private /tmp and " + output_dir +
         ", the hidden cases, progress database and results masked, no capabilities, and limits on memory, "
         "files and processes" + detail;
}

}  // namespace ferry::grading
