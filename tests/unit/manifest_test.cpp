// contract/manifest: the exercise index, its validation and name lookup.
#include "contract/manifest.hpp"
#include "contract/openapi.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ferry::contract;
using nlohmann::json;

namespace {

json valid_manifest() {
  return json::parse(R"({
    "format_version": 1, "plan_weeks": 26,
    "exercises": [
      {"id": "01-hello", "title": "hello", "weeks": [1, 1], "concepts": ["cargo"],
       "dir": "exercises/01-hello", "contract": "exercises/01-hello/contract.json", "lesson": "lessons/01-hello.md",
       "reference_go": "reference-go/01-hello", "reference_rust": "reference-rust/01-hello",
       "packages": {"learner": "hello", "reference": "hello-reference"}},
      {"id": "02-users", "title": "users", "weeks": [2, 3], "concepts": ["option", "match"],
       "dir": "exercises/02-users", "contract": "exercises/02-users/contract.json", "lesson": "lessons/02-users.md",
       "reference_go": "reference-go/02-users", "reference_rust": "reference-rust/02-users",
       "mutant": "tests/mutants/02-users",
       "packages": {"learner": "users", "reference": "users-reference", "mutant": "users-mutant"}}
    ]
  })");
}

std::string error_of(const json& doc) {
  auto loaded = manifest_from_json(doc, "m.json");
  return loaded ? std::string("(loaded)") : loaded.error();
}

}  // namespace

TEST_CASE("the shipped manifest loads and every path in it exists", "[manifest]") {
  auto manifest = load_manifest(ferry_test::source_path("exercises/manifest.json"));
  INFO((manifest ? std::string() : manifest.error()));
  REQUIRE(manifest.has_value());
  CHECK(manifest->plan_weeks == 26);
  REQUIRE(manifest->exercises.size() >= 2);
  for (const auto& ex : manifest->exercises) {
    INFO(ex.id);
    CHECK(ferry_test::fs::exists(ferry_test::source_path(ex.contract)));
    CHECK(ferry_test::fs::is_directory(ferry_test::source_path(ex.dir)));
    // Every exercise documents its API; every document loads.
    REQUIRE_FALSE(ex.openapi.empty());
    auto api = OpenApi::load(ferry_test::source_path(ex.openapi));
    INFO((api ? std::string() : api.error()));
    CHECK(api.has_value());
    CHECK_FALSE(ex.learner_package.empty());
    CHECK_FALSE(ex.reference_package.empty());
  }
}

TEST_CASE("a valid manifest loads into Exercise values", "[manifest]") {
  auto loaded = manifest_from_json(valid_manifest(), "m.json");
  REQUIRE(loaded.has_value());
  CHECK(loaded->source_path == "m.json");
  CHECK(loaded->ids() == std::vector<std::string>{"01-hello", "02-users"});
  const auto& users = loaded->exercises[1];
  CHECK(users.week_from == 2);
  CHECK(users.week_to == 3);
  CHECK(users.concepts == std::vector<std::string>{"option", "match"});
  CHECK(users.mutant == "tests/mutants/02-users");
  CHECK(users.learner_package == "users");
  CHECK(users.reference_package == "users-reference");
  CHECK(users.mutant_package == "users-mutant");
  CHECK(loaded->exercises[0].mutant.empty());
}

TEST_CASE("Manifest::find takes the id, the number or the short name", "[manifest]") {
  auto loaded = manifest_from_json(valid_manifest(), "m.json");
  REQUIRE(loaded.has_value());
  const Manifest& m = *loaded;
  for (const char* name : {"02-users", "2", "02", "002", "users"}) {
    INFO(name);
    REQUIRE(m.find(name) != nullptr);
    CHECK(m.find(name)->id == "02-users");
  }
  REQUIRE(m.find("1") != nullptr);
  CHECK(m.find("1")->id == "01-hello");
  CHECK(m.find("3") == nullptr);
  CHECK(m.find("") == nullptr);
  CHECK(m.find("user") == nullptr);
  CHECK(m.find("0002") == nullptr);
  CHECK(m.find("02-hello") == nullptr);
}

TEST_CASE("an upstream names an earlier exercise, whose Go reference it becomes", "[manifest]") {
  json doc = valid_manifest();
  doc["exercises"][1]["upstream"] = {{"exercise", "01-hello"}};
  auto loaded = manifest_from_json(doc, "m.json");
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.has_value());
  const auto& upstream = loaded->exercises[1].upstream;
  REQUIRE(upstream.has_value());
  CHECK(upstream->exercise == "01-hello");
  CHECK(upstream->reference_go == "reference-go/01-hello");
  CHECK_FALSE(upstream->database);
  CHECK_FALSE(loaded->exercises[0].upstream.has_value());

  SECTION("not an earlier exercise") {
    doc["exercises"][1]["upstream"] = {{"exercise", "02-users"}};
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/upstream/exercise: \"02-users\" is not an exercise listed before this one"));
    doc["exercises"][1]["upstream"] = {{"exercise", "09-nope"}};
    CHECK_THAT(error_of(doc), Catch::Contains("\"09-nope\" is not an exercise listed before this one"));
  }
  SECTION("an upstream with a database shares it, so the exercise needs one") {
    doc["exercises"][0]["database"] = "sqlite";
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/upstream/exercise: 01-hello keeps its data in SQLite, which the two services share: add \"database\": \"sqlite\""));
    doc["exercises"][1]["database"] = "sqlite";
    auto shared = manifest_from_json(doc, "m.json");
    REQUIRE(shared.has_value());
    CHECK(shared->exercises[1].upstream->database);
  }
  SECTION("no chains: an upstream forwards nowhere") {
    json third = doc["exercises"][1];
    third["id"] = "03-third";
    third["upstream"] = {{"exercise", "02-users"}};
    doc["exercises"].push_back(third);
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/2/upstream/exercise: 02-users forwards to an upstream of its own"));
  }
}

TEST_CASE("manifest validation names the member at fault", "[manifest]") {
  SECTION("unknown member with a typo") {
    json doc = valid_manifest();
    doc["exercises"][0]["lessons"] = "x";
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/0/lessons: unknown member \"lessons\"; did you mean \"lesson\"?"));
  }
  SECTION("bad id") {
    json doc = valid_manifest();
    doc["exercises"][0]["id"] = "hello";
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/0/id: exercise ids look like \"02-users\""));
  }
  SECTION("duplicate id") {
    json doc = valid_manifest();
    doc["exercises"][1]["id"] = "01-hello";
    doc["exercises"][1]["weeks"] = {1, 1};
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/id: duplicate exercise id \"01-hello\""));
  }
  SECTION("weeks out of plan order") {
    json doc = valid_manifest();
    doc["exercises"][0]["weeks"] = {5, 6};
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/weeks: exercises are listed in the order of the plan"));
  }
  SECTION("weeks beyond the plan, reversed or malformed") {
    for (const char* weeks : {"[1, 27]", "[3, 2]", "[0, 1]", "[1]", "[1, \"2\"]"}) {
      json doc = valid_manifest();
      doc["exercises"][0]["weeks"] = json::parse(weeks);
      INFO(weeks);
      CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/0/weeks: expected [first, last] weeks within the plan"));
    }
  }
  SECTION("a mutant crate without its package name") {
    json doc = valid_manifest();
    doc["exercises"][1]["packages"].erase("mutant");
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/packages: an exercise with a mutant crate names its package in \"mutant\""));
  }
  SECTION("a concept that is not a string") {
    json doc = valid_manifest();
    doc["exercises"][0]["concepts"] = {"cargo", 7};
    CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/0/concepts/1: expected a string"));
  }
  SECTION("missing members and a newer format") {
    json doc = valid_manifest();
    doc["format_version"] = 2;
    doc["exercises"][0].erase("contract");
    std::string error = error_of(doc);
    CHECK_THAT(error, Catch::Contains("m.json:/format_version: this ferry reads manifest format 1, the file is format 2"));
    CHECK_THAT(error, Catch::Contains("m.json:/exercises/0: missing required member \"contract\""));
  }
  SECTION("not an object") {
    CHECK(error_of(json::array()) == "m.json:/: expected an object, found an array");
  }
}

TEST_CASE("a performance budget: defaults, ranges, and never with an upstream", "[manifest]") {
  json doc = valid_manifest();
  doc["exercises"][1]["performance"] = {{"hint", "Borrow, don't clone."}, {"lesson", "lessons/02-users.md#measure"}};
  auto loaded = manifest_from_json(doc, "m.json");
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.has_value());
  const auto& budget = loaded->exercises[1].performance;
  REQUIRE(budget.has_value());
  CHECK(budget->p99_ratio == 0.6);
  CHECK(budget->rss_ratio == 0.5);
  CHECK(budget->level_percent == 50);
  CHECK(budget->repetitions == 3);
  CHECK_FALSE(loaded->exercises[0].performance.has_value());

  doc["exercises"][1]["performance"]["p99_ratio"] = 0;
  CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/performance/p99_ratio: a Rust/Go ratio between 0 and 10"));
  doc["exercises"][1]["performance"]["p99_ratio"] = 0.5;
  doc["exercises"][1]["performance"]["lesson"] = "book/x.md";
  CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/performance/lesson: expected a path under lessons/"));
  doc["exercises"][1]["performance"]["lesson"] = "lessons/02-users.md#measure";
  doc["exercises"][1]["upstream"] = {{"exercise", "01-hello"}};
  CHECK_THAT(error_of(doc), Catch::Contains("m.json:/exercises/1/performance: ferry bench cannot measure a service with an upstream"));
}
