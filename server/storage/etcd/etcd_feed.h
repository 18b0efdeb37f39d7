// EtcdFeed — follows Lever's prefix in etcd with one Watch stream and hands every commit that
// touched config items or namespaces to an ExternalChangeSink, in revision order, exactly once
// per feed (a commit is identified by its etcd revision; the watch resumes after the last one
// delivered).
//
// A commit is recognised by its write of the revision counter; its item and namespace puts and
// deletes become Mutations. Writes without a counter (history pruning, auth records, node
// registrations) are not config changes and are skipped.
//
// On a broken stream the feed moves to the next endpoint and resumes from the next revision.
// When etcd answers that the revision was compacted, it reloads the whole state
// (LoadSnapshot) and calls ReplaceAll(), then watches on from the snapshot's revision.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <etcdserverpb/rpc.grpc.pb.h>

#include "storage/etcd/etcd_client.h"
#include "storage/etcd/etcd_keys.h"
#include "storage/store.h"

namespace lever::storage::etcd {

class EtcdFeed {
 public:
  // Watches from etcd revision `start_revision` (inclusive). Nothing runs before Start().
  EtcdFeed(EtcdClient* client, const EtcdKeys* keys, ExternalChangeSink* sink, int64_t start_revision);
  ~EtcdFeed();  // Stop()
  EtcdFeed(const EtcdFeed&) = delete;
  EtcdFeed& operator=(const EtcdFeed&) = delete;

  void Start();
  // Cancels the stream and joins the thread; the sink is not called after it returns.
  void Stop();

 private:
  void Run();
  // One stream's life; returns true when the feed must resync (compaction).
  bool WatchOnce(size_t* endpoint_index);
  void Resync();
  void Deliver(const std::vector<const mvccpb::Event*>& commit);
  // Waits up to `ms` unless stopping; returns false when stopping.
  bool Pause(int ms);

  EtcdClient* client_;
  const EtcdKeys* keys_;
  ExternalChangeSink* sink_;
  int64_t next_revision_;  // feed thread only

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;                    // guarded by mutex_
  grpc::ClientContext* context_ = nullptr;   // the live stream's; guarded by mutex_
  std::thread thread_;
};

}  // namespace lever::storage::etcd
