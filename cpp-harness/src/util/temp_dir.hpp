#pragma once
/// @file
/// A fresh directory under $TMPDIR (or /tmp) that goes away with its owner: where a
/// check or a bench run keeps the service's database file.

#include <string>

namespace ferry::util {

/// A directory made by mkdtemp(3), removed with everything in it when destroyed (unless kept).
class TempDirectory {
public:
  /// Make `$TMPDIR/PREFIX-XXXXXX`; when that fails, error() says why and path() is empty.
  explicit TempDirectory(const std::string& prefix, bool keep = false);
  /// Removes the directory and everything in it, unless it is kept.
  ~TempDirectory();
  /// Takes the directory over from @p other, which then removes nothing.
  TempDirectory(TempDirectory&& other) noexcept;
  TempDirectory& operator=(TempDirectory&&) = delete;
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  /// Whether the directory exists.
  [[nodiscard]] bool ok() const { return m_error.empty(); }
  /// Why it could not be made ("" when it was).
  [[nodiscard]] const std::string& error() const { return m_error; }
  /// Its absolute path.
  [[nodiscard]] const std::string& path() const { return m_path; }

private:
  std::string m_path;
  std::string m_error;
  bool m_keep = false;
};

}  // namespace ferry::util
