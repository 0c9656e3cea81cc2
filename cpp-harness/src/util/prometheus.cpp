#include "util/prometheus.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>

namespace ferry::util {

namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':';
}

bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool label_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool label_char(char c) {
  return label_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string escape_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

/// Reads one line's worth of the format, left to right; every method says what it expected.
class Cursor {
public:
  explicit Cursor(std::string_view text) : m_text(text) {}

  [[nodiscard]] bool done() const { return m_pos >= m_text.size(); }
  [[nodiscard]] char peek() const { return done() ? '\0' : m_text[m_pos]; }
  void skip_blanks() {
    while (!done() && (peek() == ' ' || peek() == '\t')) {
      ++m_pos;
    }
  }

  /// A metric name, or an Error.
  Expected<std::string> name() {
    if (!name_start(peek())) {
      return Error{"a metric name starts with a letter, '_' or ':'" + found()};
    }
    auto start = m_pos;
    while (!done() && name_char(peek())) {
      ++m_pos;
    }
    return std::string(m_text.substr(start, m_pos - start));
  }

  /// `{a="x",b="y"}` (the cursor on the '{'), into @p labels.
  std::string labels(std::map<std::string, std::string>& labels) {
    ++m_pos;  // '{'
    while (true) {
      skip_blanks();
      if (peek() == '}') {
        ++m_pos;
        return "";
      }
      if (!label_start(peek())) {
        return "a label name starts with a letter or '_'" + found();
      }
      auto start = m_pos;
      while (!done() && label_char(peek())) {
        ++m_pos;
      }
      std::string label(m_text.substr(start, m_pos - start));
      skip_blanks();
      if (peek() != '=') {
        return "expected '=' after the label " + label + found();
      }
      ++m_pos;
      skip_blanks();
      if (peek() != '"') {
        return "the value of the label " + label + " must be quoted" + found();
      }
      ++m_pos;
      std::string value;
      while (true) {
        if (done()) {
          return "the value of the label " + label + " is not closed by '\"'";
        }
        char c = m_text[m_pos++];
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          char e = peek();
          ++m_pos;
          if (e == '\\' || e == '"') {
            value += e;
          } else if (e == 'n') {
            value += '\n';
          } else {
            return "the value of the label " + label + " has an unknown escape \\" + std::string(1, e) +
                   " (the format knows \\\\, \\\" and \\n)";
          }
        } else {
          value += c;
        }
      }
      if (!labels.emplace(label, value).second) {
        return "the label " + label + " is given twice";
      }
      skip_blanks();
      if (peek() == ',') {
        ++m_pos;
        continue;
      }
      if (peek() != '}') {
        return "expected ',' or '}' after the value of the label " + label + found();
      }
    }
  }

  /// The next blank-separated word.
  std::string_view word() {
    skip_blanks();
    auto start = m_pos;
    while (!done() && peek() != ' ' && peek() != '\t') {
      ++m_pos;
    }
    return m_text.substr(start, m_pos - start);
  }

  [[nodiscard]] std::string found() const {
    if (done()) {
      return ", found the end of the line";
    }
    return ", found '" + std::string(1, peek()) + "'";
  }

private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

/// A sample value: a Go-style float, or NaN, +Inf, -Inf.
std::optional<double> parse_value(std::string_view word) {
  if (word == "NaN") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (word == "+Inf" || word == "Inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (word == "-Inf") {
    return -std::numeric_limits<double>::infinity();
  }
  if (!word.empty() && word.front() == '+') {
    word.remove_prefix(1);
  }
  double value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size() || word.empty()) {
    return std::nullopt;
  }
  return value;
}

/// The family a sample belongs to: histogram and summary samples carry a suffix.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string_view s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      auto base = name.substr(0, name.size() - s.size());
      auto it = types.find(base);
      if (it != types.end() && (it->second == "histogram" || it->second == "summary")) {
        return base;
      }
    }
  }
  return name;
}

}  // namespace

std::string Series::key() const {
  if (labels.empty()) {
    return name;
  }
  std::string text = name + "{";
  bool first = true;
  for (const auto& [label, value] : labels) {
    text += (first ? "" : ",") + label + "=\"" + escape_value(value) + "\"";
    first = false;
  }
  return text + "}";
}

const Sample* Exposition::find(const std::string& key) const {
  for (const auto& sample : samples) {
    if (sample.series.key() == key) {
      return &sample;
    }
  }
  return nullptr;
}

Expected<Exposition> parse_exposition(std::string_view text) {
  static const std::set<std::string, std::less<>> k_types = {"counter", "gauge", "histogram", "summary", "untyped"};
  Exposition exposition;
  std::set<std::string> keys;
  std::set<std::string> families_seen;  // families with a sample already
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    auto fail = [&](const std::string& why) { return Error{"line " + std::to_string(number) + ": " + why}; };
    Cursor cursor(line);
    cursor.skip_blanks();
    if (cursor.done()) {
      continue;
    }
    if (cursor.peek() == '#') {
      cursor.word();  // '#'
      auto keyword = cursor.word();
      if (keyword != "HELP" && keyword != "TYPE") {
        continue;  // a comment
      }
      cursor.skip_blanks();
      auto name = cursor.name();
      if (!name) {
        return fail(name.error());
      }
      if (keyword == "TYPE") {
        std::string type(cursor.word());
        if (!k_types.contains(type)) {
          return fail("unknown type \"" + type + "\" for " + *name +
                      " (expected counter, gauge, histogram, summary or untyped)");
        }
        if (exposition.types.contains(*name)) {
          return fail("a second # TYPE line for " + *name);
        }
        if (families_seen.contains(*name)) {
          return fail("the # TYPE line for " + *name + " comes after its samples; it must come first");
        }
        exposition.types[*name] = type;
      }
      continue;
    }
    Sample sample;
    sample.line = number;
    auto name = cursor.name();
    if (!name) {
      return fail(name.error());
    }
    sample.series.name = *name;
    if (cursor.peek() == '{') {
      if (auto why = cursor.labels(sample.series.labels); !why.empty()) {
        return fail(why);
      }
    }
    if (cursor.peek() != ' ' && cursor.peek() != '\t') {
      return fail("expected a space and the value after " + sample.series.key() + cursor.found());
    }
    auto value_word = cursor.word();
    auto value = parse_value(value_word);
    if (!value) {
      return fail("the value of " + sample.series.key() + " is not a number: \"" + std::string(value_word) + "\"");
    }
    sample.value = *value;
    auto timestamp = cursor.word();
    if (!timestamp.empty()) {
      std::int64_t ms = 0;
      auto [end_ts, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ms);
      if (ec != std::errc() || end_ts != timestamp.data() + timestamp.size()) {
        return fail("after the value of " + sample.series.key() + " only a timestamp in milliseconds may follow, found \"" +
                    std::string(timestamp) + "\"");
      }
    }
    if (!cursor.word().empty()) {
      return fail("unexpected text after the value of " + sample.series.key());
    }
    if (!keys.insert(sample.series.key()).second) {
      return fail("the series " + sample.series.key() + " is given twice");
    }
    families_seen.insert(family_of(sample.series.name, exposition.types));
    exposition.samples.push_back(std::move(sample));
  }
  return exposition;
}

Expected<Series> parse_series(std::string_view text) {
  Cursor cursor(text);
  Series series;
  auto name = cursor.name();
  if (!name) {
    return Error{name.error()};
  }
  series.name = *name;
  if (cursor.peek() == '{') {
    if (auto why = cursor.labels(series.labels); !why.empty()) {
      return Error{why};
    }
  }
  if (!cursor.done()) {
    return Error{"expected a metric name and its labels only, such as http_requests_total{method=\"GET\"}" + cursor.found()};
  }
  return series;
}

}  // namespace ferry::util
