#pragma once
/// @file
/// `ferry diff` as functions: the same requests, in the same order, to two instances of
/// the Go reference and one of the port, each from an identical fresh state; the
/// differences the two Go instances show are noise (ids, timestamps), learned per
/// operation and field; every other difference between Go and the port is reported by
/// operation and JSON pointer, with one sample and the `curl` line that reproduces it.

#include "contract/contract.hpp"
#include "contract/openapi.hpp"
#include "grading/answer_diff.hpp"
#include "grading/build.hpp"
#include "grading/request_gen.hpp"
#include "http/client.hpp"
#include "util/expected.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

namespace ferry::grading {

/// What `ferry diff` sends and how long it waits.
struct DiffOptions {
  std::uint64_t seed = 1;  ///< the generated requests' seed
  int generated_per_operation = 4;  ///< generated valid requests per operation, after the contract's own
  /// Bad requests per operation (`ferry probe`'s, a seeded pick), last: how a port
  /// refuses bad input is where literal ports differ most.
  int probes_per_operation = 12;
  std::chrono::milliseconds timeout{2000};  ///< per request
  std::chrono::milliseconds startup_timeout{15'000};  ///< per instance, for /health
};

/// One request as the diff sends it: to the three instances, each with its own captures.
struct DiffStep {
  std::string operation;  ///< "GET /users/{id}"
  std::string origin;  ///< "case get-user, step 2" or "generated"
  std::array<http::WireRequest, 3> requests;  ///< to Go A, Go B and the port
};

/// One difference between Go and the port, with how often it was seen.
struct Divergence {
  std::string operation;  ///< "GET /users/{id}"
  FieldDiff diff;  ///< the first sample of it
  int count = 0;  ///< requests that showed it
  std::string origin;  ///< where the sample request came from
  std::vector<std::string> other_origins;  ///< where a few other requests that showed it came from
  std::string curl;  ///< the sample request, against the port
  std::string curl_reference;  ///< the same request against the Go reference
};

/// What the three instances answered, and how they differ.
struct DiffReport {
  int requests = 0;  ///< requests sent to each instance
  std::vector<Divergence> divergences;  ///< differences that are not noise, grouped by operation, place and kind
  NoiseModel noise;  ///< what the two Go instances disagreed on
  int suppressed = 0;  ///< differences dropped as noise
  std::map<std::string, int> not_compared;  ///< probes left out because the references differ on them, by reason

  std::string port_died;  ///< how the port died, when it did (the rest was not sent)
  double duration_ms = 0;  ///< the whole run
};

/// Send the requests of @p contract's cases (lifecycle, upstream, log and metrics steps
/// left out; a parallel step sent once; a retry step polled on each instance alike)
/// then options.generated_per_operation valid requests and options.probes_per_operation
/// probes per operation of @p api, to the
/// three services on @p ports (Go A, Go B, the port), and compare.
DiffReport diff_services(const contract::Contract& contract, const contract::OpenApi& api, const std::array<int, 3>& ports,
                         const DiffOptions& options, const std::function<std::optional<std::string>()>& port_died = {});

/// Build the Go reference and @p impl of @p exercise, start the reference twice and the
/// port once (fresh databases, own upstreams), run diff_services() and stop them. An
/// Error when a build fails or an instance does not start (the sentence says which).
util::Expected<DiffReport> run_diff(const Workspace& workspace, const contract::Exercise& exercise,
                                    const contract::Contract& contract, const contract::OpenApi& api,
                                    const Implementation& impl, const DiffOptions& options,
                                    const std::function<void(const std::string&)>& progress = {});

}  // namespace ferry::grading
