#include "ferry_run.hpp"

#include "process/subprocess.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <random>
#include <stdexcept>

namespace ferry::e2e {

ScratchDir::ScratchDir() {
  std::random_device random;
  m_path = std::filesystem::temp_directory_path() / ("ferry-e2e-" + std::to_string(getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(m_path);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

Run run_ferry(const std::vector<std::string>& args, const std::string& db, const std::map<std::string, std::string>& env) {
  process::SpawnOptions options;
  options.argv = {FERRY_BINARY};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.env_set = env;
  options.env_set["FERRY_ROOT"] = FERRY_SOURCE_DIR;
  options.env_set["FERRY_DB"] = db;
  options.env_set["NO_COLOR"] = "1";
  options.env_unset = {"FERRY_LAUNCHER"};
  options.output_cap = 4 * 1024 * 1024;
  auto done = process::run_to_completion(options, std::chrono::minutes(15));
  Run run;
  if (!done) {
    run.output = done.error();
    return run;
  }
  run.exit_code = done->status.signaled ? 128 + done->status.code : done->status.code;
  run.output = done->output;
  return run;
}

void copy_source_tree(const std::filesystem::path& dest, const std::string& package, const std::string& renamed) {
  namespace fs = std::filesystem;
  fs::path source = FERRY_SOURCE_DIR;
  fs::create_directories(dest);
  for (const auto& entry : fs::directory_iterator(source)) {
    std::string name = entry.path().filename().string();
    if (name == ".git" || name == "target" || name == "build" || name.rfind("build-", 0) == 0) {
      continue;
    }
    fs::copy(entry.path(), dest / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
  // Only the learner's package is renamed: its directory is the one whose Cargo.toml names it.
  for (const auto& entry : fs::directory_iterator(dest / "exercises")) {
    fs::path manifest = entry.path() / "Cargo.toml";
    std::ifstream in(manifest);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("name = \"" + package + "\"") != std::string::npos) {
      replace_in_file(manifest, "name = \"" + package + "\"", "name = \"" + renamed + "\"");
      replace_in_file(dest / "exercises" / "manifest.json", "\"learner\": \"" + package + "\"",
                      "\"learner\": \"" + renamed + "\"");
      return;
    }
  }
  throw std::runtime_error("no exercise crate is named " + package);
}

void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  auto at = text.find(from);
  if (at == std::string::npos) {
    throw std::runtime_error(path.string() + " does not contain " + from);
  }
  text.replace(at, from.size(), to);
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

bool process_alive(int pid) {
  if (kill(pid, 0) != 0) {
    return errno != ESRCH;
  }
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto paren = text.rfind(')');
  return paren == std::string::npos || text.substr(paren + 2, 1) != "Z";
}

}  // namespace ferry::e2e
