#pragma once
/// @file
/// Requests made from an exercise's OpenAPI document: valid ones (path, query and
/// header parameters and a JSON body generated from the schemas, or a body the
/// contract itself sends) for `ferry diff`, and bad ones for `ferry probe` — each a
/// valid request with exactly one thing broken, so the request that exposes a crash is
/// already minimal. Seeded and bounded; pure.

#include "contract/contract.hpp"
#include "contract/openapi.hpp"
#include "contract/schema_gen.hpp"
#include "http/client.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ferry::grading {

/// Request bodies the contract itself sends (without placeholders, and valid under the
/// operation's request schema), by operation name ("POST /users"): realistic seeds
/// that a generator would not think of (a URL that is a real URL).
using ExampleBodies = std::map<std::string, std::vector<nlohmann::json>>;

/// The valid bodies of @p contract's requests, per operation of @p api.
ExampleBodies contract_examples(const contract::Contract& contract, const contract::OpenApi& api);

/// The JSON Schema of @p op's application/json request body, or null when it takes none.
const nlohmann::json* request_schema(const contract::OperationView& op);

/// A valid request for @p op: every path parameter filled (integers at their minimum, so
/// that they name the first resource created), required query and header parameters
/// and some optional ones, and a body — one of @p examples' when there are some (half
/// of the time), generated from the schema otherwise. Nullopt when no valid body can be
/// made.
std::optional<http::WireRequest> valid_request(const contract::OperationView& op, const nlohmann::json& document,
                                               const ExampleBodies& examples, contract::Prng& rng);

/// One bad request, and what it breaks.
struct Probe {
  std::string operation;  ///< "POST /users"
  std::string label;  ///< what is wrong with it: "member \"name\" is null"
  http::WireRequest request;  ///< what is sent
  /// Whether a 2xx answer is itself a finding: the request breaks the request schema
  /// for certain (a required member missing, a wrong type, null where null is not
  /// allowed, a body that is not JSON). False for requests a service may accept (an
  /// extra member, odd unicode, a huge string).
  bool must_reject = false;
  /// Non-empty when the two references themselves answer this kind of probe differently,
  /// and why (a declared divergence): both answers are right, so `ferry diff` does not
  /// compare a port with Go on it. `ferry probe` judges it like any other.
  std::string references_differ;
};

/// Why the Go and Rust references answer a probe labelled @p label differently, or ""
/// when they agree: the divergences declared after `ferry diff` met them (a repeated
/// query parameter, -0, a lone surrogate, an `application/*+json` type, a body over
/// 2 MiB, a number past a double, member names in another case, an encoded dot segment).
std::string declared_divergence(const std::string& label);

/// Limits of a probe run.
struct ProbeOptions {
  std::uint64_t seed = 1;  ///< the same seed gives the same probes
  int max_examples = 40;  ///< at most this many probes per operation
  /// Leave out probes bigger than this many bytes (the huge bodies), for a quick run.
  std::size_t max_body_bytes = 3 * 1024 * 1024 + 4096;
};

/// The probes of every operation of @p api: broken path and query parameters (not ids,
/// past 64 bits, empty, encoded NULs and unicode), broken bodies (empty, absent,
/// truncated, not JSON, not an object, the wrong Content-Type or none), and broken
/// members (each required one missing, each member null, of every wrong type, integers
/// at and past the 64-bit limits, huge strings, odd unicode, an extra member), at most
/// @p options.max_examples per operation, picked by the seed.
std::vector<Probe> generate_probes(const contract::OpenApi& api, const ExampleBodies& examples,
                                   const ProbeOptions& options);

}  // namespace ferry::grading
