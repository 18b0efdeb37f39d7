// EtcdStore — the Store of cluster mode (DESIGN.md decision 9): every lever-server of a cluster
// keeps its data in one etcd cluster (v3 gRPC API) and is otherwise stateless.
//
// Layout of the records: storage/etcd/etcd_keys.h. Lever revisions are a counter kept in etcd
// and moved by every Apply() in the same etcd transaction as the batch's records, so revisions,
// history nids and "changes since R" are the same on every node.
//
// Apply() is one etcd Txn: "if counter < the batch's lowest revision then write everything and
// set counter = the batch's highest revision". When another node committed first the Txn writes
// nothing and Apply() returns kCasConflict (see Store::Apply). The counter value carries a
// per-Apply nonce, so a Txn retried after a lost answer recognises its own earlier success.
// etcd's request limits apply: see docs/operations.md (--max-txn-ops, --max-request-bytes).
//
// Change feed: StartFeed() watches the prefix from the etcd revision LoadAll() read at, and hands
// every commit that touched items or namespaces to an ExternalChangeSink, in order; when etcd
// has compacted the revisions the watch needs, it reloads everything and calls ReplaceAll().
// The watch follows the endpoints like every call (storage/etcd/etcd_client.h).
//
// Node registry: RegisterNode() puts this server's address under a lease kept alive in the
// background, so ListNodes() shows exactly the live servers (a killed one disappears after the
// lease TTL).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"

namespace lever::storage {

struct EtcdStoreOptions {
  std::vector<std::string> endpoints;  // host:port of the etcd members
  std::string prefix = "/lever/";      // every key lives under it; several clusters may share etcd
  std::chrono::milliseconds call_timeout{5000};
};

struct ClusterNode {
  std::string address;  // host:port (HTTP)
  std::string info;     // JSON the node registered
};

class EtcdStore final : public Store {
 public:
  // Connects (one read must succeed) and creates the revision counter when missing.
  static StatusOr<std::unique_ptr<EtcdStore>> Open(EtcdStoreOptions options);
  ~EtcdStore() override;  // stops the feed and revokes the node lease
  EtcdStore(const EtcdStore&) = delete;
  EtcdStore& operator=(const EtcdStore&) = delete;

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

  // Starts the change feed into `sink` (which must outlive the store or StopFeed()), from the
  // etcd revision after the last LoadAll(), or after `after_etcd_revision` when it is > 0.
  Status StartFeed(ExternalChangeSink* sink, int64_t after_etcd_revision = 0);
  void StopFeed();
  // The etcd revision the last LoadAll() read at.
  int64_t loaded_etcd_revision() const;

  // Registers this server as live (see above); `info` is opaque JSON shown by ListNodes().
  Status RegisterNode(const std::string& address, const std::string& info, int ttl_seconds = 10);
  StatusOr<std::vector<ClusterNode>> ListNodes();

  // Compacts etcd's key history up to the current revision (operations; tests of the resync).
  Status CompactHistory();

 private:
  struct Impl;
  explicit EtcdStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lever::storage
