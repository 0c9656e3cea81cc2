#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "process/sandbox.hpp"
#include "process/subprocess.hpp"
#include "util/text.hpp"

#include <fmt/core.h>

#include <regex>

namespace ferry::cli {

namespace {

struct Tool {
  std::string name;
  std::vector<std::string> version_argv;
  std::string why;
  std::string install;
};

std::string first_line(const std::string& text) {
  auto lines = util::split_lines(text);
  return lines.empty() ? "" : lines.front();
}

}  // namespace

// Checks what a check needs, and says exactly what to install when it is missing.
int cmd_doctor(const Context* context) {
  const std::vector<Tool> tools = {
      {"cargo", {"cargo", "--version"}, "builds the Rust services", "install Rust with rustup (stable toolchain)"},
      {"rustc", {"rustc", "--version"}, "compiles the Rust services", "install Rust with rustup (stable toolchain)"},
      {"go", {"go", "version"}, "builds the Go references (Go 1.22 or newer)", "install Go 1.22 or newer"},
  };
  bool ok = true;
  for (const auto& tool : tools) {
    process::SpawnOptions options;
    options.argv = tool.version_argv;
    auto done = process::run_to_completion(options, std::chrono::seconds(30));
    if (!done || !done->status.success()) {
      ok = false;
      fmt::print("✗ {:<6} missing — {}; {}\n", tool.name, tool.why, tool.install);
      continue;
    }
    std::string version = first_line(done->output);
    if (tool.name == "go") {
      std::smatch m;
      static const std::regex go_version(R"(go1\.(\d+))");
      if (std::regex_search(version, m, go_version) && std::stoi(m[1]) < 22) {
        ok = false;
        fmt::print("✗ {:<6} {} is too old — the references use Go 1.22 routing; install Go 1.22 or newer\n", tool.name, version);
        continue;
      }
    }
    fmt::print("✓ {:<6} {}\n", tool.name, version);
  }
  if (context != nullptr) {
    fmt::print("✓ root   {}\n", context->root);
    fmt::print("✓ exercises: {} in {}\n", context->manifest.exercises.size(), context->manifest.source_path);
    fmt::print("  progress database: {}\n", context->db_path());
  }
  // Not a failure: a weaker level still grades; it says what it does not guarantee.
  fmt::print("  isolation: {}\n", process::detect_isolation().detail);
  return ok ? k_exit_pass : k_exit_fail;
}

}  // namespace ferry::cli
