#include "util/regex_cache.hpp"

#include <map>
#include <mutex>
#include <utility>

namespace ferry::util {

const std::regex& compiled_regex(const std::string& pattern, RegexCase mode) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, RegexCase>, std::regex> cache;  // std::map: references stay valid
  std::lock_guard lock(mutex);
  auto key = std::make_pair(pattern, mode);
  if (auto found = cache.find(key); found != cache.end()) {
    return found->second;
  }
  auto flags = std::regex::ECMAScript;
  if (mode == RegexCase::insensitive) {
    flags |= std::regex::icase;
  }
  std::regex compiled(pattern, flags);  // throws before anything is cached
  return cache.emplace(std::move(key), std::move(compiled)).first->second;
}

}  // namespace ferry::util
