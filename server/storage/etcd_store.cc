#include "storage/etcd_store.h"

#include "storage/etcd/etcd_log.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <mutex>
#include <random>

#include "storage/etcd/etcd_client.h"
#include "storage/etcd/etcd_feed.h"
#include "storage/etcd/etcd_keys.h"
#include "storage/etcd/etcd_scan.h"
#include "storage/etcd/node_registry.h"
#include "storage/record_codec.h"

namespace lever::storage {

using etcd::EtcdKeys;
using etcdserverpb::RequestOp;

struct EtcdStore::Impl {
  EtcdStoreOptions options;
  std::unique_ptr<etcd::EtcdClient> client;
  EtcdKeys keys{""};
  std::atomic<int64_t> loaded_revision{0};
  std::mutex feed_mutex;
  std::unique_ptr<etcd::EtcdFeed> feed;          // guarded by feed_mutex
  std::unique_ptr<etcd::NodeRegistry> registry;  // guarded by feed_mutex
};

namespace {

RequestOp PutOp(std::string key, std::string value) {
  RequestOp op;
  op.mutable_request_put()->set_key(std::move(key));
  op.mutable_request_put()->set_value(std::move(value));
  return op;
}

RequestOp DeleteOp(std::string key) {
  RequestOp op;
  op.mutable_request_delete_range()->set_key(std::move(key));
  return op;
}

RequestOp RangeOp(std::string key, int64_t revision) {
  RequestOp op;
  op.mutable_request_range()->set_key(std::move(key));
  op.mutable_request_range()->set_revision(revision);
  return op;
}

std::string Nonce() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// etcd refuses a Txn that writes one key twice: the last write of a key wins, in place.
class TxnOps {
 public:
  void Put(std::string key, std::string value) { Set(key, PutOp(key, std::move(value))); }
  void Delete(std::string key) { Set(key, DeleteOp(key)); }
  void MoveInto(google::protobuf::RepeatedPtrField<RequestOp>* out) {
    for (RequestOp& op : ops_) *out->Add() = std::move(op);
  }

 private:
  void Set(const std::string& key, RequestOp op) {
    auto [it, inserted] = index_.emplace(key, ops_.size());
    if (inserted) {
      ops_.push_back(std::move(op));
    } else {
      ops_[it->second] = std::move(op);
    }
  }
  std::vector<RequestOp> ops_;
  std::map<std::string, size_t> index_;
};

}  // namespace

StatusOr<std::unique_ptr<EtcdStore>> EtcdStore::Open(EtcdStoreOptions options) {
  if (options.prefix.empty()) return Status::InvalidArgument("etcd key prefix must not be empty");
  auto impl = std::make_unique<Impl>();
  auto client = etcd::EtcdClient::Create({options.endpoints, options.call_timeout});
  if (!client.ok()) return client.status();
  impl->client = std::move(*client);
  impl->keys = EtcdKeys(options.prefix);
  impl->options = std::move(options);
  // Create the counter when missing (a value compare on a missing key always fails in etcd).
  etcdserverpb::TxnRequest init;
  auto* cmp = init.add_compare();
  cmp->set_key(impl->keys.Revision());
  cmp->set_target(etcdserverpb::Compare::VERSION);
  cmp->set_result(etcdserverpb::Compare::EQUAL);
  cmp->set_version(0);
  *init.add_success() = PutOp(impl->keys.Revision(), EtcdKeys::CounterValue(0, "init"));
  auto r = impl->client->Txn(init);
  if (!r.ok()) return Status(r.status().code(), "cannot reach etcd: " + r.status().message());
  etcd::StorageLog()->info("event=etcd_store_open endpoints={} prefix={} created_counter={}",
                               impl->options.endpoints.size(), impl->keys.prefix(), r->succeeded());
  return std::unique_ptr<EtcdStore>(new EtcdStore(std::move(impl)));
}

EtcdStore::EtcdStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EtcdStore::~EtcdStore() {
  StopFeed();
  std::lock_guard lock(impl_->feed_mutex);
  impl_->registry.reset();
}

Status EtcdStore::Apply(const std::vector<Mutation>& batch) {
  if (batch.empty()) return Status::Ok();
  const EtcdKeys& keys = impl_->keys;
  uint64_t lowest = std::numeric_limits<uint64_t>::max(), highest = 0;
  TxnOps ops;
  for (const Mutation& m : batch) {
    for (uint64_t rev : {m.revision, m.history ? m.history->nid : 0}) {
      if (rev == 0) continue;
      lowest = std::min(lowest, rev);
      highest = std::max(highest, rev);
    }
    switch (m.kind) {
      case Mutation::Kind::kPutItem:
        ops.Put(keys.Item(m.item.key, m.item.gray_name), EncodeConfigItem(m.item));
        break;
      case Mutation::Kind::kDeleteItem:
        ops.Delete(keys.Item(m.item.key, m.item.gray_name));
        break;
      case Mutation::Kind::kPutNamespace:
        ops.Put(keys.Namespace(m.ns.id), EncodeNamespace(m.ns));
        break;
      case Mutation::Kind::kDeleteNamespace:
        ops.Delete(keys.Namespace(m.ns.id));
        break;
    }
    if (m.history) {
      ops.Put(keys.History(m.history->nid), EncodeHistoryEntry(*m.history));
      ops.Put(keys.HistoryIndex(m.history->key, m.history->nid), "");
    }
  }
  if (highest == 0) return Status::InvalidArgument("a batch needs revisions");
  const std::string counter = EtcdKeys::CounterValue(highest, Nonce());
  ops.Put(keys.Revision(), counter);

  etcdserverpb::TxnRequest txn;
  auto* cmp = txn.add_compare();
  cmp->set_key(keys.Revision());
  cmp->set_target(etcdserverpb::Compare::VALUE);
  cmp->set_result(etcdserverpb::Compare::LESS);
  cmp->set_value(EtcdKeys::Padded(lowest));
  ops.MoveInto(txn.mutable_success());
  *txn.add_failure() = RangeOp(keys.Revision(), 0);
  auto r = impl_->client->Txn(txn);
  if (!r.ok()) return r.status();
  if (r->succeeded()) return Status::Ok();
  std::string stored;
  if (r->responses_size() > 0 && r->responses(0).response_range().kvs_size() > 0) {
    stored = r->responses(0).response_range().kvs(0).value();
  }
  if (stored == counter) return Status::Ok();  // our own earlier attempt committed
  return Status::CasConflict("store revision moved to " + stored.substr(0, 20) + ", batch starts at " +
                             std::to_string(lowest));
}

Status EtcdStore::LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                          const std::function<void(core::Namespace&&)>& on_namespace, uint64_t* last_revision) {
  etcd::EtcdSnapshot snap;
  LEVER_RETURN_IF_ERROR(etcd::LoadSnapshot(*impl_->client, impl_->keys, &snap));
  for (core::ConfigItem& item : snap.items) on_item(std::move(item));
  for (core::Namespace& ns : snap.namespaces) on_namespace(std::move(ns));
  *last_revision = snap.lever_revision;
  impl_->loaded_revision = snap.etcd_revision;
  return Status::Ok();
}

int64_t EtcdStore::loaded_etcd_revision() const { return impl_->loaded_revision; }

StatusOr<HistoryPage> EtcdStore::ListHistory(const core::ConfigKey& key, uint64_t offset, uint64_t limit) {
  const std::string prefix = impl_->keys.HistoryIndexPrefix(key);
  // Newest first: collect the index (keys only) at one revision, then fetch the page's rows there.
  std::vector<uint64_t> nids;
  int64_t revision = 0;
  LEVER_RETURN_IF_ERROR(etcd::ScanRange(
      *impl_->client, prefix, etcd::PrefixEnd(prefix), &revision,
      [&](const mvccpb::KeyValue& kv) {
        if (auto nid = EtcdKeys::TrailingNumber(kv.key())) nids.push_back(*nid);
        return true;
      },
      /*keys_only=*/true));
  HistoryPage page;
  page.total_count = nids.size();
  std::reverse(nids.begin(), nids.end());
  if (offset >= nids.size() || limit == 0) return page;
  nids.erase(nids.begin(), nids.begin() + static_cast<long>(offset));
  if (nids.size() > limit) nids.resize(limit);
  constexpr size_t kChunk = 100;  // under etcd's default --max-txn-ops (128)
  for (size_t start = 0; start < nids.size(); start += kChunk) {
    etcdserverpb::TxnRequest txn;
    for (size_t i = start; i < std::min(nids.size(), start + kChunk); ++i) {
      *txn.add_success() = RangeOp(impl_->keys.History(nids[i]), revision);
    }
    auto r = impl_->client->Txn(txn);
    if (!r.ok()) return r.status();
    for (const auto& response : r->responses()) {
      if (response.response_range().kvs_size() == 0) continue;
      auto entry = DecodeHistoryEntry(response.response_range().kvs(0).value());
      if (!entry.ok()) return entry.status();
      page.entries.push_back(std::move(*entry));
    }
  }
  return page;
}

StatusOr<std::optional<core::HistoryEntry>> EtcdStore::GetHistory(uint64_t nid) {
  etcdserverpb::RangeRequest request;
  request.set_key(impl_->keys.History(nid));
  auto r = impl_->client->Range(request);
  if (!r.ok()) return r.status();
  if (r->kvs_size() == 0) return std::optional<core::HistoryEntry>();
  auto entry = DecodeHistoryEntry(r->kvs(0).value());
  if (!entry.ok()) return entry.status();
  return std::optional<core::HistoryEntry>(std::move(*entry));
}

StatusOr<std::vector<core::HistoryEntry>> EtcdStore::HistorySince(uint64_t after_revision, uint64_t limit) {
  std::vector<core::HistoryEntry> out;
  if (limit == 0 || after_revision == std::numeric_limits<uint64_t>::max()) return out;
  int64_t revision = 0;
  LEVER_RETURN_IF_ERROR(etcd::ScanDecoded(*impl_->client, impl_->keys.History(after_revision + 1),
                                          etcd::PrefixEnd(impl_->keys.HistoryPrefix()), &revision, DecodeHistoryEntry,
                                          &out, static_cast<size_t>(std::min<uint64_t>(limit, SIZE_MAX))));
  return out;
}

StatusOr<uint64_t> EtcdStore::PruneHistory(int64_t before_time_ms) {
  std::vector<std::pair<uint64_t, core::ConfigKey>> doomed;
  int64_t revision = 0;
  LEVER_RETURN_IF_ERROR(etcd::ScanRange(*impl_->client, impl_->keys.HistoryPrefix(),
                                        etcd::PrefixEnd(impl_->keys.HistoryPrefix()), &revision,
                                        [&](const mvccpb::KeyValue& kv) {
                                          auto entry = DecodeHistoryEntry(kv.value());
                                          if (entry.ok() && entry->time_ms < before_time_ms) {
                                            doomed.emplace_back(entry->nid, entry->key);
                                          }
                                          return true;
                                        }));
  uint64_t removed = 0;
  constexpr size_t kRowsPerTxn = 50;  // two deletes per row, under --max-txn-ops 128
  for (size_t start = 0; start < doomed.size(); start += kRowsPerTxn) {
    etcdserverpb::TxnRequest txn;
    const size_t end = std::min(doomed.size(), start + kRowsPerTxn);
    for (size_t i = start; i < end; ++i) {
      *txn.add_success() = DeleteOp(impl_->keys.History(doomed[i].first));
      *txn.add_success() = DeleteOp(impl_->keys.HistoryIndex(doomed[i].second, doomed[i].first));
    }
    auto r = impl_->client->Txn(txn);
    if (!r.ok()) return r.status();
    for (int i = 0; i < r->responses_size(); i += 2) removed += r->responses(i).response_delete_range().deleted();
  }
  return removed;
}

Status EtcdStore::PutAuthRecord(const std::string& key, const std::string& value) {
  etcdserverpb::PutRequest put;
  put.set_key(impl_->keys.AuthPrefix() + key);
  put.set_value(value);
  auto r = impl_->client->Put(put);
  return r.ok() ? Status::Ok() : r.status();
}

Status EtcdStore::CreateAuthRecord(const std::string& key, const std::string& value) {
  etcdserverpb::TxnRequest txn;
  auto* cmp = txn.add_compare();
  cmp->set_key(impl_->keys.AuthPrefix() + key);
  cmp->set_target(etcdserverpb::Compare::VERSION);
  cmp->set_result(etcdserverpb::Compare::EQUAL);
  cmp->set_version(0);
  *txn.add_success() = PutOp(impl_->keys.AuthPrefix() + key, value);
  auto r = impl_->client->Txn(txn);
  if (!r.ok()) return r.status();
  return r->succeeded() ? Status::Ok() : Status::AlreadyExists(key);
}

Status EtcdStore::DeleteAuthRecord(const std::string& key) {
  etcdserverpb::DeleteRangeRequest del;
  del.set_key(impl_->keys.AuthPrefix() + key);
  auto r = impl_->client->DeleteRange(del);
  return r.ok() ? Status::Ok() : r.status();
}

StatusOr<std::vector<AuthRecord>> EtcdStore::ListAuthRecords(const std::string& prefix) {
  const std::string begin = impl_->keys.AuthPrefix() + prefix;
  const size_t strip = impl_->keys.AuthPrefix().size();
  std::vector<AuthRecord> out;
  int64_t revision = 0;
  LEVER_RETURN_IF_ERROR(etcd::ScanRange(*impl_->client, begin, etcd::PrefixEnd(begin), &revision,
                                        [&](const mvccpb::KeyValue& kv) {
                                          out.push_back({kv.key().substr(strip), kv.value()});
                                          return true;
                                        }));
  return out;
}

Status EtcdStore::StartFeed(ExternalChangeSink* sink, int64_t after_etcd_revision) {
  std::lock_guard lock(impl_->feed_mutex);
  if (impl_->feed) return Status::Internal("the etcd change feed is already running");
  const int64_t after = after_etcd_revision > 0 ? after_etcd_revision : impl_->loaded_revision.load();
  impl_->feed = std::make_unique<etcd::EtcdFeed>(impl_->client.get(), &impl_->keys, sink, after + 1);
  impl_->feed->Start();
  return Status::Ok();
}

void EtcdStore::StopFeed() {
  std::unique_ptr<etcd::EtcdFeed> feed;
  {
    std::lock_guard lock(impl_->feed_mutex);
    feed = std::move(impl_->feed);
  }
  if (feed) feed->Stop();
}

Status EtcdStore::RegisterNode(const std::string& address, const std::string& info, int ttl_seconds) {
  std::lock_guard lock(impl_->feed_mutex);
  if (impl_->registry) return Status::Internal("this store already registered a node");
  auto registry = std::make_unique<etcd::NodeRegistry>(impl_->client.get(), impl_->keys.NodePrefix() + address, info,
                                                        ttl_seconds);
  LEVER_RETURN_IF_ERROR(registry->Start());
  impl_->registry = std::move(registry);
  return Status::Ok();
}

StatusOr<std::vector<ClusterNode>> EtcdStore::ListNodes() {
  const std::string prefix = impl_->keys.NodePrefix();
  std::vector<ClusterNode> nodes;
  int64_t revision = 0;
  LEVER_RETURN_IF_ERROR(etcd::ScanRange(*impl_->client, prefix, etcd::PrefixEnd(prefix), &revision,
                                        [&](const mvccpb::KeyValue& kv) {
                                          nodes.push_back({kv.key().substr(prefix.size()), kv.value()});
                                          return true;
                                        }));
  return nodes;
}

Status EtcdStore::CompactHistory() {
  etcdserverpb::RangeRequest request;
  request.set_key(impl_->keys.Revision());
  auto r = impl_->client->Range(request);
  if (!r.ok()) return r.status();
  return impl_->client->Compact(r->header().revision());
}

}  // namespace lever::storage
