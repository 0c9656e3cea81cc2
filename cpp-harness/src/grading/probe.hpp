#pragma once
/// @file
/// `ferry probe` as functions: send every probe (grading/request_gen.hpp) to a running
/// service and judge each answer. A bad request must get a 4xx carrying the JSON error
/// shape (components/schemas/Error of the OpenAPI document); a 5xx, an error that is
/// not that shape, no answer in time, a dropped connection or a dead service is a
/// finding, with the `curl` line that reproduces it. The judgement is pure.

#include "contract/contract.hpp"
#include "contract/manifest.hpp"
#include "contract/openapi.hpp"
#include "grading/build.hpp"
#include "grading/request_gen.hpp"
#include "http/client.hpp"
#include "util/expected.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ferry::grading {

/// What is wrong with the answer to @p probe, or nullopt when it is a fine answer: a
/// 4xx that @p api documents for the operation, with a JSON Content-Type and a body
/// valid under its error shape, or (when the probe does not have to be refused) any 2xx
/// or 3xx.
std::optional<std::string> judge_probe(const Probe& probe, const http::Exchange& exchange, const contract::OpenApi& api);

/// A probe the service failed.
struct ProbeFinding {
  Probe probe;  ///< what was sent
  std::string problem;  ///< a sentence: "answered 500", "no answer within 2 s", …
  std::string curl;  ///< the command line that sends the same request
  std::optional<http::WireResponse> response;  ///< what came back, when anything did
  std::string panic;  ///< the panic the service printed, when it died of one
};

/// How a probe run went.
struct ProbeReport {
  int sent = 0;  ///< probes sent
  int operations = 0;  ///< operations probed
  std::vector<ProbeFinding> findings;  ///< in the order they were found
  double duration_ms = 0;  ///< the whole run
  bool gave_up = false;  ///< the service died too often (or could not be restarted); the rest was not sent
  std::string gave_up_reason;  ///< why, when gave_up
};

/// The service under probe, as the runner needs it: where it listens, whether it died
/// (and of what), and a fresh start after it did.
class ProbeTarget {
public:
  virtual ~ProbeTarget() = default;
  /// The port it answers on now.
  [[nodiscard]] virtual int port() const = 0;
  /// When the service has died: how ("exited with code 101") and its panic, if any.
  virtual std::optional<std::pair<std::string, std::string>> died() = 0;
  /// Start it again after it died; the new port, or why it did not start.
  virtual util::Expected<int> restart() = 0;
  /// The panic it printed since the last call ("" when none): a Rust service survives
  /// a panicking handler (tokio ends only that task) but drops the connection.
  virtual std::string new_panic() { return ""; }
};

/// Send the valid request of each operation once (so that the ids the probes use
/// exist), then every probe of @p probes in order, each within @p timeout; judge each
/// with judge_probe(). A service that dies is a finding and is restarted, at most
/// @p max_restarts times.
ProbeReport run_probes(const std::vector<Probe>& probes, const std::vector<http::WireRequest>& seeds,
                       const contract::OpenApi& api, ProbeTarget& target,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(2000), int max_restarts = 5);

/// The seeds of run_probes(): one valid request per operation that creates something
/// (POST, PUT), made with the same seed as the probes.
std::vector<http::WireRequest> seed_requests(const contract::OpenApi& api, const ExampleBodies& examples,
                                             std::uint64_t seed);

/// Build @p impl of @p exercise, start it from a fresh state, generate the probes of
/// @p api (with @p contract's bodies as seeds), run them, and stop it. A service that
/// dies is started again from a fresh state. An Error when the build fails or the
/// service does not start at all.
util::Expected<ProbeReport> run_probe(const Workspace& workspace, const contract::Exercise& exercise,
                                      const contract::Contract& contract, const contract::OpenApi& api,
                                      const Implementation& impl, const ProbeOptions& options,
                                      std::chrono::milliseconds startup_timeout = std::chrono::milliseconds(15'000),
                                      const std::function<void(const std::string&)>& progress = {});

}  // namespace ferry::grading
