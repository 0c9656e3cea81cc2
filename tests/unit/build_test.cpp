// grading/build: which command builds which implementation, and where its
// binary ends up (plan_build only: no cargo or go is run here).
#include "grading/build.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ferry::grading;
using ferry::contract::Exercise;
namespace fs = std::filesystem;

namespace {

Exercise users() {
  Exercise ex;
  ex.id = "02-users";
  ex.dir = "exercises/02-users";
  ex.reference_go = "reference-go/02-users";
  ex.reference_rust = "reference-rust/02-users";
  ex.mutant = "tests/mutants/02-users";
  ex.learner_package = "users";
  ex.reference_package = "users-reference";
  ex.mutant_package = "users-mutant";
  return ex;
}

const Workspace k_workspace{"/work/repo", "/work/repo/target"};

Implementation impl(ImplKind kind, std::string mutation = "", std::string binary = "") {
  return Implementation{kind, std::move(mutation), std::move(binary)};
}

}  // namespace

TEST_CASE("parse_impl and to_string", "[build]") {
  for (auto kind : {ImplKind::learner, ImplKind::rust, ImplKind::go, ImplKind::mutant}) {
    auto parsed = parse_impl(to_string(kind));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == kind);
  }
  CHECK(to_string(ImplKind::binary) == "binary");
  for (const char* text : {"binary", "Rust", "", "learner "}) {
    INFO(text);
    auto parsed = parse_impl(text);
    REQUIRE_FALSE(parsed.has_value());
    CHECK_THAT(parsed.error(), Catch::StartsWith("unknown implementation \"" + std::string(text) + "\""));
  }
}

TEST_CASE("plan_build: the learner's crate is built with cargo in the workspace", "[build]") {
  auto plan = plan_build(k_workspace, users(), impl(ImplKind::learner));
  REQUIRE(plan.has_value());
  CHECK(plan->tool == "cargo");
  CHECK(plan->argv == std::vector<std::string>{"cargo", "build", "--quiet", "-p", "users", "--message-format=json"});
  CHECK(plan->cwd == "/work/repo");
  CHECK(plan->env.at("CARGO_TARGET_DIR") == "/work/repo/target");
  CHECK(plan->env.count("FERRY_MUTANT") == 0);
  CHECK(plan->binary == "/work/repo/target/debug/users");
}

TEST_CASE("plan_build: the Rust reference", "[build]") {
  auto plan = plan_build(k_workspace, users(), impl(ImplKind::rust));
  REQUIRE(plan.has_value());
  CHECK(plan->argv == std::vector<std::string>{"cargo", "build", "--quiet", "-p", "users-reference"});
  CHECK(plan->binary == "/work/repo/target/debug/users-reference");
}

TEST_CASE("plan_build: a mutant gets FERRY_MUTANT and needs a mutation and a mutant crate", "[build]") {
  auto plan = plan_build(k_workspace, users(), impl(ImplKind::mutant, "notfound-500"));
  REQUIRE(plan.has_value());
  CHECK(plan->argv == std::vector<std::string>{"cargo", "build", "--quiet", "-p", "users-mutant"});
  CHECK(plan->service_env.at("FERRY_MUTANT") == "notfound-500");
  CHECK(plan->env.count("FERRY_MUTANT") == 0);  // the service needs it, not cargo
  CHECK(plan->binary == "/work/repo/target/debug/users-mutant");

  auto no_mutation = plan_build(k_workspace, users(), impl(ImplKind::mutant));
  REQUIRE_FALSE(no_mutation.has_value());
  CHECK(no_mutation.error() == "--impl mutant needs --mutation NAME");

  Exercise without = users();
  without.mutant.clear();
  without.mutant_package.clear();
  auto no_crate = plan_build(k_workspace, without, impl(ImplKind::mutant, "x"));
  REQUIRE_FALSE(no_crate.has_value());
  CHECK(no_crate.error() == "exercise 02-users has no mutant port");
}

TEST_CASE("plan_build: the Go reference is built with go inside its module", "[build]") {
  auto plan = plan_build(k_workspace, users(), impl(ImplKind::go));
  REQUIRE(plan.has_value());
  CHECK(plan->tool == "go");
  CHECK(plan->argv == std::vector<std::string>{"go", "build", "-o", "/work/repo/target/go/02-users", "./02-users"});
  CHECK(plan->cwd == "/work/repo/reference-go");
  CHECK(plan->binary == "/work/repo/target/go/02-users");
  CHECK(plan->env.count("CARGO_TARGET_DIR") == 0);
}

TEST_CASE("plan_build: a prebuilt binary is taken as an absolute path, nothing built", "[build]") {
  auto absolute = plan_build(k_workspace, users(), impl(ImplKind::binary, "", "/opt/svc/users"));
  REQUIRE(absolute.has_value());
  CHECK(absolute->tool.empty());
  CHECK(absolute->argv.empty());
  CHECK(absolute->binary == "/opt/svc/users");

  auto relative = plan_build(k_workspace, users(), impl(ImplKind::binary, "", "bin/users"));
  REQUIRE(relative.has_value());
  CHECK(relative->binary == (fs::current_path() / "bin/users").string());
}

TEST_CASE("plan_build against the real manifest's packages", "[build]") {
  ferry_test::TempDir dir;
  Workspace ws{ferry_test::source_dir(), dir.path()};
  Exercise ex = users();
  auto plan = plan_build(ws, ex, impl(ImplKind::learner));
  REQUIRE(plan.has_value());
  CHECK(plan->binary == (fs::path(dir.path()) / "debug" / "users").string());
  CHECK(plan->cwd == ferry_test::source_dir());
}

TEST_CASE("build of a prebuilt binary checks that it exists and builds nothing", "[build]") {
  auto missing_plan = plan_build(k_workspace, users(), impl(ImplKind::binary, "", "/nonexistent/users"));
  REQUIRE(missing_plan.has_value());
  CHECK_FALSE(missing_plan->first_build());  // nothing to build
  CHECK(missing_plan->command().empty());
  auto missing = build(*missing_plan, std::chrono::seconds(5));
  CHECK_FALSE(missing.ok);
  CHECK_FALSE(missing.tool_error);  // the learner's path, not ferry's tools
  CHECK(missing.output == "no such program: /nonexistent/users");

  auto present_plan = plan_build(k_workspace, users(), impl(ImplKind::binary, "", "/bin/sh"));
  REQUIRE(present_plan.has_value());
  auto present = build(*present_plan, std::chrono::seconds(5));
  CHECK(present.ok);
  CHECK(present.binary == "/bin/sh");
  CHECK(present.command == "(prebuilt) /bin/sh");
  CHECK(present_plan->service_env.empty());
}

TEST_CASE("build with a tool that cannot be run is a harness error", "[build]") {
  BuildPlan plan;
  plan.tool = "cargo";
  plan.argv = {"/nonexistent/cargo", "build"};
  plan.binary = "/nonexistent/target/debug/users";
  CHECK(plan.first_build());
  CHECK(plan.command() == "/nonexistent/cargo build");
  auto outcome = build(plan, std::chrono::seconds(5));
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.tool_error);
  CHECK_THAT(outcome.output, Catch::Contains("is cargo installed and on PATH?"));
}
