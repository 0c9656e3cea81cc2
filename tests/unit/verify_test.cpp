// grading/verify: load_mutations — every mutation names the cases that must
// catch it, and every one of those cases exists in the contract.
#include "grading/verify.hpp"

#include "contract/contract_loader.hpp"
#include "contract/manifest.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace ferry::grading;
using ferry::contract::Contract;

namespace {

Contract contract_with(std::vector<std::string> ids) {
  Contract c;
  c.exercise = "99-test";
  c.source_path = "exercises/99-test/contract.json";
  for (auto& id : ids) {
    ferry::contract::Case kase;
    kase.id = std::move(id);
    c.cases.push_back(kase);
  }
  return c;
}

struct File {
  ferry_test::TempDir dir;
  std::string path;
  explicit File(const std::string& content) : path(dir.file("mutations.json")) { ferry_test::write_file(path, content); }
};

std::string error_of(const std::string& content) {
  File f(content);
  auto loaded = load_mutations(f.path, contract_with({"health", "get-user"}));
  if (loaded) {
    return "(loaded)";
  }
  // Report with a stable file name.
  std::string error = loaded.error();
  std::string::size_type pos = 0;
  while ((pos = error.find(f.path, pos)) != std::string::npos) {
    error.replace(pos, f.path.size(), "m.json");
  }
  return error;
}

}  // namespace

TEST_CASE("the shipped mutations load against their contracts", "[verify]") {
  auto manifest = ferry::contract::load_manifest(ferry_test::source_path("exercises/manifest.json"));
  REQUIRE(manifest.has_value());
  int checked = 0;
  for (const auto& ex : manifest->exercises) {
    if (ex.mutant.empty()) {
      continue;
    }
    INFO(ex.id);
    auto contract = ferry::contract::load_contract(ferry_test::source_path(ex.contract));
    REQUIRE(contract.has_value());
    // The kit's hidden cases (tests/hidden) are verified with the public ones, so kills may name them.
    auto hidden_path = ferry_test::source_path("tests/hidden/" + ex.id + ".json");
    if (std::filesystem::exists(hidden_path)) {
      auto hidden = ferry::contract::load_contract(hidden_path);
      REQUIRE(hidden.has_value());
      REQUIRE(ferry::contract::add_hidden_cases(*contract, *hidden).has_value());
    }
    auto mutations = load_mutations(ferry_test::source_path(ex.mutant + "/mutations.json"), *contract);
    INFO((mutations ? std::string() : mutations.error()));
    REQUIRE(mutations.has_value());
    CHECK_FALSE(mutations->empty());
    for (const auto& m : *mutations) {
      CHECK_FALSE(m.name.empty());
      CHECK_FALSE(m.bug.empty());
      CHECK_FALSE(m.kills.empty());
      for (const auto& id : m.kills) {
        CHECK(contract->find_case(id) != nullptr);
      }
    }
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("a valid mutations file loads", "[verify]") {
  File f(R"({"format_version": 1, "mutations": [
    {"name": "health-text", "bug": "/health answers text", "kills": ["health"]},
    {"name": "notfound-500", "bug": "unknown user is a 500", "kills": ["get-user", "health", "get-user"]}
  ]})");
  auto loaded = load_mutations(f.path, contract_with({"health", "get-user"}));
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.has_value());
  REQUIRE(loaded->size() == 2);
  CHECK((*loaded)[0].name == "health-text");
  CHECK((*loaded)[0].bug == "/health answers text");
  CHECK((*loaded)[0].kills == std::set<std::string>{"health"});
  CHECK((*loaded)[1].kills == std::set<std::string>{"get-user", "health"});
}

TEST_CASE("load_mutations names every problem at its pointer", "[verify]") {
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"name": "m", "bug": "b", "kills": ["health", "nope"]}]})") ==
        "m.json:/mutations/0/kills/1: no case \"nope\" in exercises/99-test/contract.json");
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"name": "m", "bug": "b", "kills": []}]})") ==
        "m.json:/mutations/0/kills: a mutation that no case catches is a gap in the contract; list the cases that must fail");
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"name": "m", "bug": "b", "kills": [7]}]})") ==
        "m.json:/mutations/0/kills/0: expected a case id");
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"bug": "b", "kills": ["health"]}]})") ==
        "m.json:/mutations/0: missing required member \"name\"");
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"name": "", "bug": "b", "kills": ["health"]}]})") ==
        "m.json:/mutations/0/name: must not be empty");
  CHECK(error_of(R"({"format_version": 1, "mutations": [{"name": "m", "bug": "b", "kils": ["health"]}]})") ==
        "m.json:/mutations/0/kils: unknown member \"kils\"; did you mean \"kills\"?\n"
        "m.json:/mutations/0: missing required member \"kills\"");
  CHECK(error_of(R"({"format_version": 2, "mutations": []})") ==
        "m.json:/format_version: must be at most 1");
  CHECK(error_of(R"({"mutations": ["m"]})") ==
        "m.json:/: missing required member \"format_version\"\n"
        "m.json:/mutations/0: expected an object, found a string");
  CHECK(error_of(R"({"format_version": 1, "mutations": {}})") ==
        "m.json:/mutations: expected an array, found an object");
  CHECK(error_of("[]") == "m.json:/: expected an object, found an array");
  CHECK_THAT(error_of("{\"format_version\": 1,"), Catch::StartsWith("m.json: line 1, column "));
  CHECK(error_of("") == "m.json: the file is empty; expected a JSON object");

  auto missing = load_mutations("/nonexistent/mutations.json", contract_with({}));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() == "/nonexistent/mutations.json: cannot open the file");
}

TEST_CASE("two mutations with the same name are rejected", "[verify]") {
  // A mutant is selected by name (FERRY_MUTANT), so a second entry with the
  // same name runs the same code against a different "kills" list: one of
  // them must then fail `ferry dev verify` with a confusing message.
  // load_mutations (verify.cpp:340) does not check that names are unique.
  std::string error = error_of(R"({"format_version": 1, "mutations": [
    {"name": "notfound-500", "bug": "unknown user is a 500", "kills": ["get-user"]},
    {"name": "notfound-500", "bug": "unknown user is a 500 again", "kills": ["health"]}
  ]})");
  CHECK_THAT(error, Catch::Contains("m.json:/mutations/1/name"));
}
