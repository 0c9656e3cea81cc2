#include "http/framing.hpp"

#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

namespace ferry::http {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// The hexadecimal size at the start of a chunk-size line; nullopt when there is none.
std::optional<std::size_t> chunk_size(std::string_view line) {
  std::string digits(line.substr(0, line.find(';')));  // chunk extensions are ignored
  if (digits.empty() || digits.size() > 15 || !std::all_of(digits.begin(), digits.end(), [](unsigned char c) {
        return std::isxdigit(c) != 0;
      })) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::strtoull(digits.c_str(), nullptr, 16));
}

}  // namespace

int response_status(std::string_view start_line) {
  if (start_line.rfind("HTTP/", 0) != 0) {
    return 0;
  }
  auto space = start_line.find(' ');
  if (space == std::string_view::npos || start_line.size() < space + 4) {
    return 0;
  }
  std::string_view digits = start_line.substr(space + 1, 3);
  if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return 0;
  }
  int status = std::atoi(std::string(digits).c_str());
  return status >= 100 && status <= 599 ? status : 0;
}

Framing frame_message(std::string_view buffer, bool is_request, bool no_body, bool at_eof) {
  Framing f;
  auto head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    f.state = buffer.size() > k_max_head_bytes ? Framing::State::malformed : Framing::State::incomplete;
    return f;
  }
  f.head_length = head_end + 4;
  auto line_end = buffer.find("\r\n");
  f.start_line = std::string(buffer.substr(0, line_end));
  int status = is_request ? 0 : response_status(f.start_line);
  if ((is_request && std::count(f.start_line.begin(), f.start_line.end(), ' ') < 2) || (!is_request && status == 0)) {
    f.state = Framing::State::malformed;
    return f;
  }
  std::optional<std::size_t> content_length;
  for (std::size_t at = line_end + 2; at < head_end;) {
    auto end = buffer.find("\r\n", at);
    std::string_view line = buffer.substr(at, end - at);
    at = end + 2;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      continue;
    }
    std::string_view name = line.substr(0, colon);
    std::string value(util::trim(line.substr(colon + 1)));
    if (iequals(name, "content-length")) {
      char* rest = nullptr;
      content_length = static_cast<std::size_t>(std::strtoull(value.c_str(), &rest, 10));
      if (value.empty() || *rest != '\0') {
        f.state = Framing::State::malformed;
        return f;
      }
    } else if (iequals(name, "transfer-encoding") && util::to_lower(value).find("chunked") != std::string::npos) {
      f.chunked = true;
    } else if (iequals(name, "connection") && iequals(value, "close")) {
      f.close = true;
    }
    f.headers.emplace_back(std::string(name), std::move(value));
  }
  f.has_length = f.chunked || content_length.has_value();
  if (no_body || (!is_request && (status < 200 || status == 204 || status == 304))) {
    f.length = f.head_length;
    f.state = Framing::State::complete;
    return f;
  }
  if (f.chunked) {
    std::size_t at = f.head_length;
    while (true) {
      auto end = buffer.find("\r\n", at);
      if (end == std::string_view::npos) {
        return f;  // incomplete
      }
      auto size = chunk_size(buffer.substr(at, end - at));
      if (!size) {
        f.state = Framing::State::malformed;
        return f;
      }
      at = end + 2;
      if (*size == 0) {
        // Trailers, if any, then the blank line.
        while (true) {
          auto trailer_end = buffer.find("\r\n", at);
          if (trailer_end == std::string_view::npos) {
            return f;
          }
          bool blank = trailer_end == at;
          at = trailer_end + 2;
          if (blank) {
            f.length = at;
            f.state = Framing::State::complete;
            return f;
          }
        }
      }
      if (buffer.size() < at + *size + 2) {
        return f;
      }
      at += *size + 2;
    }
  }
  if (content_length) {
    if (buffer.size() >= f.head_length + *content_length) {
      f.length = f.head_length + *content_length;
      f.state = Framing::State::complete;
    }
    return f;
  }
  if (is_request) {
    f.length = f.head_length;  // a request without a framed body has none
    f.state = Framing::State::complete;
    return f;
  }
  if (at_eof) {
    f.length = buffer.size();
    f.close = true;
    f.state = Framing::State::complete;
  }
  return f;
}

std::string dechunk(std::string_view buffer, std::size_t body_start) {
  std::string body;
  std::size_t at = body_start;
  while (true) {
    auto end = buffer.find("\r\n", at);
    if (end == std::string_view::npos) {
      return body;
    }
    auto size = chunk_size(buffer.substr(at, end - at));
    if (!size || *size == 0) {
      return body;
    }
    at = end + 2;
    body.append(buffer.substr(at, *size));
    at += *size + 2;
  }
}

std::string serialise_request(const std::string& method, const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  std::string out = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) {
    out += name + ": " + value + "\r\n";
  }
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n" + body;
  return out;
}

}  // namespace ferry::http
