#include "grading/diagnostics.hpp"

#include "grading/build.hpp"
#include "process/subprocess.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <sstream>

namespace ferry::grading {

namespace {

void count(std::vector<Diagnostic>& into, const std::string& level, const std::string& code,
           const std::string& message) {
  auto found = std::find_if(into.begin(), into.end(),
                            [&](const Diagnostic& d) { return d.level == level && d.code == code; });
  if (found != into.end()) {
    ++found->count;
    return;
  }
  into.push_back({level, code, 1, message});
}

}  // namespace

CargoMessages parse_cargo_messages(const std::string& output) {
  CargoMessages out;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() != '{') {
      out.rendered += line + "\n";
      continue;
    }
    auto doc = nlohmann::json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      out.rendered += line + "\n";
      continue;
    }
    if (doc.value("reason", "") != "compiler-message" || !doc.contains("message") || !doc["message"].is_object()) {
      continue;
    }
    const auto& message = doc["message"];
    if (message.contains("rendered") && message["rendered"].is_string()) {
      out.rendered += message["rendered"].get<std::string>();
    }
    std::string level = message.value("level", "");
    bool about_code = message.contains("spans") && message["spans"].is_array() && !message["spans"].empty();
    if ((level != "error" && level != "warning") || !about_code) {
      continue;
    }
    std::string code;
    if (message.contains("code") && message["code"].is_object() && message["code"].contains("code") &&
        message["code"]["code"].is_string()) {
      code = message["code"]["code"].get<std::string>();
    }
    count(out.diagnostics, level, code, message.value("message", ""));
  }
  return out;
}

bool is_borrow_checker_code(const std::string& code) {
  static constexpr std::array<const char*, 16> k_codes = {"E0373", "E0381", "E0382", "E0384", "E0499", "E0502",
                                                          "E0503", "E0505", "E0506", "E0507", "E0515", "E0596",
                                                          "E0597", "E0712", "E0713", "E0716"};
  return std::any_of(k_codes.begin(), k_codes.end(), [&](const char* c) { return code == c; });
}

LintRun run_clippy(const std::string& cwd, const std::string& target_dir, const std::string& package,
                   const std::vector<std::string>& protected_paths, std::chrono::milliseconds timeout) {
  LintRun run;
  process::SpawnOptions options;
  options.argv = {"cargo", "clippy", "--quiet", "--message-format=json", "-p", package};
  options.cwd = cwd;
  options.env_set["CARGO_TARGET_DIR"] = target_dir;
  options.output_cap = 4 * 1024 * 1024;
  confine_cargo(options, (std::filesystem::path(target_dir) / "debug").string(), protected_paths, timeout);
  auto done = process::run_to_completion(options, timeout);
  if (!done) {
    run.problem = done.error();
    return run;
  }
  if (done->timed_out || !done->status.success()) {
    run.problem = "`cargo clippy` failed:" + util::quoted_tail(done->output, 4);
    return run;
  }
  run.ran = true;
  for (auto& d : parse_cargo_messages(done->output).diagnostics) {
    if (d.code.rfind("clippy::", 0) == 0) {
      run.lints.push_back(std::move(d));
    }
  }
  return run;
}

}  // namespace ferry::grading
