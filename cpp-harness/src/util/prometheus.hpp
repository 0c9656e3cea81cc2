#pragma once
/// @file
/// The Prometheus text exposition format (version 0.0.4), as a service's `/metrics`
/// answers it: parsing a scrape into samples, and naming one series the way a
/// contract writes it (`name{label="value",…}`, labels in any order).

#include "util/expected.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ferry::util {

/// One series: a metric name and its exact label set.
struct Series {
  std::string name;  ///< the metric name, as in the sample line (`http_requests_total`, `latency_bucket`)
  std::map<std::string, std::string> labels;  ///< label name → unescaped value

  /// The canonical spelling: `name` or `name{a="x",b="y"}` with labels sorted by name
  /// and values escaped as the format escapes them. Two series are the same exactly
  /// when their canonical spellings are.
  [[nodiscard]] std::string key() const;
};

/// One sample line: a series and its value.
struct Sample {
  Series series;  ///< what is measured
  double value = 0;  ///< NaN and ±Inf included
  int line = 0;  ///< 1-based, for messages
};

/// A parsed scrape: every sample, and the declared type of each metric family.
struct Exposition {
  std::vector<Sample> samples;  ///< in the order of the text
  std::map<std::string, std::string> types;  ///< family name → counter|gauge|histogram|summary|untyped

  /// The value of the series with canonical key @p key, or nullptr.
  [[nodiscard]] const Sample* find(const std::string& key) const;
};

/// Parse @p text as the text exposition format. An Error says which line breaks the
/// format and how ("line 3: a label value must be quoted"): bad names, unquoted or
/// badly escaped label values, a value that is not a number, a series given twice, a
/// `# TYPE` given twice, after its family's samples, or with an unknown type.
Expected<Exposition> parse_exposition(std::string_view text);

/// Parse a series as a contract writes it: `name` or `name{a="x",b="y"}` (labels in any
/// order, no value after it). An Error (a sentence) when it is not one.
Expected<Series> parse_series(std::string_view text);

}  // namespace ferry::util
