// libFuzzer target for the contract and manifest loaders: any bytes must give a
// value or errors that are all `fuzz.json:/pointer: message` lines (or the parser's
// `fuzz.json: line L, column C: ...`), never a crash, a hang or an exception.
#include "contract/contract_loader.hpp"
#include "contract/json_reader.hpp"
#include "contract/manifest.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

constexpr const char* k_name = "fuzz.json";

/// Every line of @p error names the file first; abort (a finding) otherwise.
void require_located(const std::string& error, const char* loader) {
  if (error.empty()) {
    std::fprintf(stderr, "%s: an empty error\n", loader);
    std::abort();
  }
  std::istringstream lines(error);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(std::string(k_name) + ":", 0) != 0) {
      std::fprintf(stderr, "%s: an error line without its file: %s\n", loader, line.c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto document = ferry::contract::parse_json_text(text, k_name);
  if (!document) {
    require_located(document.error(), "parse_json_text");
    return 0;
  }
  if (auto contract = ferry::contract::contract_from_json(*document, k_name); !contract) {
    require_located(contract.error(), "contract_from_json");
  }
  if (auto manifest = ferry::contract::manifest_from_json(*document, k_name); !manifest) {
    require_located(manifest.error(), "manifest_from_json");
  }
  return 0;
}
