// store/migrations: an ordered list, numbered 1, 2, 3…, ending at the schema version.
#include "store/migrations.hpp"

#include "store/store.hpp"

#include <catch2/catch.hpp>

TEST_CASE("migrations are numbered from 1 without gaps and end at k_schema_version", "[migrations]") {
  const auto& all = ferry::store::migrations();
  REQUIRE_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("migration " << i);
    CHECK(all[i].version == static_cast<int>(i) + 1);
    CHECK_FALSE(all[i].sql.empty());
  }
  CHECK(all.back().version == ferry::store::k_schema_version);
}
