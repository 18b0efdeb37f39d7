#include "storage/etcd/etcd_feed.h"

#include "storage/etcd/etcd_log.h"

#include <algorithm>
#include <map>

#include "base/thread_name.h"
#include "storage/etcd/etcd_scan.h"
#include "storage/record_codec.h"

namespace lever::storage::etcd {

EtcdFeed::EtcdFeed(EtcdClient* client, const EtcdKeys* keys, ExternalChangeSink* sink, int64_t start_revision)
    : client_(client), keys_(keys), sink_(sink), next_revision_(start_revision) {}

EtcdFeed::~EtcdFeed() { Stop(); }

void EtcdFeed::Start() { thread_ = std::thread([this] { Run(); }); }

void EtcdFeed::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (context_) context_->TryCancel();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool EtcdFeed::Pause(int ms) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping_; });
  return !stopping_;
}

void EtcdFeed::Run() {
  SetCurrentThreadName("lever-etcd-feed");
  auto log = StorageLog();
  log->info("event=etcd_feed_start from_revision={}", next_revision_);
  int failures = 0;
  while (true) {
    size_t index = 0;
    const bool resync = WatchOnce(&index);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (resync) {
      Resync();
      failures = 0;
      continue;
    }
    ++failures;
    log->warn("event=etcd_watch_broken endpoint={} next_revision={} failures={}", client_->endpoint(index),
              next_revision_, failures);
    client_->MoveOnFrom(index);
    if (!Pause(std::min(100 * failures, 1000))) return;
  }
}

bool EtcdFeed::WatchOnce(size_t* endpoint_index) {
  auto stub = etcdserverpb::Watch::NewStub(client_->CurrentChannel(endpoint_index));
  grpc::ClientContext context;
  context.AddMetadata("hasleader", "true");  // etcd cancels the watch when its member loses the leader
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    context_ = &context;
  }
  auto stream = stub->Watch(&context);
  etcdserverpb::WatchRequest request;
  auto* create = request.mutable_create_request();
  create->set_key(keys_->prefix());
  create->set_range_end(PrefixEnd(keys_->prefix()));
  create->set_start_revision(next_revision_);
  create->set_progress_notify(true);
  bool resync = false;
  if (stream->Write(request)) {
    etcdserverpb::WatchResponse response;
    std::vector<const mvccpb::Event*> commit;
    while (stream->Read(&response)) {
      if (response.compact_revision() > 0) {
        StorageLog()->warn("event=etcd_watch_compacted needed_revision={} compact_revision={}",
                                     next_revision_, response.compact_revision());
        resync = true;
        break;
      }
      if (response.canceled()) break;
      // Events arrive in revision order; one commit's events share a revision.
      commit.clear();
      for (const mvccpb::Event& event : response.events()) {
        if (!commit.empty() && commit.front()->kv().mod_revision() != event.kv().mod_revision()) {
          Deliver(commit);
          commit.clear();
        }
        commit.push_back(&event);
      }
      if (!commit.empty()) Deliver(commit);
    }
  }
  context.TryCancel();
  stream->Finish();
  std::lock_guard lock(mutex_);
  context_ = nullptr;
  return resync;
}

void EtcdFeed::Deliver(const std::vector<const mvccpb::Event*>& commit) {
  auto log = StorageLog();
  const int64_t etcd_revision = commit.front()->kv().mod_revision();
  std::vector<Mutation> batch;
  std::optional<uint64_t> revision;
  std::map<std::pair<core::ConfigKey, std::string>, uint64_t> history_nids;  // (key, gray) -> nid
  for (const mvccpb::Event* event : commit) {
    const std::string& key = event->kv().key();
    const bool put = event->type() == mvccpb::Event::PUT;
    if (key == keys_->Revision()) {
      if (put) revision = EtcdKeys::ParseCounter(event->kv().value());
    } else if (put && key.rfind(keys_->HistoryPrefix(), 0) == 0) {
      if (auto row = DecodeHistoryEntry(event->kv().value()); row.ok()) {
        uint64_t& nid = history_nids[{row->key, row->gray_name}];
        nid = std::max(nid, row->nid);
      }
    } else if (auto item_key = keys_->ParseItem(key)) {
      Mutation m;
      m.kind = put ? Mutation::Kind::kPutItem : Mutation::Kind::kDeleteItem;
      if (put) {
        auto item = DecodeConfigItem(event->kv().value());
        if (!item.ok()) {
          log->error("event=etcd_feed_corrupt_item revision={} error=\"{}\"", etcd_revision, item.status().ToString());
          continue;
        }
        m.item = std::move(*item);
      } else {
        m.item.key = item_key->first;
        m.item.gray_name = item_key->second;
      }
      batch.push_back(std::move(m));
    } else if (key.rfind(keys_->NamespacePrefix(), 0) == 0) {
      Mutation m;
      m.kind = put ? Mutation::Kind::kPutNamespace : Mutation::Kind::kDeleteNamespace;
      if (put) {
        auto ns = DecodeNamespace(event->kv().value());
        if (!ns.ok()) continue;
        m.ns = std::move(*ns);
      } else {
        m.ns.id = key.substr(keys_->NamespacePrefix().size());
      }
      batch.push_back(std::move(m));
    }
  }
  next_revision_ = etcd_revision + 1;
  if (!revision) return;  // not a config commit
  // Each mutation's own revision: the history row written with it, else the commit's highest.
  for (Mutation& m : batch) {
    auto nid = history_nids.find({m.item.key, m.item.gray_name});
    m.revision = m.kind == Mutation::Kind::kPutItem || m.kind == Mutation::Kind::kDeleteItem
                     ? (nid != history_nids.end() ? nid->second : *revision)
                     : *revision;
  }
  sink_->ApplyExternal(batch, *revision);
}

void EtcdFeed::Resync() {
  auto log = StorageLog();
  for (int attempt = 1;; ++attempt) {
    EtcdSnapshot snap;
    Status s = LoadSnapshot(*client_, *keys_, &snap);
    if (s.ok()) {
      log->warn("event=etcd_feed_resync items={} namespaces={} revision={} etcd_revision={}", snap.items.size(),
                snap.namespaces.size(), snap.lever_revision, snap.etcd_revision);
      next_revision_ = snap.etcd_revision + 1;
      sink_->ReplaceAll(std::move(snap.items), std::move(snap.namespaces), snap.lever_revision);
      return;
    }
    log->warn("event=etcd_feed_resync_failed attempt={} error=\"{}\"", attempt, s.ToString());
    if (!Pause(std::min(200 * attempt, 2000))) return;
  }
}

}  // namespace lever::storage::etcd
