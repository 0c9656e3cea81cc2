#include "process/resident.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <string>

namespace ferry::process {

std::string read_proc_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {};
  }
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return text;
}

std::uint64_t resident_bytes_of(pid_t pgid, uid_t uid) {
  static const long page = sysconf(_SC_PAGESIZE);
  std::uint64_t total = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return 0;
  }
  while (dirent* entry = readdir(proc)) {
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) {
      continue;
    }
    std::string dir = std::string("/proc/") + entry->d_name;
    bool ours = false;
    if (uid != 0) {
      struct stat st{};
      ours = stat(dir.c_str(), &st) == 0 && st.st_uid == uid;
    }
    if (!ours) {
      std::string text = read_proc_file(dir + "/stat");
      auto paren = text.rfind(')');
      if (paren == std::string::npos) {
        continue;
      }
      std::istringstream fields(text.substr(paren + 2));
      std::string state;
      pid_t ppid = 0;
      pid_t group = 0;
      fields >> state >> ppid >> group;
      ours = group == pgid;
    }
    if (ours) {
      std::istringstream statm(read_proc_file(dir + "/statm"));
      std::uint64_t size = 0;
      std::uint64_t resident = 0;
      if (statm >> size >> resident) {
        total += resident * static_cast<std::uint64_t>(page);
      }
    }
  }
  closedir(proc);
  return total;
}

}  // namespace ferry::process
