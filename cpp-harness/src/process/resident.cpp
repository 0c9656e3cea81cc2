#include "process/resident.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace ferry::process {

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
      std::ifstream stat_file(dir + "/stat");
      std::string text((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
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
      std::ifstream statm(dir + "/statm");
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
