#pragma once
/// @file
/// Checking one response against one step's expectation: status, headers,
/// content type and body. Pure: no I/O, so it is tested without a server.

#include "contract/contract.hpp"
#include "http/client.hpp"
#include "http/template.hpp"

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

}  // namespace ferry::http
