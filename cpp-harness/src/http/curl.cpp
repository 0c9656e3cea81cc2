#include "http/curl.hpp"

#include "util/text.hpp"

namespace ferry::http {

std::string curl_command(const WireRequest& request, int port) {
  // -g: [] and {} in the path are literal, not curl URL patterns.
  std::string line = "curl -sS -i -g";
  if (request.method == "HEAD") {
    line += " -I";
  } else if (request.method != "GET" || request.has_body) {
    line += " -X " + request.method;
  }
  line += " " + util::shell_quote("http://127.0.0.1:" + std::to_string(port) + request.path);
  for (const auto& [name, value] : request.headers) {
    line += " -H " + util::shell_quote(name + ": " + value);
  }
  if (request.has_body && !request.replay_source.empty()) {
    // --data-binary: the bytes as they are, newlines included.
    line += " --data-binary " + util::shell_quote(request.replay_source);
    if (!request.replay_pipe.empty()) {
      line = request.replay_pipe + " | " + line;
    }
  } else if (request.has_body) {
    // --data-raw: a body starting with @ is text, not a file to read.
    line += " --data-raw " + util::shell_quote(request.body);
  }
  return line;
}

}  // namespace ferry::http
