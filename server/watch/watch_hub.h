// watch::WatchHub — who listens to which key, and the fan-out of committed changes to them
// (DESIGN.md decision 4). HTTP long-poll waiters, gRPC connections and console live views all
// register here, so a publish through any protocol reaches listeners of every protocol.
//
// Cost model: a change of key K costs O(listeners of K); Watch and Unwatch are O(1), also with
// thousands of listeners on one key (a woken long-poll unwatches while the others are woken);
// subscriptions live in shards keyed by the hash of the key, so unrelated keys do not contend. Watchers are called outside the shard
// lock, so a watcher may Watch/Unwatch from inside OnConfigChanged.
//
// Thread safety: every method is thread safe.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config_service.h"
#include "core/config_types.h"

namespace lever::watch {

// A party that wants to hear about changes of the keys it watches.
class Watcher {
 public:
  virtual ~Watcher() = default;
  // Called on the committing writer's thread, in revision order per key. Must not block: enqueue
  // or signal and return.
  virtual void OnConfigChanged(const core::ChangeEvent& event) = 0;
};

// One row of the Nacos listener queries (nacos-protocol.md §4.6).
struct ListenerInfo {
  std::string client_ip;
  std::string md5;  // the md5 the client last reported for the key
};

struct WatchedKey {
  core::ConfigKey key;
  std::string md5;
};

struct ConfigKeyHash {
  size_t operator()(const core::ConfigKey& k) const noexcept;
};

class WatchHub : public core::ChangeListener {
 public:
  WatchHub();
  ~WatchHub() override;

  // Adds `watcher` to the listeners of `key`, or updates the md5 / IP it reported. The hub keeps
  // a strong reference until Unwatch().
  void Watch(const core::ConfigKey& key, std::shared_ptr<Watcher> watcher, std::string client_ip,
             std::string md5);
  // Removes `watcher` from `key`. No-op when it is not there.
  void Unwatch(const core::ConfigKey& key, const Watcher* watcher);

  // Adds `watcher` to the watchers of every key (console live views). Kept until UnwatchAll().
  void WatchAll(std::shared_ptr<Watcher> watcher);
  void UnwatchAll(const Watcher* watcher);

  // core::ChangeListener: delivers `event` to every watcher of event.key and to every
  // all-keys watcher.
  void OnChange(const core::ChangeEvent& event) override;

  std::vector<ListenerInfo> ListenersOf(const core::ConfigKey& key) const;
  std::vector<WatchedKey> KeysWatchedBy(const std::string& client_ip) const;

  size_t subscription_count() const { return subscriptions_.load(std::memory_order_relaxed); }
  uint64_t delivered_count() const { return delivered_.load(std::memory_order_relaxed); }

 private:
  struct Subscription {
    std::shared_ptr<Watcher> watcher;
    std::string client_ip;
    std::string md5;
  };
  // The watchers of one key: a dense list for the fan-out, and where each watcher sits in it.
  struct Subscribers {
    std::vector<Subscription> list;
    std::unordered_map<const Watcher*, size_t> position;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<core::ConfigKey, Subscribers, ConfigKeyHash> by_key;  // GUARDED_BY(mutex)
  };
  static constexpr size_t kShards = 64;

  Shard& ShardOf(const core::ConfigKey& key);
  const Shard& ShardOf(const core::ConfigKey& key) const;

  std::array<Shard, kShards> shards_;
  mutable std::mutex all_keys_mutex_;
  std::vector<std::shared_ptr<Watcher>> all_keys_;  // GUARDED_BY(all_keys_mutex_)
  std::atomic<size_t> subscriptions_{0};
  std::atomic<uint64_t> delivered_{0};
};

}  // namespace lever::watch
