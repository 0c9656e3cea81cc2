#pragma once
/// @file
/// Checking one response against one step's expectation: status, headers,
/// content type and body. Pure: no I/O, so it is tested without a server.

#include "contract/contract.hpp"
#include "contract/openapi.hpp"
#include "http/client.hpp"
#include "http/template.hpp"
#include "http/upstream.hpp"

#include <string>
#include <vector>

namespace ferry::http {

/// One way in which a response differs from its expectation.
struct Difference {
  std::string where;  ///< "status", "header Allow", "body", "body at /account"
  std::string expected;  ///< what the contract asked for, rendered for a person
  std::string actual;  ///< what the service sent ("(absent)" when nothing)
};

/// Whether @p content_type names JSON ("application/json", "application/problem+json; charset=utf-8").
bool is_json_content_type(const std::string& content_type);

/// Every difference between @p response and @p expectation (placeholders filled from @p captures).
std::vector<Difference> check_response(const contract::Expectation& expectation, const WireResponse& response,
                                       const Captures& captures);

/// Every way @p response to @p request breaks the exercise's OpenAPI document @p api: a
/// status it does not document for the operation, a required header missing, a body
/// that is not JSON where it documents JSON, or a body that breaks the schema. Each
/// difference names the document's operation and status, so the learner knows which
/// part of openapi.json to read.
std::vector<Difference> check_documented(const contract::OpenApi& api, const WireRequest& request,
                                         const WireResponse& response);

/// Every difference between what reached the upstream (@p seen, since the case
/// began) and @p expectation: how many requests with its method and target
/// (placeholders filled from @p captures, encoded as a request would be), and
/// the headers each of them carried.
std::vector<Difference> check_upstream_saw(const contract::UpstreamSaw& expectation, const std::vector<SeenRequest>& seen,
                                           const Captures& captures);

}  // namespace ferry::http
