#pragma once
/// @file
/// The progress store's schema, as an ordered list of migrations. Migration N
/// takes the database from user_version N-1 to N. Never edit a shipped one:
/// add the next.

#include <string_view>
#include <vector>

namespace ferry::store {

struct Migration {
  int version;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

}  // namespace ferry::store
