// grading/request_gen and grading/probe's judgement: valid requests and probes made from
// an OpenAPI document (seeded, bounded, each probe one thing broken), and what counts as
// a finding.
#include "grading/probe.hpp"
#include "grading/request_gen.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace ferry;
using namespace ferry::grading;
using nlohmann::json;

namespace {

contract::OpenApi mini_api() {
  auto api = contract::OpenApi::from_json(json::parse(R"({
    "openapi": "3.1.0", "info": {"title": "mini", "version": "1"},
    "paths": {
      "/users": {"post": {
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUser"}}}},
        "responses": {"201": {"description": "made"}, "4XX": {"description": "no",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
      "/users/{id}": {"get": {
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
                       {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}],
        "responses": {"200": {"description": "one"}}}}
    },
    "components": {"schemas": {
      "NewUser": {"type": "object", "required": ["name", "age"], "additionalProperties": false,
                  "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0},
                                 "email": {"type": ["string", "null"]}}},
      "Error": {"type": "object", "required": ["error"], "additionalProperties": false,
                "properties": {"error": {"type": "object", "required": ["code", "message"],
                                         "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
    }}
  })"), "mini.json");
  REQUIRE(api);
  return std::move(*api);
}

const Probe* find(const std::vector<Probe>& probes, const std::string& label) {
  for (const auto& p : probes) {
    if (p.label == label) {
      return &p;
    }
  }
  return nullptr;
}

http::Exchange answered(int status, const std::string& type, const std::string& body) {
  http::Exchange e;
  http::WireResponse r;
  r.status = status;
  if (!type.empty()) {
    r.headers.emplace_back("content-type", type);
  }
  r.body = body;
  e.response = r;
  return e;
}

}  // namespace

TEST_CASE("a valid request fills the path with the smallest id and a body valid under the schema", "[request_gen]") {
  auto api = mini_api();
  auto ops = api.operations();
  REQUIRE(ops.size() == 2);
  contract::Prng rng(1);
  auto post = valid_request(ops[0], api.document(), {}, rng);
  REQUIRE(post);
  CHECK(post->path == "/users");
  auto body = json::parse(post->body);
  CHECK(contract::validate_schema(body, *request_schema(ops[0]), api.document()).empty());
  auto get = valid_request(ops[1], api.document(), {}, rng);
  REQUIRE(get);
  CHECK(get->path.rfind("/users/1", 0) == 0);
  CHECK_FALSE(get->has_body);
}

TEST_CASE("the contract's own bodies are used as examples", "[request_gen]") {
  auto api = mini_api();
  ExampleBodies examples{{"POST /users", {json{{"name", "grace"}, {"age", 36}}}}};
  std::set<std::string> bodies;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    contract::Prng rng(seed);
    bodies.insert(valid_request(api.operations()[0], api.document(), examples, rng)->body);
  }
  CHECK(bodies.contains(R"({"age":36,"name":"grace"})"));
  CHECK(bodies.size() > 1);
}

TEST_CASE("probes break one thing each, and say which", "[request_gen]") {
  auto api = mini_api();
  ProbeOptions options;
  options.max_examples = 1000;
  auto probes = generate_probes(api, {}, options);
  for (const char* label : {"required member \"name\" missing", "member \"name\" is null", "member \"age\" is a string",
                            "member \"age\" is one past the largest int64", "an empty body", "malformed JSON",
                            "an unknown extra member", "path parameter id: not a number",
                            "query parameter verbose: not a number", "Content-Type text/plain",
                            "member \"name\" holds a lone surrogate", "a 3 MiB body (the value padded with spaces)",
                            "required member \"name\" spelled in upper case", "GET on a path no operation has",
                            "DELETE /users, a method the path does not have"}) {
    INFO(label);
    CHECK(find(probes, label) != nullptr);
  }
  // email may be null: no "is null" probe for it.
  CHECK(find(probes, "member \"email\" is null") == nullptr);
  const Probe* missing = find(probes, "required member \"name\" missing");
  CHECK(missing->must_reject);
  CHECK(missing->operation == "POST /users");
  CHECK_FALSE(json::parse(missing->request.body).contains("name"));
  CHECK(json::parse(missing->request.body).contains("age"));
  // additionalProperties false: the extra member must be refused.
  CHECK(find(probes, "an unknown extra member")->must_reject);
  const Probe* path = find(probes, "path parameter id: not a number");
  CHECK(path->request.path.rfind("/users/abc", 0) == 0);
  // The references differ on some probes, declared: diff does not compare a port with Go there.
  CHECK_FALSE(find(probes, "required member \"name\" spelled in upper case")->references_differ.empty());
  CHECK(find(probes, "malformed JSON")->references_differ.empty());
  // A body a shell line cannot hold is replayed through printf.
  CHECK(find(probes, "a NUL byte in the body")->request.replay_pipe == "printf '{\\000}'");
  // The huge body is replayed through a pipe, not spelled out on the command line.
  CHECK(find(probes, "a 3 MiB body (the value padded with spaces)")->request.replay_source == "@-");
}

TEST_CASE("probes are reproducible by seed and bounded per operation", "[request_gen]") {
  auto api = mini_api();
  ProbeOptions options;
  options.max_examples = 7;
  options.seed = 42;
  auto a = generate_probes(api, {}, options);
  auto b = generate_probes(api, {}, options);
  REQUIRE(a.size() == b.size());
  CHECK(a.size() == 7 + 7 + 3);  // 7 per operation, then a method each path lacks (2) and an unknown path
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].label == b[i].label);
    CHECK(a[i].request.body == b[i].request.body);
  }
  options.seed = 43;
  auto c = generate_probes(api, {}, options);
  bool same = a.size() == c.size();
  for (std::size_t i = 0; same && i < a.size(); ++i) {
    same = a[i].label == c[i].label && a[i].request.body == c[i].request.body;
  }
  CHECK_FALSE(same);
  options.max_body_bytes = 100'000;
  options.max_examples = 1000;
  for (const auto& p : generate_probes(api, {}, options)) {
    CHECK(p.request.body.size() <= 100'000);
  }
}

TEST_CASE("a probe's answer: a 4xx in the JSON error shape is right and anything else is a finding", "[probe]") {
  auto api = mini_api();
  Probe bad{"POST /users", "malformed JSON", {}, true, ""};
  Probe maybe{"POST /users", "an emoji", {}, false, ""};
  bad.request.method = maybe.request.method = "POST";
  bad.request.path = maybe.request.path = "/users";
  const std::string error = R"({"error": {"code": "malformed_json", "message": "no"}})";
  CHECK_FALSE(judge_probe(bad, answered(400, "application/json", error), api));
  CHECK_FALSE(judge_probe(bad, answered(415, "application/json; charset=utf-8", error), api));
  Probe get{"GET /users/{id}", "path parameter id: zero", {}, false, ""};
  get.request.method = "GET";
  get.request.path = "/users/0";
  // GET /users/{id} documents only 200: a 400 there is a status the document does not give.
  CHECK(judge_probe(get, answered(400, "application/json", error), api)->find("not documented") != std::string::npos);
  CHECK(judge_probe(bad, answered(500, "application/json", error), api)->find("answered 500") != std::string::npos);
  CHECK(judge_probe(bad, answered(400, "text/plain; charset=utf-8", "Failed to parse"), api)->find("text/plain") != std::string::npos);
  CHECK(judge_probe(bad, answered(400, "application/json", R"({"message": "no"})"), api)->find("error shape") != std::string::npos);
  CHECK(judge_probe(bad, answered(201, "application/json", "{}"), api)->find("accepted") != std::string::npos);
  CHECK_FALSE(judge_probe(maybe, answered(201, "application/json", "{}"), api));
  http::Exchange closed;
  closed.failure = http::TransportFailure::closed;
  CHECK(judge_probe(maybe, closed, api)->find("closed") != std::string::npos);
  http::Exchange slow;
  slow.failure = http::TransportFailure::timeout;
  CHECK(judge_probe(maybe, slow, api)->find("in time") != std::string::npos);
}
