// The storage::Store contract (support/store_contract.h) run against MemoryStore and RocksDbStore,
// plus what only one of them can show (RocksDB persistence, MemoryStore fault injection).
#include "storage/store.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storage/memory_store.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_store.h"
#include "support/store_contract.h"
#include "temp_dir.h"

namespace lever::storage {
namespace {

using testing::TempDir;

using namespace contract;  // the shared contract body and its helpers (support/store_contract.h)

TEST_CASE("MemoryStore honours the Store contract") {
  MemoryStore store;
  CheckStoreContract(store);
}

TEST_CASE("RocksDbStore honours the Store contract") {
  TempDir dir;
  StatusOr<std::unique_ptr<RocksDbStore>> store = RocksDbStore::Open({.path = dir.db()});
  REQUIRE(store.ok());
  CheckStoreContract(**store);
}

TEST_CASE("MemoryStore: a failed Apply changes nothing") {
  MemoryStore store;
  SeedHistory(store);
  const Snapshot before = Load(store);

  store.FailNextApply(Status::Internal("disk on fire"));
  Status failed = store.Apply(
      {PutItem(Item(kA, "", "lost", 8)), DeleteItem(kAb, "", 9), PutNamespace("dev", 10)});
  CHECK(failed.code() == StatusCode::kInternal);
  CHECK(failed.message() == "disk on fire");

  const Snapshot after = Load(store);
  CHECK(after.items == before.items);
  CHECK(after.namespaces == before.namespaces);
  CHECK(after.last_revision == 7);
  CHECK(Since(store, 7, 100).empty());
  CHECK(Page(store, kA, 0, 100).total_count == 5);

  // Only the next Apply fails.
  CHECK(store.Apply({PutNamespace("dev", 8)}).ok());
  CHECK(Load(store).last_revision == 8);
}

TEST_CASE("RocksDbStore: reopening keeps everything") {
  TempDir dir;
  Snapshot before;
  {
    StatusOr<std::unique_ptr<RocksDbStore>> store = RocksDbStore::Open({.path = dir.db()});
    REQUIRE(store.ok());
    SeedHistory(**store);
    REQUIRE((*store)->Apply({PutNamespace("dev", 8), PutNamespace("prod", 9)}).ok());
    REQUIRE((*store)->PruneHistory(2).ok());  // drops nid 1
    before = Load(**store);
  }
  StatusOr<std::unique_ptr<RocksDbStore>> store = RocksDbStore::Open({.path = dir.db()});
  REQUIRE(store.ok());
  Snapshot after = Load(**store);
  CHECK(after.items == before.items);
  CHECK(after.items.size() == 3);
  CHECK(after.namespaces == before.namespaces);
  CHECK(after.namespaces.size() == 2);
  CHECK(after.last_revision == 9);
  CHECK(Since(**store, 0, 100) == std::vector<uint64_t>{2, 3, 4, 5, 6, 7});
  HistoryPage page = Page(**store, kA, 0, 2);
  CHECK(page.total_count == 4);
  CHECK(Nids(page.entries) == std::vector<uint64_t>{7, 6});

  // The next batch continues from the persisted revision.
  REQUIRE((*store)->Apply({PutItem(Item(kA, "", "v10", 10))}).ok());
  CHECK(Load(**store).last_revision == 10);
}

TEST_CASE("RocksDbStore: a path is opened by one store at a time") {
  TempDir dir;
  StatusOr<std::unique_ptr<RocksDbStore>> first = RocksDbStore::Open({.path = dir.db()});
  REQUIRE(first.ok());
  StatusOr<std::unique_ptr<RocksDbStore>> second = RocksDbStore::Open({.path = dir.db()});
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == StatusCode::kInternal);
  CHECK(second.status().message().find("rocksdb") != std::string::npos);
}

}  // namespace
}  // namespace lever::storage
