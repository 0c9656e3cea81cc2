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
