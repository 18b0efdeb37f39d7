// A data dir written before a column family existed (here: before "auth") still opens, keeps
// its configs and gains the new family.
#include <doctest/doctest.h>
#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "storage/rocksdb_store.h"
#include "temp_dir.h"

namespace lever::storage {
namespace {

TEST_CASE("RocksDbStore opens a data dir from before the auth column family") {
  testing::TempDir dir;
  {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "items", "history", "history_by_key", "namespaces", "meta"}) {
      families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, dir.db(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    REQUIRE(db->Put(rocksdb::WriteOptions(), handles[4], "dev", "not-a-namespace-record").ok());
    for (auto* h : handles) REQUIRE(db->DestroyColumnFamilyHandle(h).ok());
  }
  auto store = RocksDbStore::Open({dir.db()});
  REQUIRE(store.ok());
  REQUIRE((*store)->PutAuthRecord("user/a", "x").ok());
  auto records = (*store)->ListAuthRecords("");
  REQUIRE(records.ok());
  CHECK(records->size() == 1);
}

}  // namespace
}  // namespace lever::storage
