// grading/answer_diff: comparing the Go reference's answer with the port's — JSON by
// pointer (key order ignored), status and the headers that matter, the noise learned from
// Go against itself, and the plain words for the divergences literal ports hit most.
#include "grading/answer_diff.hpp"

#include <catch2/catch.hpp>

using namespace ferry::grading;
using nlohmann::json;

namespace {

Answer json_answer(int status, json body) {
  Answer a;
  a.status = status;
  a.media_type = "application/json";
  a.body = body.dump();
  a.json = std::move(body);
  return a;
}

}  // namespace

TEST_CASE("compare_json reports each kind of difference at its pointer, key order ignored", "[answer_diff]") {
  json go = json::parse(R"({"id": 1, "name": "ada", "email": null, "tags": ["a", "b"], "n": 1, "a/b": 1})");
  json port = json::parse(R"({"tags": ["a"], "name": "Ada", "id": "1", "extra": true, "n": 1.0, "a/b": 1})");
  auto diffs = compare_json(go, port);
  std::vector<std::pair<std::string, DiffKind>> got;
  for (const auto& d : diffs) {
    got.emplace_back(d.where, d.kind);
  }
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::pair<std::string, DiffKind>>{
                   {"/email", DiffKind::missing},
                   {"/extra", DiffKind::extra},
                   {"/id", DiffKind::type},
                   {"/name", DiffKind::value},
                   {"/tags", DiffKind::array_length},
               });
  CHECK(compare_json(json::parse(R"({"a": 1, "b": [1, {"c": null}]})"), json::parse(R"({"b": [1, {"c": null}], "a": 1})")).empty());
}

TEST_CASE("answers: another status hides the body; Allow compares as a set of methods", "[answer_diff]") {
  auto go = json_answer(404, json::parse(R"({"error": {"code": "user_not_found", "message": "x"}})"));
  auto port = json_answer(500, json::parse(R"({"error": {"code": "internal", "message": "y"}})"));
  auto diffs = compare_answers(go, port);
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].where == "status");
  CHECK_FALSE(diffs[0].explanation.empty());

  auto go405 = json_answer(405, json::parse(R"({"error": {"code": "method_not_allowed", "message": "x"}})"));
  auto port405 = go405;
  go405.allow = "GET, HEAD, POST";
  port405.allow = "POST,GET,HEAD";
  CHECK(compare_answers(go405, port405).empty());
  port405.allow.reset();
  auto missing = compare_answers(go405, port405);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].where == "header:allow");
  CHECK(missing[0].explanation.find("405 without an Allow") != std::string::npos);
  auto ok = json_answer(200, json::object());
  auto with_allow = ok;
  with_allow.allow = "GET,HEAD";
  auto extra = compare_answers(ok, with_allow);
  REQUIRE(extra.size() == 1);
  CHECK(extra[0].explanation.find("an Allow header on a 200 answer") != std::string::npos);
}

TEST_CASE("the common divergences of literal ports are named in plain words", "[answer_diff]") {
  auto explained = [](json go, json port) {
    auto diffs = compare_answers(json_answer(200, std::move(go)), json_answer(200, std::move(port)));
    REQUIRE(diffs.size() == 1);
    return diffs[0].explanation;
  };
  CHECK(explained(json::parse(R"({"users": []})"), json::parse(R"({"users": null})")).find("empty list") != std::string::npos);
  CHECK(explained(json::parse(R"({"email": null})"), json::parse(R"({})")).find("null vs absent") != std::string::npos);
  CHECK(explained(json::parse(R"({"account": null})"), json::parse(R"({"account": {}})")).find("{} where Go has null") != std::string::npos);
  CHECK(explained(json::parse(R"({"email": null})"), json::parse(R"({"email": ""})")).find("\"\" where Go has null") != std::string::npos);

  auto go = json_answer(400, json::parse(R"({"error": {"code": "invalid_body", "message": "x"}})"));
  Answer text;
  text.status = 400;
  text.media_type = "text/plain";
  text.body = "Failed to parse the request body";
  auto diffs = compare_answers(go, text);
  REQUIRE_FALSE(diffs.empty());
  CHECK(diffs[0].where == "header:content-type");
  CHECK(diffs[0].explanation.find("text/plain") != std::string::npos);
  auto status = compare_answers(go, json_answer(422, *go.json));
  REQUIRE(status.size() == 1);
  CHECK(status[0].explanation.find("422") != std::string::npos);
}

TEST_CASE("noise learned at one place covers every index and everything below it, per operation", "[answer_diff]") {
  CHECK(general_pointer("/users/3/created_at") == "/users/*/created_at");
  CHECK(general_pointer("/a1/10") == "/a1/*");
  CHECK(general_pointer("header:location") == "header:location");
  NoiseModel noise;
  noise.learn("GET /users", compare_json(json::parse(R"({"users": [{"at": 1}]})"), json::parse(R"({"users": [{"at": 2}]})")));
  FieldDiff other_index{DiffKind::value, "/users/5/at", 1, 2, ""};
  FieldDiff below{DiffKind::value, "/users/0/at/x", 1, 2, ""};
  FieldDiff elsewhere{DiffKind::value, "/users/0/name", "a", "b", ""};
  CHECK(noise.is_noise("GET /users", other_index));
  CHECK(noise.is_noise("GET /users", below));
  CHECK_FALSE(noise.is_noise("GET /users", elsewhere));
  CHECK_FALSE(noise.is_noise("GET /users/{id}", other_index));
  noise.declare("*", "header:x-request-id");
  CHECK(noise.is_noise("POST /users", FieldDiff{DiffKind::header, "header:x-request-id", "a", "b", ""}));
}

TEST_CASE("a port that did not answer differs in status, with the reason", "[answer_diff]") {
  Answer none;
  none.failure = "the service closed the connection without answering";
  auto diffs = compare_answers(json_answer(200, json::object()), none);
  REQUIRE(diffs.size() == 1);
  CHECK(diffs[0].kind == DiffKind::status);
  CHECK(diffs[0].port.get<std::string>().find("closed the connection") != std::string::npos);
  CHECK(diffs[0].explanation.find("did not answer") != std::string::npos);
}
