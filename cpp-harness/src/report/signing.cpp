#include "report/signing.hpp"

#include "util/files.hpp"

#include "util/text.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace ferry::report {

namespace {

std::string& stored_key() {
  static std::string key;
  return key;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0x0F];
  }
  return out;
}

std::string signature_for(const std::string& key, const std::string& data) {
  return "HMAC-SHA256 " + hmac_sha256_hex(key, data) + "\n";
}

util::Expected<bool> verify_signature(const std::string& key, const std::string& data, const std::string& signature_text) {
  std::string text(util::trim(signature_text));
  const std::string prefix = "HMAC-SHA256 ";
  if (text.rfind(prefix, 0) != 0 || text.size() != prefix.size() + 64) {
    return util::Error{"the signature file does not hold \"HMAC-SHA256 <64 hex digits>\""};
  }
  std::string expected = hmac_sha256_hex(key, data);
  std::string given = text.substr(prefix.size());
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    difference |= static_cast<unsigned char>(expected[i] ^ given[i]);
  }
  return difference == 0;
}

void take_results_key_from_environment() {
  if (const char* key = std::getenv("FERRY_RESULTS_KEY"); key != nullptr) {
    stored_key() = key;
    unsetenv("FERRY_RESULTS_KEY");
  }
}

util::Expected<std::string> results_key(const std::string& key_file) {
  if (!stored_key().empty()) {
    return stored_key();
  }
  if (key_file.empty()) {
    return std::string();
  }
  auto content = util::read_file(key_file, 64 * 1024);
  if (!content) {
    return util::Error{"the key file: " + content.error()};
  }
  std::string key(util::trim(*content));
  if (key.empty()) {
    return util::Error{"the key file " + key_file + " is empty"};
  }
  return key;
}

}  // namespace ferry::report
