// contract/openapi: the OpenAPI document of an exercise — matching a request to its
// operation and status, and validating a body against the JSON Schema subset ferry
// supports — and http::check_documented, which turns both into differences.
#include "contract/openapi.hpp"
#include "http/expectation.hpp"

#include <catch2/catch.hpp>

using namespace ferry::contract;
using nlohmann::json;

namespace {

const json k_document = json::parse(R"({
  "openapi": "3.1.0",
  "info": {"title": "99-mini", "version": "1"},
  "paths": {
    "/users": {
      "get": {"responses": {"200": {"description": "all", "content": {"application/json": {"schema": {
        "type": "object", "required": ["users"], "additionalProperties": false,
        "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}}}},
      "post": {"responses": {
        "201": {"description": "made", "headers": {"Location": {"required": true, "schema": {"type": "string"}}},
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
        "4XX": {"description": "refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
    },
    "/users/{id}": {
      "get": {"responses": {"200": {"description": "one", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}},
                            "404": {"description": "none", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}},
      "delete": {"responses": {"204": {"description": "gone"}}}
    },
    "/users/batch": {"post": {"responses": {"default": {"description": "any"}}}}
  },
  "components": {"schemas": {
    "User": {"type": "object", "required": ["id", "name", "email"], "additionalProperties": false,
             "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string", "minLength": 1, "maxLength": 5},
                            "email": {"type": ["string", "null"], "pattern": "@"},
                            "plan": {"enum": ["free", "pro"]}}},
    "Error": {"type": "object", "required": ["error"], "additionalProperties": false,
              "properties": {"error": {"type": "object", "required": ["code", "message"], "additionalProperties": false,
                                       "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
  }}
})");

OpenApi api() {
  auto loaded = OpenApi::from_json(k_document, "openapi.json");
  REQUIRE(loaded.has_value());
  return std::move(*loaded);
}

std::vector<SchemaViolation> check_user(const char* body) {
  return validate_schema(json::parse(body), k_document["components"]["schemas"]["User"], k_document);
}

}  // namespace

TEST_CASE("a valid value has no violations; each keyword reports where and what", "[openapi]") {
  CHECK(check_user(R"({"id": 1, "name": "Ada", "email": null})").empty());
  CHECK(check_user(R"({"id": 2, "name": "Bob", "email": "b@x", "plan": "pro"})").empty());

  auto wrong_type = check_user(R"({"id": "1", "name": "Ada", "email": null})");
  REQUIRE(wrong_type.size() == 1);
  CHECK(wrong_type[0].pointer == "/id");
  CHECK(wrong_type[0].expected == "integer");
  CHECK(wrong_type[0].actual == "a string \"1\"");

  auto missing = check_user(R"({"id": 1, "name": "Ada"})");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].pointer == "/email");
  CHECK(missing[0].actual == "(absent)");

  auto extra = check_user(R"({"id": 1, "name": "Ada", "email": null, "admin": true})");
  REQUIRE(extra.size() == 1);
  CHECK(extra[0].pointer == "/admin");
  CHECK_THAT(extra[0].expected, Catch::Contains("no member \"admin\""));

  CHECK(check_user(R"({"id": 0, "name": "Ada", "email": null})")[0].expected == "at least 1");
  CHECK(check_user(R"({"id": 1, "name": "", "email": null})")[0].expected == "at least 1 characters");
  CHECK(check_user(R"({"id": 1, "name": "Adaline", "email": null})")[0].expected == "at most 5 characters");
  CHECK(check_user(R"({"id": 1, "name": "éééé", "email": null})").empty());  // characters, not bytes
  CHECK(check_user(R"({"id": 1, "name": "Ada", "email": "nope"})")[0].expected == "matching /@/");
  CHECK(check_user(R"({"id": 1, "name": "Ada", "email": 5})")[0].expected == "string or null");
  CHECK_THAT(check_user(R"({"id": 1, "name": "Ada", "email": null, "plan": "gold"})")[0].expected,
             Catch::Contains("one of"));
  CHECK(check_user(R"({"id": 1.0, "name": "Ada", "email": null})").empty());  // 1.0 is an integer in JSON Schema
  CHECK(check_user(R"({"id": 1.5, "name": "Ada", "email": null})")[0].expected == "integer");
}

TEST_CASE("oneOf wants exactly one, anyOf at least one, allOf every one", "[openapi]") {
  json schema = json::parse(R"({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 10}]})");
  CHECK(validate_schema(json(3), schema, schema).empty());
  CHECK(validate_schema(json(2.5), schema, schema).size() == 1);  // neither
  CHECK_THAT(validate_schema(json(12), schema, schema)[0].actual, Catch::Contains("matches 2"));  // both
  json any = json::parse(R"({"anyOf": [{"type": "string"}, {"type": "null"}]})");
  CHECK(validate_schema(json(nullptr), any, any).empty());
  CHECK(validate_schema(json(1), any, any).size() == 1);
  json all = json::parse(R"({"allOf": [{"type": "integer"}, {"maximum": 3}]})");
  CHECK(validate_schema(json(4), all, all).size() == 1);
}

TEST_CASE("a $ref cycle or a $ref to nothing is a violation, not a crash", "[openapi]") {
  json document = json::parse(R"({"components": {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}})");
  CHECK_FALSE(validate_schema(json(1), json::parse(R"({"$ref": "#/components/schemas/Loop"})"), document).empty());
  CHECK_THAT(validate_schema(json(1), json::parse(R"({"$ref": "#/nowhere"})"), document)[0].actual,
             Catch::Contains("nothing there"));
}

TEST_CASE("a request finds its operation: the concrete path first, then the method", "[openapi]") {
  auto doc = api();
  auto one = doc.response_for("GET", "/users/7?x=1", 200);
  REQUIRE(one.has_value());
  CHECK(one->operation == "GET /users/{id}");
  CHECK(one->status_key == "200");
  REQUIRE(one->schema != nullptr);

  auto range = doc.response_for("POST", "/users", 422);
  REQUIRE(range.has_value());
  CHECK(range->status_key == "4XX");
  auto made = doc.response_for("POST", "/users", 201);
  REQUIRE(made.has_value());
  CHECK(made->required_headers == std::vector<std::string>{"location"});

  auto fallback = doc.response_for("POST", "/users/batch", 500);
  REQUIRE(fallback.has_value());
  CHECK(fallback->status_key == "default");
  CHECK(fallback->schema == nullptr);

  // /users/batch is a path of its own: GET on it is a method it lacks, not GET /users/{id}.
  auto lacking = doc.response_for("GET", "/users/batch", 405);
  REQUIRE(lacking.has_value());
  CHECK_THAT(lacking->operation, Catch::Contains("a method this path does not have"));
  CHECK(lacking->schema == &doc.document()["components"]["schemas"]["Error"]);  // the error shape, from the document
  CHECK(doc.response_for("HEAD", "/users/3", 200).has_value());  // HEAD is answered as GET

  auto undocumented = doc.response_for("GET", "/users/7", 500);
  REQUIRE_FALSE(undocumented.has_value());
  CHECK(undocumented.error() == "status 500 is not documented for GET /users/{id} in openapi.json");
  auto unknown = doc.response_for("GET", "/nowhere", 200);
  REQUIRE_FALSE(unknown.has_value());
  CHECK_THAT(unknown.error(), Catch::Contains("no operation for GET /nowhere, yet it answered 200"));
}

TEST_CASE("check_documented: headers, JSON and the schema, each naming the operation", "[openapi]") {
  auto doc = api();
  ferry::http::WireRequest post;
  post.method = "POST";
  post.path = "/users";
  ferry::http::WireResponse made;
  made.status = 201;
  made.headers = {{"content-type", "application/json"}, {"location", "/users/1"}};
  made.body = R"({"id": 1, "name": "Ada", "email": null})";
  CHECK(ferry::http::check_documented(doc, post, made).empty());

  ferry::http::WireResponse broken;  // a new response: a WireResponse keeps its parsed body
  broken.status = 201;
  broken.headers = {{"content-type", "application/json"}};
  broken.body = R"({"id": 1, "name": "Ada", "email": null, "extra": 1})";
  auto differences = ferry::http::check_documented(doc, post, broken);
  REQUIRE(differences.size() == 2);
  CHECK(differences[0].where == "header Location");
  CHECK(differences[0].expected == "present (openapi.json: POST /users → 201)");
  CHECK(differences[1].where == "body at /extra");

  ferry::http::WireResponse text;
  text.status = 404;
  text.body = "not found";
  ferry::http::WireRequest get;
  get.method = "GET";
  get.path = "/users/9";
  auto not_json = ferry::http::check_documented(doc, get, text);
  REQUIRE(not_json.size() == 1);
  CHECK(not_json[0].expected == "JSON (openapi.json: GET /users/{id} → 404)");
}

TEST_CASE("a document that is not OpenAPI 3.1 with operations is refused with its pointer", "[openapi]") {
  auto old = OpenApi::from_json(json::parse(R"({"openapi": "3.0.3", "paths": {}})"), "o.json");
  REQUIRE_FALSE(old.has_value());
  CHECK_THAT(old.error(), Catch::Contains("o.json:/openapi: ferry reads OpenAPI 3.1 documents"));
  auto bad = OpenApi::from_json(json::parse(R"({"openapi": "3.1.0", "paths": {"users": {}, "/x": {"get": {}}}})"), "o.json");
  REQUIRE_FALSE(bad.has_value());
  CHECK_THAT(bad.error(), Catch::Contains("o.json:/paths/users: a path starts with '/'"));
  CHECK_THAT(bad.error(), Catch::Contains("o.json:/paths/~1x/get: an operation needs \"responses\""));
}
