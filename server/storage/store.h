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

// One auth record (users, roles and permissions; see auth/account_store.h for the keys).
struct AuthRecord {
  std::string key;
  std::string value;
};

struct HistoryPage {
  uint64_t total_count = 0;
  std::vector<core::HistoryEntry> entries;  // newest first
};

// Receives the changes other servers commit to a shared store (EtcdStore's change feed).
// Calls come from one feed thread, in revision order, never concurrently.
class ExternalChangeSink {
 public:
  virtual ~ExternalChangeSink() = default;
  // The mutations of one commit made elsewhere (or echoed back from this server: the sink skips
  // what it already has); `revision` is the commit's highest revision.
  virtual void ApplyExternal(const std::vector<Mutation>& batch, uint64_t revision) = 0;
  // The feed lost continuity (e.g. etcd compacted the revisions it needed): this is the whole
  // current state, to replace everything the sink holds.
  virtual void ReplaceAll(std::vector<core::ConfigItem> items, std::vector<core::Namespace> namespaces,
                          uint64_t revision) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Commits `batch` atomically and durably (see the contract above). A store shared by several
  // servers (EtcdStore) returns kCasConflict, with nothing written, when its revision counter
  // already reached the batch's lowest revision, i.e. another server committed first; the
  // caller catches up through the store's change feed and plans the batch again.
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

  // Auth records: a small key/value space of its own, apart from configs and namespaces (users,
  // roles, permissions). Keys and values are opaque bytes to the store. Writes are durable like
  // Apply() (acknowledged => survives kill -9) and independent of the config revision counter.
  // May run concurrently with each other, with reads and with Apply().

  // Writes `value` under `key`, replacing any existing value.
  virtual Status PutAuthRecord(const std::string& key, const std::string& value) = 0;
  // Writes `value` under `key` only if `key` is absent; AlreadyExists (nothing written)
  // otherwise. The check and the write are atomic with respect to other auth record writes.
  virtual Status CreateAuthRecord(const std::string& key, const std::string& value) = 0;
  // Removes `key`; OK when it is absent.
  virtual Status DeleteAuthRecord(const std::string& key) = 0;
  // Every record whose key starts with `prefix` ("" = all), in ascending byte order of key.
  virtual StatusOr<std::vector<AuthRecord>> ListAuthRecords(const std::string& prefix) = 0;
};

}  // namespace lever::storage
