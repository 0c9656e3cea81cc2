#pragma once
/// @file
/// What `ferry bench` sends: an exercise's load mix (exercises/NN-name/load.json), or,
/// without one, the contract's happy GET requests that need no captured values.

#include "bench/loadgen.hpp"
#include "contract/contract.hpp"
#include "util/expected.hpp"

#include <string>
#include <vector>

namespace ferry::bench {

/// The requests of a bench: setup sent once after every start, then the mix.
struct LoadMix {
  std::string source;  ///< "exercises/02-users/load.json" or "the contract's happy GET requests"
  std::vector<contract::Request> setup;  ///< each must answer 2xx, in order, before the load
  std::vector<WireLoadRequest> mix;  ///< weights expanded: request i of the run is mix[i % size]
  std::size_t distinct = 0;  ///< how many different requests the mix holds
};

/// Read @p path (format_version 1):
/// `{"format_version": 1, "setup": [request…], "requests": [{"weight": 3, …request}]}`,
/// where a request is as in a contract: method, path, headers, json or body. Errors are
/// `file:/pointer: message` lines.
util::Expected<LoadMix> load_mix_file(const std::string& path);

/// The mix a contract gives: its happy and nil cases' GET requests that expect a 2xx
/// and use no `{{captures}}`, /health excepted, each once. Fails when there are none.
util::Expected<LoadMix> mix_from_contract(const contract::Contract& contract);

}  // namespace ferry::bench
