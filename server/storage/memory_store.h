// MemoryStore — a Store that keeps everything in process memory, for unit tests.
//
// Honours the whole Store contract except durability: nothing survives the object. Thread-safe:
// every method takes one internal mutex, so reads and Apply() may run on any threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/store.h"

namespace lever::storage {

class MemoryStore final : public Store {
 public:
  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  // Fault injection: the next Apply() returns `status` (which must not be OK) and changes
  // nothing, the way a failed durable write must behave. Later calls succeed again.
  void FailNextApply(Status status);

  Status Apply(const std::vector<Mutation>& batch) override;
  Status LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                 const std::function<void(core::Namespace&&)>& on_namespace,
                 uint64_t* last_revision) override;
  StatusOr<HistoryPage> ListHistory(const core::ConfigKey& key, uint64_t offset,
                                    uint64_t limit) override;
  StatusOr<std::optional<core::HistoryEntry>> GetHistory(uint64_t nid) override;
  StatusOr<std::vector<core::HistoryEntry>> HistorySince(uint64_t after_revision,
                                                         uint64_t limit) override;
  StatusOr<uint64_t> PruneHistory(int64_t before_time_ms) override;
  Status PutAuthRecord(const std::string& key, const std::string& value) override;
  Status CreateAuthRecord(const std::string& key, const std::string& value) override;
  Status DeleteAuthRecord(const std::string& key) override;
  StatusOr<std::vector<AuthRecord>> ListAuthRecords(const std::string& prefix) override;

 private:
  // (key, gray_name) identifies one stored variant.
  using ItemId = std::pair<core::ConfigKey, std::string>;

  std::mutex mutex_;
  std::optional<Status> fail_next_apply_;              // guarded by mutex_
  std::map<ItemId, core::ConfigItem> items_;           // guarded by mutex_
  std::map<std::string, core::Namespace> namespaces_;  // guarded by mutex_
  std::map<uint64_t, core::HistoryEntry> history_;     // by nid; guarded by mutex_
  uint64_t last_revision_ = 0;                         // guarded by mutex_
  std::map<std::string, std::string> auth_records_;    // guarded by mutex_
};

}  // namespace lever::storage
