#pragma once
/// @file
/// The upstream of a service that forwards requests (08-gateway's Go service):
/// what a contract step can do to it and learn from it. The check loop puts
/// ferry's FaultProxy between the service and its upstream and hands the runner
/// this interface; contract steps take the upstream down, slow it, and ask what
/// reached it.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace ferry::http {

/// A request as it reached the upstream.
struct SeenRequest {
  std::string method;  ///< "POST"
  std::string target;  ///< the request target as sent: path and query ("/todos?limit=1")
  std::vector<std::pair<std::string, std::string>> headers;  ///< names in lower case, in arrival order
  std::string body;  ///< the body, de-chunked
};

/// What a contract's `upstream` and `upstream_saw` steps act on.
class UpstreamControl {
public:
  virtual ~UpstreamControl() = default;
  /// Down: connections to the upstream are refused, as if it had stopped. Up: they
  /// are accepted again. Returns "" or a sentence saying why it could not be done.
  virtual std::string set_down(bool down) = 0;
  /// Every answer from the upstream is held back this long before it is passed on
  /// (the upstream has done the work already: only its answer is late).
  virtual void set_delay(std::chrono::milliseconds delay) = 0;
  /// Up, no delay, nothing seen: how every case begins. Returns "" or why it could not.
  virtual std::string reset() = 0;
  /// The requests that reached the upstream since the last reset, in arrival order.
  [[nodiscard]] virtual std::vector<SeenRequest> seen() const = 0;
  /// What the upstream is, for messages ("the Go reference of 05-todos").
  [[nodiscard]] virtual std::string description() const = 0;
};

}  // namespace ferry::http
