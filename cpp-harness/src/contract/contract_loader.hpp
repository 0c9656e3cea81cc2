#pragma once
/// @file
/// Loading a contract file into contract::Contract, validating everything a
/// run relies on. Every problem is reported as `file:/json/pointer: message`.

#include "contract/contract.hpp"
#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace ferry::contract {

/// The contract format this harness reads.
inline constexpr int k_contract_format_version = 1;

/// Load and validate the contract at @p path. On failure the error holds one
/// `file:/pointer: message` line per problem.
util::Expected<Contract> load_contract(const std::string& path);

/// The bytes of @p relative, a path inside @p base_dir (absolute paths and `..` are
/// refused), as a request body: at most 16 MiB. An Error (a sentence) otherwise.
util::Expected<std::shared_ptr<const MadeBody>> read_body_file(const std::string& base_dir, const std::string& relative);

/// Validate an already parsed document (for tests); @p path is used in messages.
util::Expected<Contract> contract_from_json(const nlohmann::json& document, const std::string& path);

}  // namespace ferry::contract
