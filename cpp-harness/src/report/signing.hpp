#pragma once
/// @file
/// Signing what `ferry grade` writes, so that a results file changed after the fact
/// is caught: HMAC-SHA256 over the file's exact bytes, in a detached `FILE.sig`
/// ("HMAC-SHA256 <64 hex digits>"), checked by `ferry verify-results`. The key comes
/// from FERRY_RESULTS_KEY (which ferry removes from its own environment at start, so no
/// build or service it runs can read it) or from a key file.

#include "util/expected.hpp"

#include <string>

namespace ferry::report {

/// HMAC-SHA256 of @p data under @p key, as 64 lower-case hex digits.
std::string hmac_sha256_hex(const std::string& key, const std::string& data);

/// The signature file's text for @p data: "HMAC-SHA256 <hex>\n".
std::string signature_for(const std::string& key, const std::string& data);

/// Whether @p signature_text (a .sig file's content) signs @p data under @p key; an
/// Error says why not, in a sentence. The comparison takes the same time wherever the
/// first difference is.
util::Expected<bool> verify_signature(const std::string& key, const std::string& data, const std::string& signature_text);

/// The results key: FERRY_RESULTS_KEY as it was when ferry started (see
/// take_results_key_from_environment()), else the trimmed content of @p key_file when
/// one is given; "" when there is none, or an Error when the file cannot be read or is empty.
util::Expected<std::string> results_key(const std::string& key_file);

/// Called once at start: keep FERRY_RESULTS_KEY in memory and remove it from the
/// environment, so that nothing ferry starts inherits it.
void take_results_key_from_environment();

}  // namespace ferry::report
