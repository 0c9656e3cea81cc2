// cli/context: finding the repository, the manifest, exercises by name, and
// the contract that belongs to an exercise.
#include "cli/context.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace ferry::cli;

namespace {

Context context_for(const std::string& root) {
  GlobalOptions options;
  options.root = root;
  options.no_color = true;
  auto made = make_context(options);
  if (!made) {
    FAIL(made.error());
  }
  return std::move(*made);
}

}  // namespace

TEST_CASE("make_context with --root loads the manifest and sets the workspace", "[context]") {
  Context context = context_for(ferry_test::source_dir() + "/");
  CHECK(context.root == ferry_test::fs::path(ferry_test::source_dir()).lexically_normal().string());
  CHECK(context.workspace.root == context.root);
  CHECK_FALSE(context.manifest.exercises.empty());
  CHECK_FALSE(context.color);
}

TEST_CASE("make_context without a repository says how to point at one", "[context]") {
  ferry_test::TempDir dir;
  GlobalOptions options;
  options.root = dir.path();
  auto made = make_context(options);
  REQUIRE_FALSE(made.has_value());
  CHECK_THAT(made.error(), Catch::Contains("exercises/manifest.json"));
}

TEST_CASE("Context::exercise finds by name and suggests a near one", "[context]") {
  // The launcher (./ferry) names itself in FERRY_LAUNCHER; these messages are for a bare `ferry`.
  unsetenv("FERRY_LAUNCHER");
  Context context = context_for(ferry_test::source_dir());
  auto users = context.exercise("users");
  REQUIRE(users.has_value());
  CHECK((*users)->id == "02-users");
  auto typo = context.exercise("02-usres");
  REQUIRE_FALSE(typo.has_value());
  CHECK(typo.error() == "no exercise named \"02-usres\"; did you mean 02-users? (ferry list shows them all)");
  auto far = context.exercise("zzz");
  REQUIRE_FALSE(far.has_value());
  CHECK(far.error() == "no exercise named \"zzz\" (ferry list shows them all)");
}

TEST_CASE("Context::contract loads the exercise's contract and checks that it belongs to it", "[context]") {
  Context context = context_for(ferry_test::source_dir());
  auto users = context.exercise("02-users");
  REQUIRE(users.has_value());
  auto contract = context.contract(**users);
  INFO((contract ? std::string() : contract.error()));
  REQUIRE(contract.has_value());
  CHECK(contract->exercise == "02-users");

  // The 01-hello contract listed under 02-users is refused...
  ferry::contract::Exercise wrong = **users;
  wrong.contract = "exercises/01-hello/contract.json";
  auto mismatched = context.contract(wrong);
  REQUIRE_FALSE(mismatched.has_value());
  CHECK_THAT(mismatched.error(), Catch::EndsWith(":/exercise: the contract says \"01-hello\" but the manifest lists it under \"02-users\""));
  // ...unless given explicitly with --contract (authoring).
  auto overridden = context.contract(**users, ferry_test::source_path("exercises/01-hello/contract.json"));
  CHECK(overridden.has_value());
}

TEST_CASE("Context::db_path: --db wins over the default", "[context]") {
  Context context = context_for(ferry_test::source_dir());
  context.options.db = "/tmp/elsewhere.db";
  CHECK(context.db_path() == "/tmp/elsewhere.db");
}

TEST_CASE("Context::exercises: every exercise when none is named, else those named in order", "[context]") {
  Context context = context_for(ferry_test::source_dir());
  auto all = context.exercises({});
  REQUIRE(all.has_value());
  REQUIRE(all->size() == context.manifest.exercises.size());
  CHECK((*all)[0]->id == context.manifest.exercises[0].id);
  auto named = context.exercises({"02", "hello"});
  REQUIRE(named.has_value());
  REQUIRE(named->size() == 2);
  CHECK((*named)[0]->id == "02-users");
  CHECK((*named)[1]->id == "01-hello");
  auto wrong = context.exercises({"01", "nope"});
  REQUIRE_FALSE(wrong.has_value());
  CHECK_THAT(wrong.error(), Catch::Contains("no exercise named \"nope\""));
}
