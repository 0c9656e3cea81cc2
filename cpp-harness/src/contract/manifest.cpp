#include "contract/manifest.hpp"

#include "contract/json_reader.hpp"
#include "util/json_pointer.hpp"

#include <regex>
#include <set>

namespace ferry::contract {

const Exercise* Manifest::find(const std::string& name) const {
  for (const auto& exercise : exercises) {
    auto dash = exercise.id.find('-');
    std::string number = exercise.id.substr(0, dash);
    std::string short_name = dash == std::string::npos ? exercise.id : exercise.id.substr(dash + 1);
    bool all_digits = !name.empty() && name.size() <= 3 && name.find_first_not_of("0123456789") == std::string::npos;
    bool number_matches = all_digits && !number.empty() && std::stoi(name) == std::stoi(number);
    if (name == exercise.id || name == short_name || number_matches) {
      return &exercise;
    }
  }
  return nullptr;
}

std::vector<std::string> Manifest::ids() const {
  std::vector<std::string> out;
  for (const auto& exercise : exercises) {
    out.push_back(exercise.id);
  }
  return out;
}

util::Expected<Manifest> manifest_from_json(const nlohmann::json& document, const std::string& path) {
  Diagnostics diag(path);
  Manifest manifest;
  manifest.source_path = path;
  ObjectReader root(document, "", diag, {"format_version", "plan_weeks", "exercises"});
  if (!root.is_object()) {
    return util::Error{diag.joined()};
  }
  if (auto version = root.integer("format_version", true, 1, 1000)) {
    if (*version != k_manifest_format_version) {
      root.error("format_version", "this ferry reads manifest format " + std::to_string(k_manifest_format_version) +
                                       ", the file is format " + std::to_string(*version));
    }
  }
  manifest.plan_weeks = static_cast<int>(root.integer("plan_weeks", true, 1, 520).value_or(26));
  static const std::regex id_pattern("^[0-9]{2}-[a-z][a-z0-9-]*$");
  std::set<std::string> ids;
  if (const auto* list = root.array("exercises", true)) {
    int previous_week = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string pointer = util::pointer_append("/exercises", i);
      ObjectReader reader((*list)[i], pointer, diag,
                          {"id", "title", "weeks", "concepts", "dir", "contract", "lesson", "reference_go",
                           "reference_rust", "mutant", "packages", "database", "upstream", "openapi", "performance"});
      if (!reader.is_object()) {
        continue;
      }
      Exercise ex;
      if (auto id = reader.string("id", true)) {
        if (!std::regex_match(*id, id_pattern)) {
          reader.error("id", "exercise ids look like \"02-users\" (two digits, a dash, a lower-case name)");
        }
        if (!ids.insert(*id).second) {
          reader.error("id", "duplicate exercise id \"" + *id + "\"");
        }
        ex.id = *id;
      }
      ex.title = reader.string("title", true).value_or("");
      if (const auto* weeks = reader.array("weeks", true)) {
        if (weeks->size() != 2 || !(*weeks)[0].is_number_integer() || !(*weeks)[1].is_number_integer() ||
            (*weeks)[0].get<int>() < 1 || (*weeks)[0].get<int>() > (*weeks)[1].get<int>() ||
            (*weeks)[1].get<int>() > manifest.plan_weeks) {
          reader.error("weeks", "expected [first, last] weeks within the plan, such as [2, 3]");
        } else {
          ex.week_from = (*weeks)[0].get<int>();
          ex.week_to = (*weeks)[1].get<int>();
          if (ex.week_from < previous_week) {
            reader.error("weeks", "exercises are listed in the order of the plan; this one starts before the previous one");
          }
          previous_week = ex.week_from;
        }
      }
      if (const auto* concepts = reader.array("concepts", true)) {
        for (std::size_t j = 0; j < concepts->size(); ++j) {
          if (!(*concepts)[j].is_string()) {
            diag.error(reader.pointer_to("concepts") + "/" + std::to_string(j), "expected a string");
            continue;
          }
          ex.concepts.push_back((*concepts)[j].get<std::string>());
        }
      }
      ex.dir = reader.string("dir", true).value_or("");
      ex.contract = reader.string("contract", true).value_or("");
      ex.lesson = reader.string("lesson", true).value_or("");
      ex.reference_go = reader.string("reference_go", true).value_or("");
      ex.reference_rust = reader.string("reference_rust", true).value_or("");
      ex.mutant = reader.string("mutant", false).value_or("");
      ex.openapi = reader.string("openapi", false).value_or("");
      if (auto database = reader.string("database", false)) {
        if (*database == "sqlite") {
          ex.database = true;
        } else {
          reader.error("database", "unknown database \"" + *database + "\"; the only one is \"sqlite\"");
        }
      }
      if (const auto* upstream = reader.object("upstream", false)) {
        ObjectReader up(*upstream, reader.pointer_to("upstream"), diag, {"exercise"});
        if (auto name = up.string("exercise", true)) {
          // An earlier exercise, whose Go reference runs untouched behind the service.
          const Exercise* found = nullptr;
          for (const auto& earlier : manifest.exercises) {
            found = earlier.id == *name ? &earlier : found;
          }
          if (found == nullptr) {
            up.error("exercise", "\"" + *name + "\" is not an exercise listed before this one");
          } else if (found->upstream) {
            up.error("exercise", *name + " forwards to an upstream of its own; an upstream is a plain service");
          } else if (found->database && !ex.database) {
            up.error("exercise", *name + " keeps its data in SQLite, which the two services share: add \"database\": \"sqlite\"");
          } else {
            ex.upstream = Exercise::Upstream{found->id, found->reference_go, found->database};
          }
        }
      }
      if (const auto* performance = reader.object("performance", false)) {
        ObjectReader perf(*performance, reader.pointer_to("performance"), diag,
                          {"p99_ratio", "rss_ratio", "level_percent", "repetitions", "hint", "lesson"});
        PerformanceBudget budget;
        auto ratio = [&](const char* key, double fallback) {
          auto value = perf.number(key, false).value_or(fallback);
          if (value <= 0 || value > 10) {
            perf.error(key, "a Rust/Go ratio between 0 and 10, such as 0.6 (lower is better)");
          }
          return value;
        };
        budget.p99_ratio = ratio("p99_ratio", budget.p99_ratio);
        budget.rss_ratio = ratio("rss_ratio", budget.rss_ratio);
        budget.level_percent = static_cast<int>(perf.integer("level_percent", false, 1, 100).value_or(budget.level_percent));
        budget.repetitions = static_cast<int>(perf.integer("repetitions", false, 1, 20).value_or(budget.repetitions));
        budget.hint = perf.string("hint", true).value_or("");
        if (auto lesson = perf.string("lesson", true)) {
          if (lesson->rfind("lessons/", 0) != 0) {
            perf.error("lesson", "expected a path under lessons/, such as \"lessons/09-hotpath.md#measure-before-you-migrate\"");
          }
          budget.lesson = *lesson;
        }
        if (ex.upstream) {
          perf.error("", "ferry bench cannot measure a service with an upstream, so it cannot have a performance stage");
        }
        ex.performance = budget;
      }
      if (const auto* packages = reader.object("packages", true)) {
        ObjectReader pkg(*packages, reader.pointer_to("packages"), diag, {"learner", "reference", "mutant"});
        ex.learner_package = pkg.string("learner", true).value_or("");
        ex.reference_package = pkg.string("reference", true).value_or("");
        ex.mutant_package = pkg.string("mutant", false).value_or("");
        if (!ex.mutant.empty() && ex.mutant_package.empty()) {
          pkg.error("", "an exercise with a mutant crate names its package in \"mutant\"");
        }
      }
      manifest.exercises.push_back(std::move(ex));
    }
  }
  if (!diag.ok()) {
    return util::Error{diag.joined()};
  }
  return manifest;
}

util::Expected<Manifest> load_manifest(const std::string& path) {
  auto document = parse_json_file(path);
  if (!document) {
    return util::Error{document.error()};
  }
  return manifest_from_json(*document, path);
}

}  // namespace ferry::contract
