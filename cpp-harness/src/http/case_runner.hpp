#pragma once
/// @file
/// Running one contract case against a live service: fill placeholders, send
/// each step (or N parallel copies of it), check, capture, and stop at the
/// first failing step. A failure is data (CaseOutcome), never an exception.

#include "contract/contract.hpp"
#include "http/client.hpp"
#include "http/expectation.hpp"
#include "http/template.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::http {

struct CaseOutcome {
  bool passed = false;
  double duration_ms = 0;
  std::size_t failing_step = 0;  ///< index of the step that failed (when !passed)
  std::size_t step_count = 0;
  std::string summary;  ///< one sentence: what went wrong
  std::vector<Difference> differences;  ///< for a response that did not match
  std::optional<WireRequest> request;  ///< the request that failed, for the curl line
  std::optional<WireResponse> response;  ///< what came back, if anything
  TransportFailure transport = TransportFailure::none;
};

/// Build the request a step sends, placeholders filled and Content-Type set.
WireRequest build_request(const contract::Request& request, const Captures& captures);

/// Runs cases one after another against the service on @p port.
class CaseRunner {
public:
  explicit CaseRunner(int port);

  /// Point the runner at a restarted service.
  void set_port(int port);
  [[nodiscard]] int port() const { return m_port; }

  CaseOutcome run(const contract::Case& c);

private:
  bool run_step(const contract::Case& c, const contract::Step& step, Captures& captures, CaseOutcome& outcome);
  bool run_parallel_step(const contract::Case& c, const contract::Step& step, const Captures& captures,
                         CaseOutcome& outcome);

  int m_port;
  std::unique_ptr<Client> m_client;
};

}  // namespace ferry::http
