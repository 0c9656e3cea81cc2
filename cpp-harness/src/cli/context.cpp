#include "cli/context.hpp"

#include "contract/contract_loader.hpp"
#include "report/terminal_reporter.hpp"
#include "store/store.hpp"
#include "util/text.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ferry::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_manifest = "exercises/manifest.json";

std::string find_root_from(fs::path start) {
  std::error_code ec;
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / k_manifest, ec)) {
      return dir.string();
    }
    if (dir == dir.root_path()) {
      break;
    }
  }
  return {};
}

}  // namespace

util::Expected<Context> make_context(const GlobalOptions& options) {
  Context context;
  context.options = options;
  std::string root = options.root;
  if (root.empty()) {
    if (const char* env = std::getenv("FERRY_ROOT"); env != nullptr && *env != '\0') {
      root = env;
    }
  }
  std::error_code ec;
  if (root.empty()) {
    root = find_root_from(fs::current_path(ec));
  }
  if (root.empty()) {
    root = find_root_from(fs::read_symlink("/proc/self/exe", ec).parent_path());
  }
  if (root.empty()) {
    return util::Error{"cannot find the ferry repository (a directory with " + std::string(k_manifest) +
                       "); run ferry inside it or pass --root DIR"};
  }
  context.root = fs::absolute(root, ec).lexically_normal().string();
  if (!context.root.empty() && context.root.back() == '/') {
    context.root.pop_back();
  }
  auto manifest = contract::load_manifest((fs::path(context.root) / k_manifest).string());
  if (!manifest) {
    return util::Error{manifest.error()};
  }
  context.manifest = std::move(*manifest);
  context.workspace.root = context.root;
  const char* target = std::getenv("CARGO_TARGET_DIR");
  context.workspace.target_dir = target != nullptr && *target == '/' ? target : (fs::path(context.root) / "target").string();
  if (const char* launcher = std::getenv("FERRY_LAUNCHER"); launcher != nullptr && *launcher != '\0') {
    context.command_name = launcher;
  }
  context.color = !options.no_color && report::should_color(stdout);
  return context;
}

util::Expected<const contract::Exercise*> Context::exercise(const std::string& name) const {
  if (const auto* found = manifest.find(name)) {
    return found;
  }
  std::string message = "no exercise named \"" + name + "\"";
  if (auto near = util::closest_match(name, manifest.ids()); !near.empty()) {
    message += "; did you mean " + near + "?";
  }
  message += " (" + command_name + " list shows them all)";
  return util::Error{message};
}

util::Expected<contract::Contract> Context::contract(const contract::Exercise& ex, const std::string& override_path) const {
  std::string path = override_path.empty() ? (fs::path(root) / ex.contract).string() : override_path;
  auto loaded = contract::load_contract(path);
  if (!loaded) {
    return util::Error{loaded.error()};
  }
  if (override_path.empty() && loaded->exercise != ex.id) {
    return util::Error{path + ":/exercise: the contract says \"" + loaded->exercise + "\" but the manifest lists it under \"" + ex.id + "\""};
  }
  if (ex.performance) {
    contract::add_performance_stage(*loaded, *ex.performance);
  }
  return loaded;
}

util::Expected<std::size_t> Context::add_hidden(contract::Contract& contract, const contract::Exercise& ex,
                                                const std::string& dir) const {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return util::Error{"--hidden " + dir + ": not a directory"};
  }
  auto path = fs::path(dir) / (ex.id + ".json");
  if (!fs::exists(path, ec)) {
    return std::size_t{0};
  }
  auto hidden = contract::load_contract(path.string());
  if (!hidden) {
    return util::Error{"the hidden cases are not valid:\n" + hidden.error()};
  }
  if (auto added = contract::add_hidden_cases(contract, *hidden); !added) {
    return util::Error{added.error()};
  }
  return hidden->cases.size();
}

util::Expected<std::vector<const contract::Exercise*>> Context::exercises(const std::vector<std::string>& names) const {
  std::vector<const contract::Exercise*> found;
  if (names.empty()) {
    for (const auto& ex : manifest.exercises) {
      found.push_back(&ex);
    }
    return found;
  }
  for (const auto& name : names) {
    auto ex = exercise(name);
    if (!ex) {
      return util::Error{ex.error()};
    }
    found.push_back(*ex);
  }
  return found;
}

util::Expected<std::optional<contract::OpenApi>> Context::openapi(const contract::Exercise& ex) const {
  if (ex.openapi.empty()) {
    return std::optional<contract::OpenApi>();
  }
  auto loaded = contract::OpenApi::load((fs::path(root) / ex.openapi).string());
  if (!loaded) {
    return util::Error{loaded.error()};
  }
  return std::optional<contract::OpenApi>(std::move(*loaded));
}

std::string Context::db_path() const { return options.db.empty() ? store::default_db_path() : options.db; }

std::vector<std::string> Context::database_files() const {
  std::vector<std::string> files;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    files.push_back(db_path() + suffix);
  }
  return files;
}

util::Expected<ApiTarget> load_api_target(const Context& context, const std::string& command, const std::string& exercise,
                                          const std::string& impl, const std::string& mutation) {
  ApiTarget target;
  auto found = context.exercise(exercise);
  if (!found) {
    return util::Error{found.error()};
  }
  target.exercise = *found;
  auto contract = context.contract(**found);
  if (!contract) {
    return util::Error{"the contract is not valid:\n" + contract.error()};
  }
  target.contract = std::move(*contract);
  auto api = context.openapi(**found);
  if (!api) {
    return util::Error{"the OpenAPI document is not valid:\n" + api.error()};
  }
  if (!*api) {
    return util::Error{(*found)->id + " has no openapi.json, which `ferry " + command + "` needs"};
  }
  target.api = std::move(**api);
  auto kind = grading::parse_impl(impl);
  if (!kind) {
    return util::Error{kind.error()};
  }
  if (*kind == grading::ImplKind::mutant && mutation.empty()) {
    return util::Error{"--impl mutant needs --mutation NAME"};
  }
  target.impl = grading::Implementation{*kind, mutation, ""};
  return target;
}

}  // namespace ferry::cli
