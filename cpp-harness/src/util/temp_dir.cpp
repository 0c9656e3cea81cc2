#include "util/temp_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace ferry::util {

TempDirectory::TempDirectory(const std::string& prefix, bool keep) : m_keep(keep) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    m_error = "cannot create a directory for the service's database (" + pattern + "): " + std::strerror(errno);
    return;
  }
  m_path = buffer.data();
}

TempDirectory::TempDirectory(TempDirectory&& other) noexcept
    : m_path(std::exchange(other.m_path, "")), m_error(std::move(other.m_error)), m_keep(other.m_keep) {}

TempDirectory::~TempDirectory() {
  if (!m_path.empty() && !m_keep) {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
}

}  // namespace ferry::util
