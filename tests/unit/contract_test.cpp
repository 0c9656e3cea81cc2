// contract/contract: the plain values and their lookups.
#include "contract/contract.hpp"

#include <catch2/catch.hpp>

using namespace ferry::contract;

TEST_CASE("CaseKind names", "[contract]") {
  CHECK(to_string(CaseKind::happy) == "happy");
  CHECK(to_string(CaseKind::error) == "error");
  CHECK(to_string(CaseKind::nil) == "nil");
  CHECK(to_string(CaseKind::concurrency) == "concurrency");
  CHECK(to_string(CaseKind::robustness) == "robustness");
}

TEST_CASE("Contract lookups: stages and cases", "[contract]") {
  Contract c;
  CHECK(c.max_stage() == 0);
  CHECK(c.find_stage(1) == nullptr);
  CHECK(c.find_case("x") == nullptr);
  c.stages = {{1, "one"}, {3, "three"}, {2, "two"}};
  Case a;
  a.id = "a";
  Case b;
  b.id = "b";
  b.stage = 3;
  c.cases = {a, b};
  CHECK(c.max_stage() == 3);
  REQUIRE(c.find_stage(2) != nullptr);
  CHECK(c.find_stage(2)->title == "two");
  CHECK(c.find_stage(4) == nullptr);
  REQUIRE(c.find_case("b") != nullptr);
  CHECK(c.find_case("b")->stage == 3);
  CHECK(c.find_case("B") == nullptr);
}

TEST_CASE("a body expects JSON when it has an expected value or matchers", "[contract]") {
  BodyExpectation body;
  CHECK_FALSE(body.expects_json());
  body.json = nlohmann::json::object();
  CHECK(body.expects_json());
  BodyExpectation matchers;
  matchers.matchers.push_back(ValueMatcher{});
  CHECK(matchers.expects_json());
}

TEST_CASE("hidden cases join after the public ones, marked, and only for the same exercise and stages",
          "[contract]") {
  Contract pub;
  pub.exercise = "02-users";
  pub.source_path = "contract.json";
  pub.stages = {{1, "starts"}, {2, "users"}};
  Case a;
  a.id = "a";
  a.stage = 2;
  Case b;
  b.id = "b";
  b.stage = 1;
  pub.cases = {a, b};
  Contract hidden;
  hidden.exercise = "02-users";
  hidden.source_path = "hidden/02-users.json";
  Case secret;
  secret.id = "secret";
  secret.stage = 1;
  hidden.cases = {secret};
  REQUIRE(add_hidden_cases(pub, hidden).has_value());
  REQUIRE(pub.cases.size() == 3);
  CHECK(pub.cases[0].id == "a");  // the public order stays as written
  CHECK(pub.cases[2].id == "secret");
  CHECK(pub.cases[2].hidden);
  CHECK_FALSE(pub.cases[0].hidden);

  CHECK_THAT(add_hidden_cases(pub, hidden).error(), Catch::Contains("\"secret\" has the id of a case in contract.json"));
  hidden.cases[0].id = "later";
  hidden.cases[0].stage = 3;
  CHECK_THAT(add_hidden_cases(pub, hidden).error(), Catch::Contains("is in stage 3, which contract.json does not have"));
  hidden.exercise = "03-ledger";
  CHECK_THAT(add_hidden_cases(pub, hidden).error(), Catch::Contains("are for \"03-ledger\", not \"02-users\""));
}
