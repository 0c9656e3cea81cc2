#include "process/ports.hpp"

#include "process/resident.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace ferry::process {

util::Expected<int> find_free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return util::Error{std::string("cannot create a socket: ") + std::strerror(errno)};
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int error = errno;
    close(fd);
    return util::Error{std::string("cannot find a free loopback port: ") + std::strerror(error)};
  }
  close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

namespace {

std::set<std::string> socket_inodes_of_group(pid_t pgid) {
  std::set<std::string> inodes;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return inodes;
  }
  while (dirent* entry = readdir(proc)) {
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0 || getpgid(pid) != pgid) {
      continue;
    }
    std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
    DIR* fds = opendir(fd_dir.c_str());
    if (fds == nullptr) {
      continue;
    }
    while (dirent* fd = readdir(fds)) {
      char target[128];
      std::string link = fd_dir + "/" + fd->d_name;
      ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
      if (n > 0) {
        target[n] = '\0';
        std::string t(target);
        if (t.rfind("socket:[", 0) == 0) {
          inodes.insert(t.substr(8, t.size() - 9));
        }
      }
    }
    closedir(fds);
  }
  closedir(proc);
  return inodes;
}

std::string decode_address(const std::string& hex, bool v6) {
  if (!v6) {
    in_addr addr{};
    addr.s_addr = static_cast<in_addr_t>(std::stoul(hex, nullptr, 16));
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &addr, text, sizeof text);
    return text;
  }
  in6_addr addr{};
  for (int word = 0; word < 4; ++word) {
    auto value = static_cast<std::uint32_t>(std::stoul(hex.substr(static_cast<std::size_t>(word) * 8, 8), nullptr, 16));
    std::memcpy(&addr.s6_addr[word * 4], &value, 4);
  }
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, &addr, text, sizeof text);
  return text;
}

void scan_table(const std::string& path, bool v6, const std::set<std::string>& inodes,
                std::vector<ListeningSocket>& out) {
  std::istringstream table(read_proc_file(path));  // the leader may end while we read
  std::string line;
  std::getline(table, line);  // header
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
    if (state != "0A" || !inodes.contains(inode)) {  // 0A is TCP_LISTEN
      continue;
    }
    auto colon = local.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    out.push_back({decode_address(local.substr(0, colon), v6),
                   static_cast<int>(std::stoul(local.substr(colon + 1), nullptr, 16))});
  }
}

}  // namespace

std::vector<ListeningSocket> listening_sockets_of_group(pid_t pgid) {
  std::vector<ListeningSocket> out;
  auto inodes = socket_inodes_of_group(pgid);
  if (inodes.empty()) {
    return out;
  }
  // The tables of the group leader's network namespace, which may not be ours.
  std::string net = "/proc/" + std::to_string(pgid) + "/net/";
  scan_table(net + "tcp", false, inodes, out);
  scan_table(net + "tcp6", true, inodes, out);
  return out;
}

}  // namespace ferry::process
