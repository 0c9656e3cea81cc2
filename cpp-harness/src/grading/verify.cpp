#include "grading/verify.hpp"

#include "contract/json_reader.hpp"
#include "report/reporter.hpp"
#include "util/interrupt.hpp"
#include "util/json_pointer.hpp"

#include <filesystem>

namespace ferry::grading {

namespace fs = std::filesystem;

util::Expected<std::vector<Mutation>> load_mutations(const std::string& path, const contract::Contract& contract) {
  auto document = contract::parse_json_file(path);
  if (!document) {
    return util::Error{document.error()};
  }
  contract::Diagnostics diag(path);
  contract::ObjectReader root(*document, "", diag, {"format_version", "mutations"});
  std::vector<Mutation> out;
  std::set<std::string> names;
  root.integer("format_version", true, 1, 1);
  if (const auto* list = root.array("mutations", true)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      contract::ObjectReader reader((*list)[i], util::pointer_append("/mutations", i), diag, {"name", "bug", "kills"});
      if (!reader.is_object()) {
        continue;
      }
      Mutation m;
      m.name = reader.string("name", true).value_or("");
      if (!m.name.empty() && !names.insert(m.name).second) {
        reader.error("name", "duplicate mutation \"" + m.name + "\"");
      }
      m.bug = reader.string("bug", true).value_or("");
      if (const auto* kills = reader.array("kills", true)) {
        if (kills->empty()) {
          reader.error("kills", "a mutation that no case catches is a gap in the contract; list the cases that must fail");
        }
        for (std::size_t j = 0; j < kills->size(); ++j) {
          const auto& id = (*kills)[j];
          std::string where = util::pointer_append(reader.pointer_to("kills"), j);
          if (!id.is_string()) {
            diag.error(where, "expected a case id");
          } else if (contract.find_case(id.get<std::string>()) == nullptr) {
            diag.error(where, "no case \"" + id.get<std::string>() + "\" in " + contract.source_path);
          } else {
            m.kills.insert(id.get<std::string>());
          }
        }
      }
      out.push_back(std::move(m));
    }
  }
  if (!diag.ok()) {
    return util::Error{diag.joined()};
  }
  return out;
}

namespace {

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out.empty() ? "none" : out;
}

VerifyRun run_one(const Workspace& workspace, const contract::Exercise& exercise, const contract::Contract& contract,
                  const contract::OpenApi* api, const Implementation& impl, std::string label) {
  report::NullReporter quiet;
  CheckOptions options;
  options.impl = impl;
  options.openapi = api;
  VerifyRun run;
  run.label = std::move(label);
  run.result = run_check(workspace, exercise, contract, options, quiet);
  for (const auto& r : run.result.cases) {
    if (r.status != CaseStatus::pass) {
      run.failed.insert(r.c->id);
    }
  }
  return run;
}

}  // namespace

util::Expected<VerifyReport> verify_exercise(const Workspace& workspace, const contract::Exercise& exercise,
                                             const contract::Contract& contract, const contract::OpenApi* api,
                                             const std::function<void(const VerifyRun&)>& progress) {
  VerifyReport report;
  report.exercise = exercise.id;
  std::vector<Mutation> mutations;
  if (!exercise.mutant.empty()) {
    auto loaded = load_mutations((fs::path(workspace.root) / exercise.mutant / "mutations.json").string(), contract);
    if (!loaded) {
      return util::Error{loaded.error()};
    }
    mutations = std::move(*loaded);
  }
  auto record = [&](VerifyRun run) {
    progress(run);
    report.runs.push_back(std::move(run));
  };

  for (auto kind : {ImplKind::rust, ImplKind::go}) {
    auto run = run_one(workspace, exercise, contract, api, {kind, "", ""}, to_string(kind) + " reference");
    run.ok = run.result.outcome == Outcome::pass;
    if (!run.ok) {
      run.problem = run.result.outcome == Outcome::build_error ? "does not build"
                    : run.result.outcome == Outcome::start_error ? "does not start: " + run.result.start_failure
                                                                 : "fails " + join(run.failed);
    }
    record(std::move(run));
    if (util::interrupted()) return util::Error{"interrupted"};
  }

  auto starter = run_one(workspace, exercise, contract, api, {ImplKind::learner, "", ""}, "starter");
  starter.ok = starter.result.outcome != Outcome::pass;
  if (!starter.ok) {
    starter.problem = "the untouched starter passes every case";
  }
  // A starter that never starts fails every case without the contract having
  // to be right about anything, so it kills nothing.
  bool starter_counts = starter.result.outcome == Outcome::fail;
  if (starter_counts) {
    for (const auto& id : starter.failed) {
      report.killed_by[id].push_back("starter");
    }
  }
  record(std::move(starter));

  for (const auto& mutation : mutations) {
    if (util::interrupted()) return util::Error{"interrupted"};
    auto run = run_one(workspace, exercise, contract, api, {ImplKind::mutant, mutation.name, ""}, "mutant " + mutation.name);
    if (run.result.outcome != Outcome::fail) {
      run.problem = run.result.outcome == Outcome::pass ? "passes every case: no case catches \"" + mutation.bug + "\""
                    : run.result.outcome == Outcome::start_error ? "does not start: " + run.result.start_failure
                                                                 : "does not build";
    } else if (run.failed != mutation.kills) {
      std::set<std::string> missed, extra;
      for (const auto& id : mutation.kills) {
        if (!run.failed.contains(id)) missed.insert(id);
      }
      for (const auto& id : run.failed) {
        if (!mutation.kills.contains(id)) extra.insert(id);
      }
      run.problem = "expected to fail exactly {" + join(mutation.kills) + "}; not failed: {" + join(missed) +
                    "}; failed unexpectedly: {" + join(extra) + "}";
    } else {
      run.ok = true;
      for (const auto& id : run.failed) {
        report.killed_by[id].push_back(run.label);
      }
    }
    record(std::move(run));
  }

  for (const auto& c : contract.cases) {
    // The performance case is measured by a bench, not here (a benchmark prints figures;
    // a verification that timed services would pass or fail with the machine's load).
    if (!c.performance && !report.killed_by.contains(c.id)) {
      report.unkilled.push_back(c.id);
    }
  }
  report.ok = report.unkilled.empty();
  for (const auto& run : report.runs) {
    report.ok = report.ok && run.ok;
  }
  return report;
}

}  // namespace ferry::grading
