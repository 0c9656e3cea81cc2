#include "http/expectation.hpp"

#include "contract/json_reader.hpp"
#include "http/json_match.hpp"
#include "util/text.hpp"

#include "util/regex_cache.hpp"

#include <regex>

namespace ferry::http {

bool is_json_content_type(const std::string& content_type) {
  std::string media = util::to_lower(util::trim(content_type.substr(0, content_type.find(';'))));
  return media == "application/json" || (media.rfind("application/", 0) == 0 && media.size() > 5 &&
                                          media.compare(media.size() - 5, 5, "+json") == 0);
}

namespace {

std::string join_statuses(const std::vector<int>& statuses) {
  std::string out;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (i > 0) {
      out += i + 1 == statuses.size() ? " or " : ", ";
    }
    out += std::to_string(statuses[i]);
  }
  return out;
}

std::string display_header_name(const std::string& lower) {
  std::string out = lower;
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    start = c == '-';
  }
  return out;
}

/// Checks @p expected against @p headers (names in lower case); each difference's
/// `where` is @p prefix followed by the header's name.
void check_headers(const std::vector<contract::HeaderExpectation>& expected,
                   const std::vector<std::pair<std::string, std::string>>& headers, const Captures& captures,
                   const std::string& prefix, std::vector<Difference>& out) {
  using Mode = contract::HeaderExpectation::Mode;
  for (const auto& h : expected) {
    auto actual = first_header(headers, h.name);
    std::string where = prefix + display_header_name(h.name);
    std::string shown = actual ? "\"" + util::truncate_for_display(*actual, 200) + "\"" : "(absent)";
    switch (h.mode) {
      case Mode::present:
        if (!actual) out.push_back({where, "present", shown});
        break;
      case Mode::absent:
        if (actual) out.push_back({where, "absent", shown});
        break;
      case Mode::value: {
        auto value = fill_text(h.text, captures);
        if (!actual || *actual != value) out.push_back({where, "\"" + value + "\"", shown});
        break;
      }
      case Mode::regex:
        if (!actual || !std::regex_search(*actual, util::compiled_regex(h.text, util::RegexCase::insensitive))) {
          out.push_back({where, "matching /" + h.text + "/", shown});
        }
        break;
    }
  }
}

std::string times(std::size_t n) { return n == 1 ? "once" : std::to_string(n) + " times"; }

}  // namespace

std::vector<Difference> check_response(const contract::Expectation& expectation, const WireResponse& response,
                                       const Captures& captures) {
  std::vector<Difference> out;
  const auto& statuses = expectation.statuses;
  if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), response.status) == statuses.end()) {
    out.push_back({"status", join_statuses(statuses), std::to_string(response.status)});
  }
  check_headers(expectation.headers, response.headers, captures, "header ", out);

  const auto& body = expectation.body;
  if (body.mode == contract::BodyMode::absent) {
    if (!response.body.empty()) {
      out.push_back({"body", "no body", util::truncate_for_display(response.body, 200)});
    }
    return out;
  }
  if (!body.expects_json()) {
    return out;
  }
  auto content_type = response.header("content-type");
  if (!content_type || !is_json_content_type(*content_type)) {
    out.push_back({"header Content-Type", "application/json (every answer, errors included, is JSON)",
                   content_type ? "\"" + *content_type + "\"" : "(absent)"});
  }
  const auto& parsed = response.json();
  if (response.body.empty() || !parsed) {
    bool too_deep = !parsed && parsed.error().find("nested deeper") != std::string::npos;
    std::string shown = response.body.empty() ? "an empty body"
                        : too_deep ? "JSON nested deeper than " + std::to_string(contract::k_max_response_nesting) + " levels"
                                   : "not JSON: " + util::truncate_for_display(response.body, 200);
    out.push_back({"body", "a JSON body", shown});
    return out;
  }
  contract::BodyExpectation filled = body;
  if (filled.json) {
    filled.json = fill_json(*filled.json, captures);
  }
  for (auto& matcher : filled.matchers) {
    if (matcher.equals) {
      matcher.equals = fill_json(*matcher.equals, captures);
    }
  }
  for (const auto& m : match_body(filled, *parsed)) {
    out.push_back({m.pointer.empty() ? "body" : "body at " + m.pointer, m.expected, m.actual});
  }
  return out;
}

std::vector<Difference> check_documented(const contract::OpenApi& api, const WireRequest& request,
                                         const WireResponse& response) {
  std::vector<Difference> out;
  auto documented = api.response_for(request.method, request.path, response.status);
  if (!documented) {
    out.push_back({"status", "a status openapi.json documents", documented.error()});
    return out;
  }
  std::string source = "openapi.json: " + documented->operation + " → " + documented->status_key;
  for (const auto& name : documented->required_headers) {
    if (!response.header(name)) {
      out.push_back({"header " + display_header_name(name), "present (" + source + ")", "(absent)"});
    }
  }
  if (documented->schema == nullptr || request.method == "HEAD") {
    return out;
  }
  const auto& body = response.json();
  if (!body) {
    out.push_back({"body", "JSON (" + source + ")",
                   response.body.empty() ? "an empty body" : "not JSON: " + util::truncate_for_display(response.body, 120)});
    return out;
  }
  for (const auto& v : contract::validate_schema(*body, *documented->schema, api.document())) {
    out.push_back({v.pointer.empty() ? "body" : "body at " + v.pointer, v.expected + " (" + source + ")", v.actual});
  }
  return out;
}

std::vector<Difference> check_upstream_saw(const contract::UpstreamSaw& expectation, const std::vector<SeenRequest>& seen,
                                           const Captures& captures) {
  std::vector<Difference> out;
  const std::string target = util::encode_request_target(fill_text(expectation.path, captures));
  const std::string what = expectation.method + " " + target;
  std::vector<const SeenRequest*> matching;
  std::string received;
  for (const auto& r : seen) {
    if (r.method == expectation.method && r.target == target) {
      matching.push_back(&r);
    }
    received += (received.empty() ? "" : ", ") + r.method + " " + util::truncate_for_display(r.target, 80);
  }
  std::string elsewhere = received.empty() ? "; nothing reached it during this case" : "; it received " + received;
  if (expectation.count && *expectation.count == 0) {
    if (!matching.empty()) {
      out.push_back({what, "answered by the service itself, never forwarded", "forwarded " + times(matching.size())});
    }
    return out;
  }
  if (expectation.count && matching.size() != static_cast<std::size_t>(*expectation.count)) {
    out.push_back({what, "forwarded " + times(static_cast<std::size_t>(*expectation.count)),
                   matching.empty() ? "never forwarded" + elsewhere : "forwarded " + times(matching.size())});
    return out;
  }
  if (matching.empty()) {
    out.push_back({what, "forwarded", "never forwarded" + elsewhere});
    return out;
  }
  for (const auto* r : matching) {
    check_headers(expectation.headers, r->headers, captures, "the forwarded " + what + "'s header ", out);
    if (!out.empty()) {
      break;
    }
  }
  return out;
}

}  // namespace ferry::http
