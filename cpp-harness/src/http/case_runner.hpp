#pragma once
/// @file
/// Running one contract case against a live service: fill placeholders, send
/// each step (or N parallel copies of it), check, capture, and stop at the
/// first failing step. A failure is data (CaseOutcome), never an exception.

#include "contract/contract.hpp"
#include "http/client.hpp"
#include "http/expectation.hpp"
#include "http/template.hpp"
#include "http/upstream.hpp"
#include "util/expected.hpp"
#include "util/prometheus.hpp"

#include <chrono>
#include <map>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry::http {

/// How one case went: passed, or where and how it failed.
struct CaseOutcome {
  bool passed = false;  ///< every step met its expectation
  double duration_ms = 0;  ///< the whole case, every step and lifecycle action included
  std::size_t failing_step = 0;  ///< index of the step that failed (when !passed)
  std::size_t step_count = 0;  ///< how many steps the case has
  std::string summary;  ///< one sentence: what went wrong
  std::vector<Difference> differences;  ///< for a response that did not match
  std::optional<WireRequest> request;  ///< the request that failed, for the curl line
  std::optional<WireResponse> response;  ///< what came back, if anything
  TransportFailure transport = TransportFailure::none;  ///< why nothing came back, when nothing did
};

/// How a stopped service ended, as a lifecycle step sees it.
struct StopReport {
  bool exited_by_itself = false;  ///< false: it was still running when the grace period ran out, and was killed
  bool signaled = false;  ///< ended by a signal (the SIGTERM itself, when nothing handled it)
  int code = 0;  ///< the exit code, or the signal number when signaled
  std::string how;  ///< "exited with code 0", "was killed by signal 15 (SIGTERM)"
};

/// Whoever owns the service process: lifecycle steps ask it to stop and start
/// the service. The check loop implements it; without one, lifecycle steps fail.
class ServiceControl {
public:
  virtual ~ServiceControl() = default;
  /// SIGTERM the service; SIGKILL it if it has not ended after @p grace.
  virtual StopReport stop(std::chrono::milliseconds grace) = 0;
  /// SIGKILL the service at once, as a crash would.
  virtual StopReport kill() = 0;
  /// Start the service again with the same environment (the same database file), plus
  /// what @p config adds. Returns the new port, or a sentence saying why it did not start.
  virtual util::Expected<int> start(const contract::ServiceConfig& config) = 0;
  /// The grace period of an ordinary stop.
  [[nodiscard]] virtual std::chrono::milliseconds default_grace() const = 0;
  /// Everything the service (and any process it replaced during the case) wrote to its
  /// standard output and error since the case began, as far as it has arrived.
  [[nodiscard]] virtual std::string case_output() const = 0;
};

/// Build the request a step sends, placeholders filled and Content-Type set.
WireRequest build_request(const contract::Request& request, const Captures& captures);

/// Runs cases one after another against the service on @p port.
class CaseRunner {
public:
  /// A runner for the service on @p port. Lifecycle steps need @p control, and
  /// upstream steps @p upstream; without them such steps fail with a sentence saying so.
  explicit CaseRunner(int port, ServiceControl* control = nullptr, UpstreamControl* upstream = nullptr);

  /// Check every answer against @p api too (null: no document). Not owned.
  void set_openapi(const contract::OpenApi* api) { m_openapi = api; }

  /// Point the runner at a restarted service.
  void set_port(int port);
  /// The port the next request goes to (a lifecycle step may have changed it).
  [[nodiscard]] int port() const { return m_port; }

  /// Run every step of @p c in order, stopping at the first that fails. Captures
  /// start empty for each case, and the upstream (if any) up, prompt, and with
  /// nothing seen.
  CaseOutcome run(const contract::Case& c);

private:
  bool run_step(const contract::Case& c, const contract::Step& step, Captures& captures, CaseOutcome& outcome);
  bool run_parallel_step(const contract::Case& c, const contract::Step& step, const Captures& captures,
                         CaseOutcome& outcome);
  bool run_lifecycle_step(const contract::Case& c, const contract::Lifecycle& lifecycle, const Captures& captures,
                          CaseOutcome& outcome);
  bool run_upstream_step(const contract::Step& step, const Captures& captures, CaseOutcome& outcome);
  bool run_logs_step(const contract::LogCheck& check, const Captures& captures, CaseOutcome& outcome);
  bool run_metrics_step(const contract::Case& c, const contract::MetricsCheck& check, CaseOutcome& outcome);
  /// GET @p path and parse it as Prometheus text: the exposition, or a sentence (with
  /// the request and response in @p outcome) saying why it is not one.
  std::optional<util::Exposition> scrape(const contract::Case& c, const std::string& path, CaseOutcome& outcome);

  int m_port;
  ServiceControl* m_control;
  UpstreamControl* m_upstream;
  const contract::OpenApi* m_openapi = nullptr;
  std::unique_ptr<Client> m_client;
  /// The metrics scraped before the current case's first step, by path: what `delta` subtracts.
  std::map<std::string, util::Exposition> m_baselines;
};

}  // namespace ferry::http
