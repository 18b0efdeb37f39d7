// RocksDbStore — the embedded, durable Store (DESIGN.md decision 3).
//
// One RocksDB database in `path`, one column family per record kind (layout in
// rocksdb_store.cc). Every Apply() is a single WriteBatch that includes the revision counter,
// written with sync = RocksDbStoreOptions::sync_writes, so with the default an acknowledged batch
// survives kill -9 and power loss.
//
// Thread-safety: all methods may be called from any thread. Reads run concurrently with each
// other and with Apply(); each read sees one consistent snapshot. PruneHistory() may run
// concurrently with Apply(). One process at a time may open a path (RocksDB's LOCK file).
//
// This header deliberately includes no RocksDB headers; the database lives behind Impl.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace lever::storage {

struct RocksDbStoreOptions {
  std::string path;  // data directory; created when missing
  // fsync the WAL on every Apply()/PruneHistory(). Turn off only for tests and benchmarks that
  // do not need durability.
  bool sync_writes = true;
  // Shared LRU cache for data, index and filter blocks of all column families. Hot reads are
  // served from core's in-memory copy, so this stays small (the server targets <= 40 MB RSS).
  size_t block_cache_bytes = 8u << 20;
};

class RocksDbStore final : public Store {
 public:
  // Opens (creating when missing) the database at options.path. Errors are kInternal with
  // RocksDB's message, e.g. when the path is locked by another process.
  static StatusOr<std::unique_ptr<RocksDbStore>> Open(const RocksDbStoreOptions& options);

  ~RocksDbStore() override;
  RocksDbStore(const RocksDbStore&) = delete;
  RocksDbStore& operator=(const RocksDbStore&) = delete;

  Status Apply(const std::vector<Mutation>& batch) override;
  Status LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                 const std::function<void(core::Namespace&&)>& on_namespace,
                 uint64_t* last_revision) override;
  StatusOr<HistoryPage> ListHistory(const core::ConfigKey& key, uint64_t offset,
                                    uint64_t limit) override;
  StatusOr<std::optional<core::HistoryEntry>> GetHistory(uint64_t nid) override;
  StatusOr<std::vector<core::HistoryEntry>> HistorySince(uint64_t after_revision,
                                                         uint64_t limit) override;
  // Removes matching rows in bounded WriteBatches; on error the rows removed so far stay
  // removed (each row and its index entry always go together).
  StatusOr<uint64_t> PruneHistory(int64_t before_time_ms) override;
  Status PutAuthRecord(const std::string& key, const std::string& value) override;
  Status CreateAuthRecord(const std::string& key, const std::string& value) override;
  Status DeleteAuthRecord(const std::string& key) override;
  StatusOr<std::vector<AuthRecord>> ListAuthRecords(const std::string& prefix) override;

 private:
  struct Impl;
  explicit RocksDbStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace lever::storage
