// watch::WatchHub — who listens to which key, and the fan-out of committed changes to them
// (DESIGN.md decision 4). HTTP long-poll waiters, gRPC connections and console live views all
// register here, so a publish through any protocol reaches listeners of every protocol.
//
// Cost model: a change of key K costs O(listeners of K); Watch and Unwatch are O(1), also with
// thousands of listeners on one key (a woken long-poll unwatches while the others are woken);
// subscriptions live in shards keyed by the hash of the key, so unrelated keys do not contend.
// Watchers are called outside the shard lock, so a watcher may Watch/Unwatch from inside
// OnConfigChanged.
//
// Delivery: with Delivery::kOwnThread (what lever-server uses) OnChange only queues the event and
// returns, and one delivery thread hands events to watchers in queue order. The committing writer
// (which holds the service's write path while it calls OnChange) then never waits for a fan-out:
// a publish to a key with 10,000 listeners no longer stalls every other write while 10,000
// pushes are started. While an event of a key waits in the queue, a newer one of the same key
// replaces it in place (watchers only learn "this key changed"), so the queue holds at most one
// event per key and a hot key cannot make it grow without bound. Delivery::kOnCallerThread
// delivers inside OnChange, as after StopDelivery().
//
// Thread safety: every method is thread safe.
#pragma once

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/config_service.h"
#include "core/config_types.h"

namespace lever::watch {

// A party that wants to hear about changes of the keys it watches.
class Watcher {
 public:
  virtual ~Watcher() = default;
  // Called on the hub's delivery thread (or the committing writer's, see Delivery), in revision
  // order per key; intermediate revisions of a key may be skipped. Must not block: enqueue or
  // signal and return.
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

enum class Delivery { kOnCallerThread, kOwnThread };

class WatchHub : public core::ChangeListener {
 public:
  explicit WatchHub(Delivery delivery = Delivery::kOnCallerThread);
  ~WatchHub() override;  // StopDelivery()

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
  // all-keys watcher, or queues it for the delivery thread (see Delivery).
  void OnChange(const core::ChangeEvent& event) override;

  // Delivers what is queued, then stops the delivery thread; later changes are delivered on the
  // caller's thread. Idempotent. lever-server calls it before its protocol adapters go away.
  void StopDelivery();

  std::vector<ListenerInfo> ListenersOf(const core::ConfigKey& key) const;
  std::vector<WatchedKey> KeysWatchedBy(const std::string& client_ip) const;

  size_t subscription_count() const { return subscriptions_.load(std::memory_order_relaxed); }
  uint64_t delivered_count() const { return delivered_.load(std::memory_order_relaxed); }
  // Events that replaced a queued, not yet delivered event of the same key.
  uint64_t coalesced_count() const { return coalesced_.load(std::memory_order_relaxed); }

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
  void Deliver(const core::ChangeEvent& event);
  void RunDelivery();

  std::array<Shard, kShards> shards_;
  mutable std::mutex all_keys_mutex_;
  std::vector<std::shared_ptr<Watcher>> all_keys_;  // GUARDED_BY(all_keys_mutex_)
  std::atomic<size_t> subscriptions_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> coalesced_{0};

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<core::ConfigKey> queue_;  // GUARDED_BY(queue_mutex_): keys in delivery order
  std::unordered_map<core::ConfigKey, core::ChangeEvent, ConfigKeyHash>
      queued_;                  // GUARDED_BY(queue_mutex_): the event to deliver for each
  bool delivering_ = false;     // GUARDED_BY(queue_mutex_): the delivery thread takes events
  bool stop_delivery_ = false;  // GUARDED_BY(queue_mutex_)
  std::thread delivery_thread_;
};

}  // namespace lever::watch
