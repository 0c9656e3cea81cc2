#include "util/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <fstream>

namespace ferry::util {

Expected<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Error{"cannot read " + path + ": " + std::strerror(errno)};
  }
  std::string text;
  char buffer[64 * 1024];
  while (true) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      int error = errno;
      close(fd);
      return Error{"cannot read " + path + ": " + std::strerror(error)};
    }
    if (n == 0) {
      break;
    }
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      close(fd);
      return Error{path + " is larger than the limit of " + std::to_string(max_bytes) + " bytes"};
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return text;
}

std::string write_file_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
  }
  // A fresh file of our own: O_EXCL and O_NOFOLLOW never write through a link someone
  // planted at the temporary name; rename() replaces a link at the target, never follows it.
  std::string temporary = path + ".tmp-" + std::to_string(getpid());
  unlink(temporary.c_str());
  int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    return "cannot write " + temporary + ": " + std::strerror(errno);
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      int error = errno;
      close(fd);
      unlink(temporary.c_str());
      return "cannot write " + temporary + ": " + std::strerror(error);
    }
    done += static_cast<std::size_t>(n);
  }
  // On disk before it takes the name: a crash leaves the old file or the whole new one.
  if (fsync(fd) != 0 || close(fd) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    return "cannot write " + temporary + ": " + std::strerror(error);
  }
  fs::rename(temporary, target, ec);
  if (ec) {
    std::string why = ec.message();  // before remove() reuses ec
    fs::remove(temporary, ec);
    return "cannot write " + path + ": " + why;
  }
  // And the rename itself reaches the disk with its directory.
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  if (int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return "";
}

}  // namespace ferry::util
