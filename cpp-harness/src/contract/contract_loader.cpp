#include "contract/contract_loader.hpp"

#include "contract/json_reader.hpp"
#include "util/json_pointer.hpp"
#include "util/prometheus.hpp"
#include "util/regex_cache.hpp"
#include "util/text.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace ferry::contract {

namespace {

constexpr int k_max_parallel = 1000;
constexpr int k_max_timeout_ms = 120'000;
constexpr std::size_t k_max_steps = 100;
constexpr int k_max_shutdown_ms = 60'000;
constexpr int k_max_after_ms = 10'000;
constexpr int k_max_upstream_delay_ms = 60'000;
constexpr std::uintmax_t k_max_body_file_bytes = 16u << 20;
constexpr std::size_t k_max_made_body_bytes = 64u << 20;

const std::vector<std::string> k_methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
const std::vector<std::string> k_types = {"string", "number", "integer", "boolean", "null", "object", "array"};

bool valid_identifier(const std::string& s) {
  static const std::regex pattern("^[a-z0-9][a-z0-9-]*$");
  return std::regex_match(s, pattern);
}

/// Compiles @p pattern the way it will be used (into the cache the checks use), or says why it cannot be.
bool compiles_as_regex(const std::string& pattern, util::RegexCase mode, std::string& why) {
  try {
    util::compiled_regex(pattern, mode);
    return true;
  } catch (const std::regex_error& e) {
    why = e.what();
    return false;
  }
}

/// Collects the `{{name}}` references in every string inside @p value.
void collect_placeholders(const nlohmann::json& value, std::set<std::string>& out);

void collect_placeholders_in_text(const std::string& text, std::set<std::string>& out) {
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    auto end = text.find("}}", pos + 2);
    if (end == std::string::npos) {
      break;
    }
    out.insert(std::string(util::trim(std::string_view(text).substr(pos + 2, end - pos - 2))));
    pos = end + 2;
  }
}

void collect_placeholders(const nlohmann::json& value, std::set<std::string>& out) {
  if (value.is_string()) {
    collect_placeholders_in_text(value.get<std::string>(), out);
  } else if (value.is_structured()) {
    for (const auto& [key, member] : value.items()) {
      collect_placeholders(member, out);
    }
  }
}

class Loader {
public:
  Loader(const nlohmann::json& document, const std::string& path) : m_document(document), m_diag(path) {}

  util::Expected<Contract> load() {
    Contract contract;
    contract.source_path = m_diag.file();
    ObjectReader root(m_document, "", m_diag,
                      {"format_version", "exercise", "title", "stages", "hints", "defaults", "cases"});
    if (!root.is_object()) {
      return util::Error{m_diag.joined()};
    }
    if (auto version = root.integer("format_version", true, 1, 1000)) {
      if (*version != k_contract_format_version) {
        root.error("format_version", "this ferry reads contract format " + std::to_string(k_contract_format_version) +
                                         ", the file is format " + std::to_string(*version));
      }
      contract.format_version = static_cast<int>(*version);
    }
    contract.exercise = root.string("exercise", true).value_or("");
    root.string("title", false);
    load_stages(root, contract);
    load_hints(root, contract);
    load_defaults(root);
    load_cases(root, contract);
    if (!m_diag.ok()) {
      return util::Error{m_diag.joined()};
    }
    return contract;
  }

private:
  void load_stages(ObjectReader& root, Contract& contract) {
    const auto* stages = root.array("stages", true);
    if (stages == nullptr) {
      return;
    }
    if (stages->empty()) {
      root.error("stages", "a contract needs at least one stage");
    }
    for (std::size_t i = 0; i < stages->size(); ++i) {
      ObjectReader reader((*stages)[i], util::pointer_append(root.pointer_to("stages"), i), m_diag,
                          {"stage", "title"});
      Stage stage;
      auto number = reader.integer("stage", true, 1, 100);
      stage.title = reader.string("title", true).value_or("");
      if (number) {
        stage.number = static_cast<int>(*number);
        if (*number != static_cast<std::int64_t>(i) + 1) {
          reader.error("stage", "stages must be numbered 1, 2, 3… in order; expected " + std::to_string(i + 1));
        }
      }
      contract.stages.push_back(stage);
    }
  }

  void load_hints(ObjectReader& root, Contract& contract) {
    const auto* hints = root.array("hints", false);
    if (hints == nullptr) {
      return;
    }
    for (std::size_t i = 0; i < hints->size(); ++i) {
      const auto& hint = (*hints)[i];
      if (!hint.is_string() || hint.get<std::string>().empty()) {
        m_diag.error(util::pointer_append(root.pointer_to("hints"), i), "expected a non-empty string");
        continue;
      }
      contract.hints.push_back(hint.get<std::string>());
    }
  }

  void load_defaults(ObjectReader& root) {
    const auto* defaults = root.object("defaults", false);
    if (defaults == nullptr) {
      return;
    }
    ObjectReader reader(*defaults, root.pointer_to("defaults"), m_diag, {"timeout_ms", "points"});
    if (auto timeout = reader.integer("timeout_ms", false, 1, k_max_timeout_ms)) {
      m_default_timeout_ms = static_cast<int>(*timeout);
    }
    if (auto points = reader.integer("points", false, 0, 1000)) {
      m_default_points = static_cast<int>(*points);
    }
  }

  void load_cases(ObjectReader& root, Contract& contract) {
    const auto* cases = root.array("cases", true);
    if (cases == nullptr) {
      return;
    }
    if (cases->empty()) {
      root.error("cases", "a contract needs at least one case");
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < cases->size(); ++i) {
      std::string pointer = util::pointer_append(root.pointer_to("cases"), i);
      Case c = load_case((*cases)[i], pointer, contract);
      if (!c.id.empty() && !ids.insert(c.id).second) {
        m_diag.error(pointer + "/id", "duplicate case id \"" + c.id + "\"");
      }
      contract.cases.push_back(std::move(c));
    }
  }

  Case load_case(const nlohmann::json& value, const std::string& pointer, const Contract& contract) {
    ObjectReader reader(value, pointer, m_diag,
                        {"id", "title", "stage", "kind", "concept", "points", "hint", "lesson", "timeout_ms",
                         "request", "expect", "capture", "parallel", "tally", "retry", "steps"});
    Case c;
    if (!reader.is_object()) {
      return c;
    }
    if (auto id = reader.string("id", true)) {
      if (!valid_identifier(*id)) {
        reader.error("id", "case ids use lower-case letters, digits and '-' (found \"" + *id + "\")");
      }
      c.id = *id;
    }
    c.title = reader.string("title", true).value_or("");
    if (auto stage = reader.integer("stage", true, 1, 100)) {
      c.stage = static_cast<int>(*stage);
      if (contract.find_stage(c.stage) == nullptr) {
        reader.error("stage", "stage " + std::to_string(c.stage) + " is not declared in /stages");
      }
    }
    if (auto kind = reader.string("kind", true)) {
      static const std::vector<std::string> kinds = {"happy", "error", "nil", "concurrency", "robustness"};
      if (*kind == "happy") c.kind = CaseKind::happy;
      else if (*kind == "error") c.kind = CaseKind::error;
      else if (*kind == "nil") c.kind = CaseKind::nil;
      else if (*kind == "concurrency") c.kind = CaseKind::concurrency;
      else if (*kind == "robustness") c.kind = CaseKind::robustness;
      else reader.error("kind", "unknown kind \"" + *kind + "\"; expected one of happy, error, nil, concurrency, robustness");
    }
    c.concept_tag = reader.string("concept", true).value_or("");
    c.points = static_cast<int>(reader.integer("points", false, 0, 1000).value_or(m_default_points));
    c.hint = reader.string("hint", true).value_or("");
    if (auto lesson = reader.string("lesson", true)) {
      if (lesson->rfind("lessons/", 0) != 0) {
        reader.error("lesson", "expected a path under lessons/, such as \"lessons/02-users.md#the-nil-account\"");
      }
      c.lesson = *lesson;
    }
    c.timeout_ms = static_cast<int>(reader.integer("timeout_ms", false, 1, k_max_timeout_ms).value_or(m_default_timeout_ms));

    bool single = reader.has("request") || reader.has("expect");
    bool multi = reader.has("steps");
    std::set<std::string> captured;
    if (single && multi) {
      reader.error("steps", "a case has either \"request\"/\"expect\" or \"steps\", not both");
    } else if (multi) {
      if (const auto* steps = reader.array("steps", true)) {
        if (steps->empty() || steps->size() > k_max_steps) {
          reader.error("steps", "expected between 1 and " + std::to_string(k_max_steps) + " steps");
        }
        for (std::size_t i = 0; i < steps->size() && i < k_max_steps; ++i) {
          std::string step_pointer = util::pointer_append(reader.pointer_to("steps"), i);
          ObjectReader step_reader((*steps)[i], step_pointer, m_diag,
                                   {"request", "expect", "capture", "parallel", "tally", "retry", "lifecycle",
                                    "exit_code", "within_ms", "in_flight", "env", "args", "upstream", "upstream_saw",
                                    "logs", "metrics"});
          if (!step_reader.is_object()) {
            continue;
          }
          if (step_reader.has("lifecycle")) {
            c.steps.push_back(load_lifecycle_step(step_reader, captured));
          } else if (step_reader.has("upstream") || step_reader.has("upstream_saw")) {
            c.steps.push_back(load_upstream_step(step_reader, captured));
          } else if (step_reader.has("logs") || step_reader.has("metrics")) {
            c.steps.push_back(load_observation_step(step_reader, captured));
          } else {
            for (const char* key : {"exit_code", "within_ms", "in_flight", "env", "args"}) {
              if (step_reader.has(key)) {
                step_reader.error(key, std::string("\"") + key + "\" belongs to a lifecycle step (one with \"lifecycle\")");
              }
            }
            c.steps.push_back(load_step(step_reader, captured));
          }
        }
      }
    } else if (single) {
      c.steps.push_back(load_step(reader, captured));
    } else {
      reader.error("", "a case needs a \"request\" and an \"expect\", or \"steps\"");
    }
    if (c.kind == CaseKind::concurrency) {
      bool any_parallel = false;
      for (const auto& step : c.steps) {
        any_parallel = any_parallel || step.parallel > 1;
      }
      if (!any_parallel) {
        reader.error("kind", "a concurrency case needs a step with \"parallel\" greater than 1");
      }
    }
    return c;
  }

  /// Reads request/expect/capture/parallel from @p reader (a case or a step object).
  Step load_step(ObjectReader& reader, std::set<std::string>& captured) {
    Step step;
    step.source = m_diag.file() + ":" + reader.pointer();
    if (const auto* request = reader.object("request", true)) {
      step.request = load_request(*request, reader.pointer_to("request"), captured);
    }
    if (const auto* expect = reader.object("expect", true)) {
      step.expect = load_expectation(*expect, reader.pointer_to("expect"), captured);
    }
    step.parallel = static_cast<int>(reader.integer("parallel", false, 1, k_max_parallel).value_or(1));
    if (const auto* tally = reader.object("tally", false)) {
      step.tally = load_tally(*tally, reader.pointer_to("tally"), step.parallel);
    }
    if (const auto* retry = reader.object("retry", false)) {
      ObjectReader retry_reader(*retry, reader.pointer_to("retry"), m_diag, {"within_ms", "while"});
      step.retry_within_ms = static_cast<int>(retry_reader.integer("within_ms", true, 1, k_max_timeout_ms).value_or(1000));
      if (const auto* pending = retry_reader.object("while", false)) {
        if (pending->empty()) {
          retry_reader.error("while", "\"while\" needs at least one matcher, such as {\"/status\": {\"regex\": \"^(queued|running)$\"}}");
        }
        for (const auto& [path, spec] : pending->items()) {
          step.retry_while.push_back(load_matcher(path, spec, util::pointer_append(retry_reader.pointer_to("while"), path)));
        }
      }
      if (step.parallel > 1) {
        reader.error("retry", "a parallel step is not retried (its copies race once); poll with a later single step");
      }
    }
    if (const auto* capture = reader.object("capture", false)) {
      for (const auto& [name, source] : capture->items()) {
        std::string pointer = util::pointer_append(reader.pointer_to("capture"), name);
        static const std::regex capture_name("^[A-Za-z0-9_-]+$");
        if (!std::regex_match(name, capture_name)) {
          m_diag.error(pointer, "capture names use letters, digits, '-' and '_'");
        }
        if (!source.is_string()) {
          m_diag.error(pointer, "expected a JSON pointer (\"/id\") or \"header:Name\", found " + describe_type(source));
          continue;
        }
        Capture cap;
        cap.name = name;
        auto text = source.get<std::string>();
        if (text.rfind("header:", 0) == 0) {
          cap.header = util::to_lower(text.substr(7));
        } else if (util::is_valid_pointer(text) && !text.empty()) {
          cap.pointer = text;
        } else {
          m_diag.error(pointer, "\"" + text + "\" is neither a JSON pointer (\"/id\") nor \"header:Name\"");
          continue;
        }
        if (step.parallel > 1) {
          m_diag.error(pointer, "a parallel step cannot capture values (which of its responses would it take?)");
        }
        step.captures.push_back(cap);
        captured.insert(name);
      }
    }
    return step;
  }

  /// {"201": 1, "409": 199}: exact counts of statuses among a parallel step's responses.
  std::vector<std::pair<int, int>> load_tally(const nlohmann::json& value, const std::string& pointer, int parallel) {
    std::vector<std::pair<int, int>> tally;
    if (parallel < 2) {
      m_diag.error(pointer, "a tally counts the responses of a parallel step; add \"parallel\" greater than 1");
      return tally;
    }
    if (value.empty()) {
      m_diag.error(pointer, "a tally needs at least one status, such as {\"201\": 1, \"409\": 199}");
      return tally;
    }
    long long sum = 0;
    for (const auto& [key, count] : value.items()) {
      std::string member = util::pointer_append(pointer, key);
      static const std::regex status_key("^[1-5][0-9][0-9]$");
      if (!std::regex_match(key, status_key)) {
        m_diag.error(member, "tally keys are HTTP statuses from 100 to 599 (found \"" + key + "\")");
        continue;
      }
      if (!count.is_number_integer() || count.get<long long>() < 0 || count.get<long long>() > parallel) {
        m_diag.error(member, "expected a count from 0 to " + std::to_string(parallel) + ", found " +
                                 (count.is_number_integer() ? count.dump() : describe_type(count)));
        continue;
      }
      sum += count.get<long long>();
      tally.emplace_back(std::stoi(key), static_cast<int>(count.get<long long>()));
    }
    if (sum != parallel && tally.size() == value.size()) {
      m_diag.error(pointer, "the counts add up to " + std::to_string(sum) + ", but the step sends " +
                                std::to_string(parallel) + " requests");
    }
    return tally;
  }

  /// {"lifecycle": "restart" | "sigterm", "exit_code": 0, "within_ms": 5000, "in_flight": {...}}
  Step load_lifecycle_step(ObjectReader& reader, std::set<std::string>& captured) {
    Step step;
    step.source = m_diag.file() + ":" + reader.pointer();
    Lifecycle lifecycle;
    if (auto action = reader.string("lifecycle", true)) {
      if (*action == "restart") {
        lifecycle.action = Lifecycle::Action::restart;
      } else if (*action == "sigterm") {
        lifecycle.action = Lifecycle::Action::sigterm;
      } else if (*action == "kill") {
        lifecycle.action = Lifecycle::Action::kill;
      } else {
        reader.error("lifecycle", "unknown lifecycle action \"" + *action + "\"; expected restart, sigterm or kill");
      }
    }
    for (const char* key : {"request", "expect", "capture", "parallel", "tally", "retry"}) {
      if (reader.has(key)) {
        reader.error(key, std::string("a lifecycle step sends no request of its own, so it has no \"") + key +
                              "\" (requests in flight during the stop go in \"in_flight\")");
      }
    }
    for (const char* key : {"upstream", "upstream_saw", "logs", "metrics"}) {
      if (reader.has(key)) {
        reader.error(key, std::string("a lifecycle step acts on the service only; put \"") + key + "\" in a step of its own");
      }
    }
    if (const auto* env = reader.object("env", false)) {
      static const std::regex name_pattern("^[A-Za-z_][A-Za-z0-9_]*$");
      for (const auto& [name, value] : env->items()) {
        std::string where = util::pointer_append(reader.pointer_to("env"), name);
        if (!std::regex_match(name, name_pattern)) {
          m_diag.error(where, "\"" + name + "\" is not an environment variable name (letters, digits, '_')");
        } else if (name == "PORT" || name == "DATABASE_URL" || name == "UPSTREAM_URL") {
          m_diag.error(where, "ferry sets " + name + " itself; a case cannot change it");
        } else if (!value.is_string()) {
          m_diag.error(where, "an environment value is a string, found " + describe_type(value));
        } else {
          lifecycle.config.env[name] = value.get<std::string>();
        }
      }
    }
    if (const auto* args = reader.array("args", false)) {
      for (std::size_t i = 0; i < args->size(); ++i) {
        if (!(*args)[i].is_string()) {
          m_diag.error(util::pointer_append(reader.pointer_to("args"), i), "an argument is a string, found " + describe_type((*args)[i]));
        } else {
          lifecycle.config.args.push_back((*args)[i].get<std::string>());
        }
      }
    }
    bool sigterm = lifecycle.action == Lifecycle::Action::sigterm;
    for (const char* key : {"exit_code", "within_ms"}) {
      if (!sigterm && reader.has(key)) {
        reader.error(key, std::string("\"") + key + "\" judges a graceful stop: use it with \"lifecycle\": \"sigterm\"");
      }
    }
    lifecycle.exit_code = static_cast<int>(reader.integer("exit_code", false, 0, 255).value_or(0));
    lifecycle.within_ms = static_cast<int>(reader.integer("within_ms", false, 1, k_max_shutdown_ms).value_or(5000));
    if (lifecycle.action == Lifecycle::Action::kill && reader.has("in_flight")) {
      reader.error("in_flight", "a kill gives the service no chance to answer what is in flight; use \"sigterm\"");
    }
    if (const auto* in_flight = reader.object("in_flight", false)) {
      ObjectReader flight(*in_flight, reader.pointer_to("in_flight"), m_diag, {"request", "expect", "parallel", "after_ms"});
      InFlight work;
      if (const auto* request = flight.object("request", true)) {
        work.request = load_request(*request, flight.pointer_to("request"), captured);
      }
      if (const auto* expect = flight.object("expect", true)) {
        work.expect = load_expectation(*expect, flight.pointer_to("expect"), captured);
      }
      work.parallel = static_cast<int>(flight.integer("parallel", false, 1, k_max_parallel).value_or(1));
      work.after_ms = static_cast<int>(flight.integer("after_ms", false, 0, k_max_after_ms).value_or(100));
      lifecycle.in_flight = std::move(work);
    }
    step.lifecycle = lifecycle;
    return step;
  }

  /// {"upstream": "down" | "up" | {"delay_ms": N}}, or
  /// {"upstream_saw": {"method": "POST", "path": "/todos", "count": 1, "headers": {...}}}
  Step load_upstream_step(ObjectReader& reader, const std::set<std::string>& captured) {
    Step step;
    step.source = m_diag.file() + ":" + reader.pointer();
    const char* own = reader.has("upstream") ? "upstream" : "upstream_saw";
    for (const char* key : {"request", "expect", "capture", "parallel", "tally", "retry", "lifecycle", "exit_code",
                            "within_ms", "in_flight", "env", "args", "upstream", "upstream_saw", "logs", "metrics"}) {
      if (reader.has(key) && std::string(key) != own) {
        reader.error(key, std::string("an \"") + own + "\" step does only that, so it has no \"" + key +
                              "\" (put it in a step of its own)");
      }
    }
    if (std::string(own) == "upstream") {
      const auto* value = reader.any("upstream", true);
      UpstreamAction action;
      if (value != nullptr && value->is_string()) {
        auto word = value->get<std::string>();
        if (word == "down") {
          action.kind = UpstreamAction::Kind::down;
        } else if (word == "up") {
          action.kind = UpstreamAction::Kind::up;
        } else {
          reader.error("upstream", "unknown upstream action \"" + word + "\"; expected \"down\", \"up\" or {\"delay_ms\": N}");
        }
      } else if (value != nullptr && value->is_object()) {
        ObjectReader delay(*value, reader.pointer_to("upstream"), m_diag, {"delay_ms"});
        action.kind = UpstreamAction::Kind::delay;
        action.delay_ms = static_cast<int>(delay.integer("delay_ms", true, 1, k_max_upstream_delay_ms).value_or(1));
      } else if (value != nullptr) {
        reader.error("upstream", "expected \"down\", \"up\" or {\"delay_ms\": N}, found " + describe_type(*value));
      }
      step.upstream = action;
      return step;
    }
    const auto* saw = reader.object("upstream_saw", true);
    if (saw == nullptr) {
      return step;
    }
    ObjectReader saw_reader(*saw, reader.pointer_to("upstream_saw"), m_diag, {"method", "path", "count", "headers"});
    UpstreamSaw expectation;
    if (auto method = saw_reader.string("method", true)) {
      if (std::find(k_methods.begin(), k_methods.end(), *method) == k_methods.end()) {
        saw_reader.error("method", "unsupported method \"" + *method + "\"; expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
      expectation.method = *method;
    }
    if (auto path = saw_reader.string("path", true)) {
      if (path->empty() || path->front() != '/') {
        saw_reader.error("path", "a request target starts with '/', such as \"/todos?limit=1\"");
      }
      expectation.path = *path;
    }
    if (auto count = saw_reader.integer("count", false, 0, k_max_parallel)) {
      expectation.count = static_cast<int>(*count);
    }
    if (const auto* headers = saw_reader.object("headers", false)) {
      for (const auto& [name, spec] : headers->items()) {
        expectation.headers.push_back(load_header(name, spec, util::pointer_append(saw_reader.pointer_to("headers"), name)));
      }
      if (expectation.count && *expectation.count == 0 && !expectation.headers.empty()) {
        saw_reader.error("headers", "with \"count\": 0 no request is there to carry headers");
      }
    }
    check_placeholders(*saw, reader.pointer_to("upstream_saw"), captured);
    step.upstream_saw = std::move(expectation);
    return step;
  }

  /// {"logs": {"contains": R, "every_line": R, "none": R}} or
  /// {"metrics": {"path": "/metrics", "series": {"name{a=\"x\"}": {"delta": 1}}}}
  Step load_observation_step(ObjectReader& reader, const std::set<std::string>& captured) {
    Step step;
    step.source = m_diag.file() + ":" + reader.pointer();
    const char* own = reader.has("logs") ? "logs" : "metrics";
    for (const char* key : {"request", "expect", "capture", "parallel", "tally", "retry", "lifecycle", "exit_code",
                            "within_ms", "in_flight", "env", "args", "upstream", "upstream_saw", "logs", "metrics"}) {
      if (reader.has(key) && std::string(key) != own) {
        reader.error(key, std::string("a \"") + own + "\" step does only that, so it has no \"" + key +
                              "\" (put it in a step of its own)");
      }
    }
    if (std::string(own) == "logs") {
      const auto* logs = reader.object("logs", true);
      if (logs == nullptr) {
        return step;
      }
      ObjectReader log_reader(*logs, reader.pointer_to("logs"), m_diag, {"contains", "every_line", "none"});
      LogCheck check;
      auto pattern = [&](const char* key) -> std::optional<std::string> {
        auto text = log_reader.string(key, false);
        if (!text) {
          return std::nullopt;
        }
        // Compiled with each placeholder standing in for a literal, as it will be at run time.
        std::string probe = *text;
        for (auto open = probe.find("{{"); open != std::string::npos; open = probe.find("{{")) {
          auto close = probe.find("}}", open);
          if (close == std::string::npos) {
            break;
          }
          probe.replace(open, close + 2 - open, "x");
        }
        std::string why;
        if (!compiles_as_regex(probe, util::RegexCase::sensitive, why)) {
          log_reader.error(key, "not a valid regular expression: " + why);
        }
        return text;
      };
      check.contains = pattern("contains");
      check.every_line = pattern("every_line");
      check.none = pattern("none");
      if (!check.contains && !check.every_line && !check.none) {
        log_reader.error("", "a logs step needs \"contains\", \"every_line\" or \"none\"");
      }
      check_placeholders(*logs, reader.pointer_to("logs"), captured);
      step.logs = std::move(check);
      return step;
    }
    const auto* metrics = reader.object("metrics", true);
    if (metrics == nullptr) {
      return step;
    }
    ObjectReader metrics_reader(*metrics, reader.pointer_to("metrics"), m_diag, {"path", "series"});
    MetricsCheck check;
    if (auto path = metrics_reader.string("path", false)) {
      if (path->front() != '/') {
        metrics_reader.error("path", "a request path starts with '/'");
      }
      check.path = *path;
    }
    if (const auto* series = metrics_reader.object("series", true)) {
      if (series->empty()) {
        metrics_reader.error("series", "name at least one series, such as {\"orders_created_total\": {\"delta\": 1}}");
      }
      for (const auto& [text, spec] : series->items()) {
        std::string pointer = util::pointer_append(metrics_reader.pointer_to("series"), text);
        auto parsed = util::parse_series(text);
        if (!parsed) {
          m_diag.error(pointer, "\"" + text + "\" is not a series: " + parsed.error());
          continue;
        }
        ObjectReader matcher(spec, pointer, m_diag, {"equals", "min", "max", "delta", "present", "absent"});
        MetricExpectation expectation;
        expectation.series = parsed->key();
        expectation.equals = matcher.number("equals", false);
        expectation.min = matcher.number("min", false);
        expectation.max = matcher.number("max", false);
        expectation.delta = matcher.number("delta", false);
        expectation.present = matcher.boolean("present", false).value_or(false);
        expectation.absent = matcher.boolean("absent", false).value_or(false);
        bool on_value = expectation.equals || expectation.min || expectation.max || expectation.delta || expectation.present;
        if (expectation.absent && on_value) {
          matcher.error("absent", "\"absent\" cannot be combined with a check on the value");
        } else if (!expectation.absent && !on_value) {
          matcher.error("", "a series needs at least one check (equals, min, max, delta, present, absent)");
        }
        if (expectation.min && expectation.max && *expectation.min > *expectation.max) {
          matcher.error("min", "min is greater than max");
        }
        check.series.push_back(std::move(expectation));
      }
    }
    step.metrics = std::move(check);
    return step;
  }

  void check_placeholders(const nlohmann::json& value, const std::string& pointer, const std::set<std::string>& captured) {
    std::set<std::string> used;
    collect_placeholders(value, used);
    for (const auto& name : used) {
      if (!captured.contains(name)) {
        m_diag.error(pointer, "{{" + name + "}} is not captured by an earlier step");
      }
    }
  }

  Request load_request(const nlohmann::json& value, const std::string& pointer, const std::set<std::string>& captured) {
    ObjectReader reader(value, pointer, m_diag, {"method", "path", "headers", "json", "body", "body_file", "body_repeat"});
    Request request;
    if (auto method = reader.string("method", true)) {
      if (std::find(k_methods.begin(), k_methods.end(), *method) == k_methods.end()) {
        reader.error("method", "unsupported method \"" + *method + "\"; expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
      request.method = *method;
    }
    if (auto path = reader.string("path", true)) {
      if (path->front() != '/') {
        reader.error("path", "a request path starts with '/'");
      }
      request.path = *path;
    }
    if (const auto* headers = reader.object("headers", false)) {
      for (const auto& [name, header_value] : headers->items()) {
        if (!header_value.is_string()) {
          m_diag.error(util::pointer_append(reader.pointer_to("headers"), name), "a header value must be a string");
          continue;
        }
        request.headers.emplace_back(name, header_value.get<std::string>());
      }
    }
    if (reader.has("json") && reader.has("body")) {
      reader.error("body", "give either \"json\" (a JSON value) or \"body\" (raw text), not both");
    }
    std::vector<std::string> bodies;
    for (const char* key : {"json", "body", "body_file", "body_repeat"}) {
      if (reader.has(key)) {
        bodies.emplace_back(key);
      }
    }
    if (bodies.size() > 1 && (reader.has("body_file") || reader.has("body_repeat"))) {
      reader.error(reader.has("body_file") ? "body_file" : "body_repeat",
                   "a request has one body, but this one gives " + std::to_string(bodies.size()) + ": keep one of json, body, body_file and body_repeat");
    }
    if (const auto* json = reader.any("json", false)) {
      request.json = *json;
    }
    if (reader.has("body")) {
      request.raw_body = reader.string("body", true, false);
    }
    if (auto file = reader.string("body_file", false)) {
      request.made_body = read_body_file(*file, reader);
    }
    if (const auto* repeat = reader.object("body_repeat", false)) {
      request.made_body = make_repeated_body(*repeat, reader.pointer_to("body_repeat"));
    }
    check_placeholders(value, pointer, captured);
    return request;
  }

  /// "body_file": the bytes of a file beside the contract, read once at load time.
  std::shared_ptr<const MadeBody> read_body_file(const std::string& relative, ObjectReader& reader) {
    auto body = contract::read_body_file(std::filesystem::path(m_diag.file()).parent_path().string(), relative);
    if (!body) {
      reader.error("body_file", body.error());
      return nullptr;
    }
    return *body;
  }

  /// "body_repeat": {"prefix": "[", "item": "…", "separator": ",", "times": N, "suffix": "]"}.
  std::shared_ptr<const MadeBody> make_repeated_body(const nlohmann::json& value, const std::string& pointer) {
    ObjectReader reader(value, pointer, m_diag, {"prefix", "item", "separator", "times", "suffix"});
    auto prefix = reader.string("prefix", false, false).value_or("");
    auto item = reader.string("item", true);
    auto separator = reader.string("separator", false, false).value_or("");
    auto times = reader.integer("times", true, 1, 100'000'000);
    auto suffix = reader.string("suffix", false, false).value_or("");
    if (!item || !times) {
      return nullptr;
    }
    auto n = static_cast<std::size_t>(*times);
    std::size_t total = prefix.size() + suffix.size() + n * item->size() + (n - 1) * separator.size();
    if (total > k_max_made_body_bytes) {
      reader.error("times", "the body would be " + std::to_string(total) + " bytes; at most " +
                                std::to_string(k_max_made_body_bytes) + " may be made");
      return nullptr;
    }
    auto body = std::make_shared<MadeBody>();
    body->bytes.reserve(total);
    body->bytes += prefix;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) {
        body->bytes += separator;
      }
      body->bytes += *item;
    }
    body->bytes += suffix;
    body->describe = "a body of " + std::to_string(total) + " bytes (\"" + *item + "\" " + std::to_string(n) + " times)";
    body->curl_source = "@-";
    // The same bytes from a shell: python3 writes them, curl reads its standard input.
    nlohmann::json parts = {prefix, *item, separator, n, suffix};
    body->curl_pipe = "python3 -c " +
                      util::shell_quote("import json,sys; p,i,s,n,x=json.loads(sys.argv[1]); sys.stdout.write(p+s.join([i]*n)+x)") +
                      " " + util::shell_quote(parts.dump());
    return body;
  }

  Expectation load_expectation(const nlohmann::json& value, const std::string& pointer, const std::set<std::string>& captured) {
    ObjectReader reader(value, pointer, m_diag, {"status", "headers", "body", "json", "match"});
    Expectation expect;
    if (const auto* status = reader.any("status", true)) {
      auto check_status = [&](const nlohmann::json& s, const std::string& where) {
        if (!s.is_number_integer() || s.get<std::int64_t>() < 100 || s.get<std::int64_t>() > 599) {
          m_diag.error(where, "a status is an integer from 100 to 599");
          return;
        }
        expect.statuses.push_back(s.get<int>());
      };
      if (status->is_array()) {
        if (status->empty()) {
          reader.error("status", "an empty list of statuses matches nothing");
        }
        for (std::size_t i = 0; i < status->size(); ++i) {
          check_status((*status)[i], util::pointer_append(reader.pointer_to("status"), i));
        }
      } else {
        check_status(*status, reader.pointer_to("status"));
      }
    }
    if (const auto* headers = reader.object("headers", false)) {
      for (const auto& [name, spec] : headers->items()) {
        expect.headers.push_back(load_header(name, spec, util::pointer_append(reader.pointer_to("headers"), name)));
      }
    }
    // "json" is the expected body, compared by "body" mode (subset unless said otherwise).
    std::string mode = "subset";
    if (auto body = reader.string("body", false)) {
      mode = *body;
      if (mode != "subset" && mode != "exact" && mode != "absent") {
        reader.error("body", "unknown body mode \"" + mode + "\"; expected subset, exact or absent");
      }
    }
    if (const auto* json = reader.any("json", false)) {
      expect.body.json = *json;
      expect.body.mode = mode == "exact" ? BodyMode::exact : BodyMode::subset;
      if (mode == "absent") {
        reader.error("body", "\"absent\" means no body, which contradicts the expected \"json\"");
      }
    } else if (mode == "absent") {
      expect.body.mode = BodyMode::absent;
    } else if (reader.has("body")) {
      reader.error("body", "mode \"" + mode + "\" needs an expected \"json\" to compare with");
    }
    if (const auto* match = reader.object("match", false)) {
      if (expect.body.mode == BodyMode::absent) {
        reader.error("match", "matchers need a body, but the body is expected to be absent");
      }
      for (const auto& [path, spec] : match->items()) {
        expect.body.matchers.push_back(load_matcher(path, spec, util::pointer_append(reader.pointer_to("match"), path)));
      }
    }
    check_placeholders(value, pointer, captured);
    return expect;
  }

  HeaderExpectation load_header(const std::string& name, const nlohmann::json& spec, const std::string& pointer) {
    HeaderExpectation header;
    header.name = util::to_lower(name);
    if (spec.is_string()) {
      header.mode = HeaderExpectation::Mode::value;
      header.text = spec.get<std::string>();
      return header;
    }
    ObjectReader reader(spec, pointer, m_diag, {"value", "regex", "present", "absent"});
    if (!reader.is_object()) {
      return header;
    }
    int modes = 0;
    if (auto v = reader.string("value", false, false)) {
      header.mode = HeaderExpectation::Mode::value;
      header.text = *v;
      ++modes;
    }
    if (auto r = reader.string("regex", false)) {
      std::string why;
      if (!compiles_as_regex(*r, util::RegexCase::insensitive, why)) {
        reader.error("regex", "not a valid regular expression: " + why);
      }
      header.mode = HeaderExpectation::Mode::regex;
      header.text = *r;
      ++modes;
    }
    if (auto p = reader.boolean("present", false)) {
      if (!*p) {
        reader.error("present", "use \"absent\": true to require that a header is missing");
      }
      header.mode = HeaderExpectation::Mode::present;
      ++modes;
    }
    if (auto a = reader.boolean("absent", false)) {
      if (!*a) {
        reader.error("absent", "use \"present\": true to require that a header is there");
      }
      header.mode = HeaderExpectation::Mode::absent;
      ++modes;
    }
    if (modes != 1) {
      reader.error("", "a header expectation has exactly one of \"value\", \"regex\", \"present\", \"absent\"");
    }
    return header;
  }

  ValueMatcher load_matcher(const std::string& path, const nlohmann::json& spec, const std::string& pointer) {
    ValueMatcher matcher;
    matcher.pointer = path;
    if (!util::is_valid_pointer(path)) {
      m_diag.error(pointer, "\"" + path + "\" is not a JSON pointer (it should look like \"/user/email\")");
    }
    ObjectReader reader(spec, pointer, m_diag,
                        {"type", "regex", "min", "max", "length", "equals", "non_empty", "null", "absent", "present"});
    if (!reader.is_object()) {
      return matcher;
    }
    if (auto type = reader.string("type", false)) {
      if (std::find(k_types.begin(), k_types.end(), *type) == k_types.end()) {
        reader.error("type", "unknown type \"" + *type + "\"; expected one of string, number, integer, boolean, null, object, array");
      }
      matcher.type = *type;
    }
    if (auto r = reader.string("regex", false)) {
      std::string why;
      if (!compiles_as_regex(*r, util::RegexCase::sensitive, why)) {
        reader.error("regex", "not a valid regular expression: " + why);
      }
      matcher.regex = *r;
    }
    matcher.min = reader.number("min", false);
    matcher.max = reader.number("max", false);
    if (auto length = reader.integer("length", false, 0, 1'000'000)) {
      matcher.length = static_cast<std::size_t>(*length);
    }
    if (const auto* equals = reader.any("equals", false)) {
      matcher.equals = *equals;
    }
    matcher.non_empty = reader.boolean("non_empty", false).value_or(false);
    matcher.is_null = reader.boolean("null", false).value_or(false);
    matcher.absent = reader.boolean("absent", false).value_or(false);
    matcher.present = reader.boolean("present", false).value_or(false);
    bool constrains_value = matcher.type || matcher.regex || matcher.min || matcher.max || matcher.length ||
                            matcher.equals || matcher.non_empty || matcher.is_null || matcher.present;
    if (matcher.absent && constrains_value) {
      reader.error("absent", "\"absent\" cannot be combined with a check on the value");
    }
    if (!matcher.absent && !constrains_value) {
      reader.error("", "a matcher needs at least one check (type, regex, min, max, length, equals, non_empty, null, absent, present)");
    }
    if (matcher.is_null && (matcher.type && *matcher.type != "null")) {
      reader.error("null", "\"null\": true contradicts \"type\": \"" + *matcher.type + "\"");
    }
    if (matcher.min && matcher.max && *matcher.min > *matcher.max) {
      reader.error("min", "min is greater than max");
    }
    return matcher;
  }

  const nlohmann::json& m_document;
  Diagnostics m_diag;
  int m_default_timeout_ms = 2000;
  int m_default_points = 1;
};

}  // namespace

util::Expected<std::shared_ptr<const MadeBody>> read_body_file(const std::string& base_dir, const std::string& relative) {
  namespace fs = std::filesystem;
  fs::path rel(relative);
  bool escapes = rel.is_absolute() || std::any_of(rel.begin(), rel.end(), [](const fs::path& part) { return part == ".."; });
  if (escapes) {
    return util::Error{"\"" + relative + "\" must be a path inside the file's directory, such as \"testdata/events.json\""};
  }
  fs::path full = fs::path(base_dir) / rel;
  std::error_code ec;
  auto size = fs::file_size(full, ec);
  if (ec) {
    return util::Error{"cannot read " + full.string() + ": " + ec.message()};
  }
  if (size > k_max_body_file_bytes) {
    return util::Error{full.string() + " is " + std::to_string(size) + " bytes; a body file may have at most " +
                       std::to_string(k_max_body_file_bytes) + " (use \"body_repeat\" for oversized bodies)"};
  }
  std::ifstream in(full, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return util::Error{"cannot read " + full.string()};
  }
  auto body = std::make_shared<MadeBody>();
  body->bytes = std::move(bytes);
  body->describe = "the file " + relative + " (" + std::to_string(size) + " bytes)";
  body->curl_source = "@" + fs::absolute(full, ec).lexically_normal().string();
  return std::shared_ptr<const MadeBody>(std::move(body));
}

util::Expected<Contract> contract_from_json(const nlohmann::json& document, const std::string& path) {
  return Loader(document, path).load();
}

util::Expected<Contract> load_contract(const std::string& path) {
  auto document = parse_json_file(path);
  if (!document) {
    return util::Error{document.error()};
  }
  return contract_from_json(*document, path);
}

}  // namespace ferry::contract
