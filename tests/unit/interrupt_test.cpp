// util/interrupt: Ctrl-C sets a flag instead of killing the harness, and a
// peer closing a socket mid-write does not kill it either. Each check runs in
// a forked child: the flag cannot be reset, and other tests must not see it.
#include "util/interrupt.hpp"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

namespace {

/// Run @p body in a child process; its return value becomes the exit code.
int in_child(const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid == 0) {
    _exit(body());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    return 1000 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("the first SIGINT or SIGTERM sets the flag and the harness lives on", "[interrupt]") {
  CHECK(in_child([] {
          ferry::util::install_interrupt_handlers();
          if (ferry::util::interrupted()) return 1;
          raise(SIGTERM);
          if (!ferry::util::interrupted()) return 2;
          raise(SIGINT);
          return ferry::util::interrupted() ? 0 : 3;
        }) == 0);
  // Without the handlers the same signal kills: the check above can fail.
  CHECK(in_child([] {
          signal(SIGTERM, SIG_DFL);  // not Catch's own crash handler
          raise(SIGTERM);
          return 0;
        }) == 1000 + SIGTERM);
}

TEST_CASE("writing to a closed pipe is an error, not a SIGPIPE death", "[interrupt]") {
  CHECK(in_child([] {
          ferry::util::install_interrupt_handlers();
          int fds[2];
          if (pipe(fds) != 0) return 1;
          close(fds[0]);
          errno = 0;
          ssize_t n = write(fds[1], "x", 1);
          return n == -1 && errno == EPIPE ? 0 : 2;
        }) == 0);
}
