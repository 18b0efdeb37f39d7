// storage::Store — durable home of config items, history, namespaces and the revision counter.
//
// Contract:
//  * Apply() commits a batch atomically and durably: when it returns OK every mutation of the
//    batch (items, history rows, namespaces, the revision counter) survives kill -9 and power
//    loss; when it returns an error none of them is visible. Batches are applied by one writer at
//    a time (core::ConfigService serialises them); Apply() need not be re-entrant.
//  * Reads may run concurrently with each other and with Apply() from any thread.
//  * Revisions are assigned by the caller (strictly increasing); the store remembers the highest.
//  * Only this folder includes RocksDB (or etcd) headers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/config_types.h"

namespace lever::storage {

// One change inside a batch.
struct Mutation {
  enum class Kind { kPutItem, kDeleteItem, kPutNamespace, kDeleteNamespace };
  Kind kind = Kind::kPutItem;
  uint64_t revision = 0;
  core::ConfigItem item;  // kPutItem: the full item; kDeleteItem: key + gray_name are used
  std::optional<core::HistoryEntry> history;  // written alongside when present
  core::Namespace ns;  // kPutNamespace: the record; kDeleteNamespace: id is used
};

struct HistoryPage {
  uint64_t total_count = 0;
  std::vector<core::HistoryEntry> entries;  // newest first
};

class Store {
 public:
  virtual ~Store() = default;

  // Commits `batch` atomically and durably (see the contract above).
  virtual Status Apply(const std::vector<Mutation>& batch) = 0;

  // Visits every stored item (formal and gray) and namespace, for start-up. Not concurrent with
  // Apply(). `*last_revision` receives the highest revision ever applied (0 on an empty store).
  virtual Status LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                         const std::function<void(core::Namespace&&)>& on_namespace,
                         uint64_t* last_revision) = 0;

  // History of one key (all its variants), newest first, skipping `offset` rows.
  virtual StatusOr<HistoryPage> ListHistory(const core::ConfigKey& key, uint64_t offset,
                                            uint64_t limit) = 0;

  // The history row with this nid, or std::nullopt.
  virtual StatusOr<std::optional<core::HistoryEntry>> GetHistory(uint64_t nid) = 0;

  // History rows with nid > `after_revision`, oldest first, at most `limit` (change feed used to
  // resume watchers and cluster nodes).
  virtual StatusOr<std::vector<core::HistoryEntry>> HistorySince(uint64_t after_revision,
                                                                 uint64_t limit) = 0;

  // Deletes history rows older than `before_time_ms` (retention). Returns how many were removed.
  virtual StatusOr<uint64_t> PruneHistory(int64_t before_time_ms) = 0;
};

}  // namespace lever::storage
