#include "util/interrupt.hpp"

#include <signal.h>

#include <atomic>

namespace ferry::util {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A service that closes a socket mid-write must not kill the harness.
  signal(SIGPIPE, SIG_IGN);
}

bool interrupted() { return g_interrupted.load(); }

}  // namespace ferry::util
