#pragma once
/// @file
/// The progress store's schema, as an ordered list of migrations. Migration N
/// takes the database from user_version N-1 to N. Never edit a shipped one:
/// add the next.

#include <string_view>
#include <vector>

namespace ferry::store {

/// One step of the schema.
struct Migration {
  int version;  ///< the user_version the database has after it
  std::string_view sql;  ///< the statements, run in the same transaction as the version bump
};

/// Every migration, by version (1, 2, 3…); Store::open() applies the ones a database lacks.
const std::vector<Migration>& migrations();

}  // namespace ferry::store
