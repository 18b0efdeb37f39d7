// NodeRegistry — keeps `<prefix>nodes/<address>` alive in etcd while this server runs: the key
// is attached to a lease of `ttl_seconds`, renewed every ttl/3 from a background thread, and
// re-created (new lease) when etcd lost it (e.g. after a long partition). Stop() revokes the
// lease, so a cleanly stopped server disappears at once; a killed one after the TTL.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "base/status.h"
#include "storage/etcd/etcd_client.h"

namespace lever::storage::etcd {

class NodeRegistry {
 public:
  NodeRegistry(EtcdClient* client, std::string key, std::string value, int ttl_seconds);
  ~NodeRegistry();  // Stop()

  // Registers once (must succeed) and starts the keep-alive thread.
  Status Start();
  void Stop();

 private:
  Status Register();  // new lease + put
  void KeepAliveLoop();

  EtcdClient* client_;
  const std::string key_;
  const std::string value_;
  const int ttl_seconds_;
  int64_t lease_id_ = 0;  // keep-alive thread only after Start()

  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace lever::storage::etcd
