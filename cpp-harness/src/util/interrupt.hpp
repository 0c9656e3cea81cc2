#pragma once
/// @file
/// Ctrl-C: the first SIGINT/SIGTERM sets a flag that long operations poll, so
/// the harness can stop the service it started and exit with 130.

namespace ferry::util {

/// Install the handlers (once, at start-up).
void install_interrupt_handlers();

/// Whether an interrupt arrived.
bool interrupted();

}  // namespace ferry::util
