#pragma once
/// @file
/// Running an exercise's implementation outside the check loop, each copy from an
/// identical fresh state: its own empty database file (exercises with one) and its own
/// upstream (08-gateway's Go todos service behind a FaultProxy). `ferry diff` runs three
/// such instances side by side, `ferry probe` one; the check loop shares the upstream part.

#include "contract/manifest.hpp"
#include "grading/build.hpp"
#include "http/fault_proxy.hpp"
#include "process/supervisor.hpp"
#include "report/reporter.hpp"
#include "util/expected.hpp"
#include "util/temp_dir.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace ferry::grading {

/// The upstream of a service that forwards (08-gateway): ferry's build of an earlier
/// exercise's Go reference, running beside the service, behind a FaultProxy.
struct RunningUpstream {
  std::string description;  ///< "the Go reference of 05-todos"
  std::unique_ptr<process::Service> service;  ///< the upstream itself
  std::unique_ptr<http::FaultProxy> proxy;  ///< what the service is given in UPSTREAM_URL
};

/// Builds and starts @p upstream with @p env (its share of the database), and the
/// proxy in front of it; a sentence saying what went wrong otherwise (never the
/// learner's doing: the upstream is ferry's own reference). @p reporter hears of the
/// build and the start.
util::Expected<RunningUpstream> start_upstream(const Workspace& workspace, const contract::Exercise::Upstream& upstream,
                                               const std::map<std::string, std::string>& env,
                                               std::chrono::milliseconds build_timeout,
                                               std::chrono::milliseconds startup_timeout, report::Reporter& reporter);

/// One running copy of an implementation, with state of its own.
class Instance {
public:
  /// Start @p program (already built) for @p exercise: a fresh database directory when
  /// the exercise has one, its upstream when it has one, then the service itself. An
  /// Error says why it did not start (with the service's last output).
  static util::Expected<std::unique_ptr<Instance>> start(const Workspace& workspace, const contract::Exercise& exercise,
                                                         const BuiltProgram& program,
                                                         std::chrono::milliseconds startup_timeout);
  /// The port the service answers on.
  [[nodiscard]] int port() const { return m_service->port(); }
  /// The service, for its output and whether it died.
  [[nodiscard]] process::Service& service() { return *m_service; }

private:
  Instance() = default;
  std::optional<util::TempDirectory> m_database;
  std::optional<RunningUpstream> m_upstream;
  std::unique_ptr<process::Service> m_service;
};

}  // namespace ferry::grading
