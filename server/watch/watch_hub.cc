#include "watch/watch_hub.h"

#include <algorithm>
#include <functional>

#include "base/thread_name.h"

namespace lever::watch {

size_t ConfigKeyHash::operator()(const core::ConfigKey& k) const noexcept {
  std::hash<std::string> h;
  size_t seed = h(k.data_id);
  seed ^= h(k.group) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  seed ^= h(k.tenant) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  return seed;
}

WatchHub::WatchHub(Delivery delivery) {
  if (delivery == Delivery::kOwnThread) {
    delivering_ = true;
    delivery_thread_ = std::thread([this] { RunDelivery(); });
  }
}

WatchHub::~WatchHub() { StopDelivery(); }

void WatchHub::StopDelivery() {
  {
    std::lock_guard lock(queue_mutex_);
    stop_delivery_ = true;
  }
  queue_cv_.notify_all();
  if (delivery_thread_.joinable()) delivery_thread_.join();
}

void WatchHub::RunDelivery() {
  SetCurrentThreadName("lever-watch");
  std::unique_lock lock(queue_mutex_);
  while (true) {
    queue_cv_.wait(lock, [&] { return !queue_.empty() || stop_delivery_; });
    if (queue_.empty()) break;  // stopping, and everything queued was delivered
    const auto node = queued_.extract(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Deliver(node.mapped());
    lock.lock();
  }
  delivering_ = false;  // from now on OnChange delivers on its caller's thread
}

WatchHub::Shard& WatchHub::ShardOf(const core::ConfigKey& key) {
  return shards_[ConfigKeyHash{}(key) % kShards];
}
const WatchHub::Shard& WatchHub::ShardOf(const core::ConfigKey& key) const {
  return shards_[ConfigKeyHash{}(key) % kShards];
}

void WatchHub::Watch(const core::ConfigKey& key, std::shared_ptr<Watcher> watcher,
                     std::string client_ip, std::string md5) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  Subscribers& subs = shard.by_key[key];
  auto [at, fresh] = subs.position.try_emplace(watcher.get(), subs.list.size());
  if (!fresh) {
    Subscription& s = subs.list[at->second];
    s.client_ip = std::move(client_ip);
    s.md5 = std::move(md5);
    return;
  }
  subs.list.push_back({std::move(watcher), std::move(client_ip), std::move(md5)});
  subscriptions_.fetch_add(1, std::memory_order_relaxed);
}

void WatchHub::Unwatch(const core::ConfigKey& key, const Watcher* watcher) {
  std::shared_ptr<Watcher> released;  // destroyed after the lock is dropped
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.by_key.find(key);
  if (it == shard.by_key.end()) return;
  Subscribers& subs = it->second;
  auto at = subs.position.find(watcher);
  if (at == subs.position.end()) return;
  const size_t index = at->second;
  subs.position.erase(at);
  released = std::move(subs.list[index].watcher);
  // Order among watchers of one key does not matter: swap-remove keeps this O(1).
  if (index != subs.list.size() - 1) {
    subs.list[index] = std::move(subs.list.back());
    subs.position[subs.list[index].watcher.get()] = index;
  }
  subs.list.pop_back();
  if (subs.list.empty()) shard.by_key.erase(it);
  subscriptions_.fetch_sub(1, std::memory_order_relaxed);
}

void WatchHub::WatchAll(std::shared_ptr<Watcher> watcher) {
  std::lock_guard lock(all_keys_mutex_);
  all_keys_.push_back(std::move(watcher));
}

void WatchHub::UnwatchAll(const Watcher* watcher) {
  std::shared_ptr<Watcher> released;  // destroyed after the lock is dropped
  std::lock_guard lock(all_keys_mutex_);
  auto it = std::find_if(all_keys_.begin(), all_keys_.end(),
                         [&](const auto& w) { return w.get() == watcher; });
  if (it == all_keys_.end()) return;
  released = std::move(*it);
  all_keys_.erase(it);
}

void WatchHub::OnChange(const core::ChangeEvent& event) {
  {
    std::lock_guard lock(queue_mutex_);
    if (delivering_) {
      auto [it, fresh] = queued_.try_emplace(event.key, event);
      if (fresh) {
        queue_.push_back(event.key);
        queue_cv_.notify_one();
      } else {
        it->second = event;  // a newer revision of a key still waiting: same place in the queue
        coalesced_.fetch_add(1, std::memory_order_relaxed);
      }
      return;
    }
  }
  Deliver(event);
}

void WatchHub::Deliver(const core::ChangeEvent& event) {
  std::vector<std::shared_ptr<Watcher>> targets;
  {
    std::lock_guard lock(all_keys_mutex_);
    targets = all_keys_;
  }
  {
    Shard& shard = ShardOf(event.key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.by_key.find(event.key);
    if (it != shard.by_key.end()) {
      targets.reserve(targets.size() + it->second.list.size());
      for (const auto& s : it->second.list) targets.push_back(s.watcher);
    }
  }
  for (const auto& w : targets) w->OnConfigChanged(event);
  delivered_.fetch_add(targets.size(), std::memory_order_relaxed);
}

std::vector<ListenerInfo> WatchHub::ListenersOf(const core::ConfigKey& key) const {
  std::vector<ListenerInfo> out;
  const Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.by_key.find(key);
  if (it == shard.by_key.end()) return out;
  for (const auto& s : it->second.list) out.push_back({s.client_ip, s.md5});
  return out;
}

std::vector<WatchedKey> WatchHub::KeysWatchedBy(const std::string& client_ip) const {
  std::vector<WatchedKey> out;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (const auto& [key, subs] : shard.by_key) {
      for (const auto& s : subs.list) {
        if (s.client_ip == client_ip) out.push_back({key, s.md5});
      }
    }
  }
  return out;
}

}  // namespace lever::watch
