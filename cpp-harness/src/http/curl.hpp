#pragma once
/// @file
/// The `curl` command line that replays a request, printed with every failure
/// so the learner can poke at their service by hand.

#include "http/client.hpp"

#include <string>

namespace ferry::http {

/// A runnable, shell-quoted `curl -i` line for @p request against 127.0.0.1:@p port.
std::string curl_command(const WireRequest& request, int port);

}  // namespace ferry::http
