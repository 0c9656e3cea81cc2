#pragma once
// Running the built `ferry` binary the way a learner does, in a scratch
// directory with its own progress database.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ferry::e2e {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

/// A temporary directory removed at scope exit.
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] std::string db() const { return (m_path / "progress.db").string(); }

private:
  std::filesystem::path m_path;
};

/// Run ferry with @p args (FERRY_ROOT set to the source tree, FERRY_DB to @p db).
Run run_ferry(const std::vector<std::string>& args, const std::string& db,
              const std::map<std::string, std::string>& env = {});

/// Copy the source tree (without .git, build and target directories) to @p dest and
/// rename the learner package @p package to @p renamed (in its Cargo.toml and the
/// manifest), so that a test can edit that crate and build it in the shared target
/// directory without touching the real starter or its binary.
void copy_source_tree(const std::filesystem::path& dest, const std::string& package, const std::string& renamed);

/// Replace the first @p from in the file at @p path with @p to (the test fails when absent).
void replace_in_file(const std::filesystem::path& path, const std::string& from, const std::string& to);

/// Whether @p text contains @p needle (for readable REQUIRE lines).
bool contains(const std::string& text, const std::string& needle);

/// Whether process @p pid still exists (and is not a zombie).
bool process_alive(int pid);

}  // namespace ferry::e2e
