#include "storage/memory_store.h"

#include <algorithm>

namespace lever::storage {

void MemoryStore::FailNextApply(Status status) {
  std::lock_guard lock(mutex_);
  fail_next_apply_ = std::move(status);
}

Status MemoryStore::Apply(const std::vector<Mutation>& batch) {
  std::lock_guard lock(mutex_);
  if (fail_next_apply_) {
    Status status = std::move(*fail_next_apply_);
    fail_next_apply_.reset();
    return status;
  }
  // Nothing below can fail short of bad_alloc, so applying in place under the lock is atomic
  // for every reader.
  for (const Mutation& m : batch) {
    switch (m.kind) {
      case Mutation::Kind::kPutItem:
        items_[{m.item.key, m.item.gray_name}] = m.item;
        break;
      case Mutation::Kind::kDeleteItem:
        items_.erase({m.item.key, m.item.gray_name});
        break;
      case Mutation::Kind::kPutNamespace:
        namespaces_[m.ns.id] = m.ns;
        break;
      case Mutation::Kind::kDeleteNamespace:
        namespaces_.erase(m.ns.id);
        break;
    }
    last_revision_ = std::max(last_revision_, m.revision);
    if (m.history) {
      history_[m.history->nid] = *m.history;
      last_revision_ = std::max(last_revision_, m.history->nid);
    }
  }
  return Status::Ok();
}

Status MemoryStore::LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                            const std::function<void(core::Namespace&&)>& on_namespace,
                            uint64_t* last_revision) {
  // Copy under the lock and call back outside it, so a callback may use the store.
  std::vector<core::ConfigItem> items;
  std::vector<core::Namespace> namespaces;
  {
    std::lock_guard lock(mutex_);
    items.reserve(items_.size());
    for (const auto& [id, item] : items_) items.push_back(item);
    for (const auto& [id, ns] : namespaces_) namespaces.push_back(ns);
    *last_revision = last_revision_;
  }
  for (core::ConfigItem& item : items) on_item(std::move(item));
  for (core::Namespace& ns : namespaces) on_namespace(std::move(ns));
  return Status::Ok();
}

StatusOr<HistoryPage> MemoryStore::ListHistory(const core::ConfigKey& key, uint64_t offset,
                                               uint64_t limit) {
  std::lock_guard lock(mutex_);
  HistoryPage page;
  for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
    if (it->second.key != key) continue;
    if (page.total_count >= offset && page.entries.size() < limit) {
      page.entries.push_back(it->second);
    }
    ++page.total_count;
  }
  return page;
}

StatusOr<std::optional<core::HistoryEntry>> MemoryStore::GetHistory(uint64_t nid) {
  std::lock_guard lock(mutex_);
  auto it = history_.find(nid);
  if (it == history_.end()) return std::optional<core::HistoryEntry>();
  return std::optional<core::HistoryEntry>(it->second);
}

StatusOr<std::vector<core::HistoryEntry>> MemoryStore::HistorySince(uint64_t after_revision,
                                                                    uint64_t limit) {
  std::lock_guard lock(mutex_);
  std::vector<core::HistoryEntry> out;
  for (auto it = history_.upper_bound(after_revision); it != history_.end() && out.size() < limit;
       ++it) {
    out.push_back(it->second);
  }
  return out;
}

StatusOr<uint64_t> MemoryStore::PruneHistory(int64_t before_time_ms) {
  std::lock_guard lock(mutex_);
  return static_cast<uint64_t>(std::erase_if(
      history_, [&](const auto& row) { return row.second.time_ms < before_time_ms; }));
}

Status MemoryStore::PutAuthRecord(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  auth_records_[key] = value;
  return Status::Ok();
}

Status MemoryStore::CreateAuthRecord(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  if (!auth_records_.emplace(key, value).second) return Status::AlreadyExists(key);
  return Status::Ok();
}

Status MemoryStore::DeleteAuthRecord(const std::string& key) {
  std::lock_guard lock(mutex_);
  auth_records_.erase(key);
  return Status::Ok();
}

StatusOr<std::vector<AuthRecord>> MemoryStore::ListAuthRecords(const std::string& prefix) {
  std::lock_guard lock(mutex_);
  std::vector<AuthRecord> out;
  for (auto it = auth_records_.lower_bound(prefix);
       it != auth_records_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.push_back({it->first, it->second});
  }
  return out;
}

}  // namespace lever::storage
