#pragma once
/// @file
/// An exercise's OpenAPI document (exercises/NN-name/openapi.json): every route, what
/// each answers per status, and the JSON Schemas of those answers. `ferry check`
/// validates every response against it, so an answer that passes its case but breaks
/// the documented shape (an extra field, a string where the document says integer, a
/// status nobody documented) still fails. Pure: the document is read once, then
/// matched and validated without I/O.

#include "util/expected.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferry::contract {

/// One way a value breaks a schema.
struct SchemaViolation {
  std::string pointer;  ///< where in the value, RFC 6901 ("" for the whole value)
  std::string expected;  ///< what the schema asks for ("integer", "at most 200 characters", "no member \"extra\"")
  std::string actual;  ///< what is there, rendered briefly
};

/// Every way @p value breaks @p schema, a JSON Schema (2020-12) of the subset ferry
/// supports: type (one or several, "integer" included), enum, const, minimum, maximum,
/// exclusiveMinimum, exclusiveMaximum, minLength, maxLength (in characters), pattern,
/// items, minItems, maxItems, properties, required, additionalProperties, allOf, anyOf,
/// oneOf, and $ref to "#/…" within @p document. Other keywords are annotations.
std::vector<SchemaViolation> validate_schema(const nlohmann::json& value, const nlohmann::json& schema,
                                             const nlohmann::json& document);

/// What an OpenAPI document says about one response.
struct DocumentedResponse {
  std::string operation;  ///< "GET /users/{id}", for messages
  std::string status_key;  ///< the key that matched: "200", "4XX" or "default"
  const nlohmann::json* schema = nullptr;  ///< its application/json schema; null when it documents no JSON body
  std::vector<std::string> required_headers;  ///< lower-case names of headers marked required
};

/// One operation of a document, for the tools that walk every route (`ferry diff`, `ferry probe`).
struct OperationView {
  std::string method;  ///< upper case: "GET"
  std::string path;  ///< the template: "/users/{id}"
  const nlohmann::json* spec = nullptr;  ///< the operation object (parameters, requestBody, responses); never null
  /// "GET /users/{id}", as messages name it.
  [[nodiscard]] std::string name() const { return method + " " + path; }
};

/// An OpenAPI 3.1 document, loaded and indexed.
class OpenApi {
public:
  /// Every operation, in the document's order.
  [[nodiscard]] std::vector<OperationView> operations() const;
  /// The name of the operation @p method @p target (path and query) is served by, matched
  /// as response_for() matches ("GET /users/{id}"); for a request no operation
  /// describes, "METHOD PATH (not documented)".
  [[nodiscard]] std::string operation_name(const std::string& method, const std::string& target) const;

  /// The response @p method @p target (path and query) with @p status should be: the
  /// operation whose path template matches (literal segments preferred over
  /// {parameters}), then its response for the exact status, its "4XX"-style range, or
  /// "default". An Error (a sentence) when the document has no such operation or
  /// status; for a request no operation describes, the answer is the error shape
  /// (components/schemas/Error) if the status is 400 or more.
  [[nodiscard]] util::Expected<DocumentedResponse> response_for(const std::string& method, const std::string& target,
                                                                int status) const;
  /// The whole document, for $ref resolution.
  [[nodiscard]] const nlohmann::json& document() const { return m_document; }
  /// The file it was read from.
  [[nodiscard]] const std::string& source_path() const { return m_source; }

  /// Read and index @p path; errors are `file:/pointer: message` lines.
  static util::Expected<OpenApi> load(const std::string& path);
  /// Index an already parsed document (for tests); @p path is used in messages.
  static util::Expected<OpenApi> from_json(nlohmann::json document, const std::string& path);

private:
  /// The path template @p target's path matches best (literal segments first), or null.
  [[nodiscard]] const std::string* match_path(const std::string& path) const;
  struct Operation {
    std::string method;  // upper case
    std::string path;  // the template, "/users/{id}"
    std::vector<std::string> segments;  // "users", "{id}"
    std::string pointer;  // "/paths/~1users~1{id}/get"
  };
  nlohmann::json m_document;
  std::string m_source;
  std::vector<Operation> m_operations;
};

}  // namespace ferry::contract
