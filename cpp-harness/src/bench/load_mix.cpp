#include "bench/load_mix.hpp"

#include "contract/contract_loader.hpp"
#include "contract/json_reader.hpp"
#include "http/case_runner.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace ferry::bench {

namespace {

constexpr int k_max_weight = 100;

WireLoadRequest to_wire(const contract::Request& request) {
  http::WireRequest wire = http::build_request(request, {});
  WireLoadRequest out;
  out.label = wire.method + " " + wire.path;
  out.bytes = serialise_request(wire.method, wire.path, wire.headers, wire.has_body ? wire.body : "");
  return out;
}

contract::Request read_request(contract::ObjectReader& reader, const std::string& base_dir) {
  contract::Request request;
  request.method = reader.string("method", true).value_or("GET");
  static const std::vector<std::string> methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  if (std::find(methods.begin(), methods.end(), request.method) == methods.end()) {
    reader.error("method", "unsupported method \"" + request.method + "\"");
  }
  request.path = reader.string("path", true).value_or("/");
  if (request.path.empty() || request.path.front() != '/' || request.path.find("{{") != std::string::npos) {
    reader.error("path", "a request target starting with '/', without {{placeholders}} (nothing is captured in a bench)");
  }
  if (const auto* headers = reader.object("headers", false)) {
    for (const auto& [name, value] : headers->items()) {
      if (!value.is_string()) {
        reader.error("headers", "header values are strings");
        continue;
      }
      request.headers.emplace_back(name, value.get<std::string>());
    }
  }
  if (const auto* json = reader.any("json", false)) {
    request.json = *json;
  }
  if (reader.has("body")) {
    request.raw_body = reader.string("body", true, false);
  }
  if (auto file = reader.string("body_file", false)) {
    auto body = contract::read_body_file(base_dir, *file);
    if (body) {
      request.made_body = *body;
    } else {
      reader.error("body_file", body.error());
    }
  }
  if (int(reader.has("json")) + int(reader.has("body")) + int(reader.has("body_file")) > 1) {
    reader.error("body_file", "a request has one body: keep one of json, body and body_file");
  }
  return request;
}

}  // namespace

util::Expected<LoadMix> load_mix_file(const std::string& path) {
  auto document = contract::parse_json_file(path);
  if (!document) {
    return util::Error{document.error()};
  }
  contract::Diagnostics diag(path);
  contract::ObjectReader root(*document, "", diag, {"$schema", "format_version", "setup", "requests"});
  LoadMix mix;
  mix.source = path;
  const std::string base_dir = std::filesystem::path(path).parent_path().string();
  if (!root.is_object()) {
    return util::Error{diag.joined()};
  }
  if (auto version = root.integer("format_version", true, 1, 1000); version && *version != 1) {
    root.error("format_version", "this ferry reads load mix format 1, the file is format " + std::to_string(*version));
  }
  if (const auto* setup = root.array("setup", false)) {
    for (std::size_t i = 0; i < setup->size(); ++i) {
      contract::ObjectReader reader((*setup)[i], "/setup/" + std::to_string(i), diag, {"method", "path", "headers", "json", "body", "body_file"});
      if (reader.is_object()) {
        mix.setup.push_back(read_request(reader, base_dir));
      }
    }
  }
  if (const auto* requests = root.array("requests", true)) {
    if (requests->empty()) {
      root.error("requests", "a load mix needs at least one request");
    }
    for (std::size_t i = 0; i < requests->size(); ++i) {
      contract::ObjectReader reader((*requests)[i], "/requests/" + std::to_string(i), diag,
                                    {"method", "path", "headers", "json", "body", "body_file", "weight"});
      if (!reader.is_object()) {
        continue;
      }
      auto request = read_request(reader, base_dir);
      auto weight = reader.integer("weight", false, 1, k_max_weight).value_or(1);
      auto wire = to_wire(request);
      for (std::int64_t w = 0; w < weight; ++w) {
        mix.mix.push_back(wire);
      }
      ++mix.distinct;
    }
  }
  if (!diag.ok()) {
    return util::Error{diag.joined()};
  }
  return mix;
}

util::Expected<LoadMix> mix_from_contract(const contract::Contract& contract) {
  LoadMix mix;
  mix.source = "the contract's happy GET requests";
  std::set<std::string> seen;
  for (const auto& c : contract.cases) {
    if (c.kind != contract::CaseKind::happy && c.kind != contract::CaseKind::nil) {
      continue;
    }
    for (const auto& step : c.steps) {
      const auto& r = step.request;
      bool two_xx = !step.expect.statuses.empty() &&
                    std::all_of(step.expect.statuses.begin(), step.expect.statuses.end(), [](int s) { return s >= 200 && s < 300; });
      bool placeholders = r.path.find("{{") != std::string::npos ||
                          std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) { return h.second.find("{{") != std::string::npos; });
      if (step.lifecycle || step.upstream || step.upstream_saw || step.logs || step.metrics || step.parallel > 1 || r.method != "GET" || !two_xx ||
          placeholders || r.path == "/health" || !seen.insert(r.path).second) {
        continue;
      }
      mix.mix.push_back(to_wire(r));
      ++mix.distinct;
    }
  }
  if (mix.mix.empty()) {
    return util::Error{"the contract of " + contract.exercise +
                       " has no happy GET request without captures to send; give the exercise a load.json"};
  }
  return mix;
}

}  // namespace ferry::bench
