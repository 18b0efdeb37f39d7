#include "api/http/long_poll_service.h"

#include <chrono>

#include "watch/watch_hub.h"

namespace lever::http {

// Receives changes of the polled keys and wakes the HTTP thread waiting in Poll().
class LongPollService::Waiter : public watch::Watcher {
 public:
  explicit Waiter(std::vector<core::ConfigKey> keys) : keys_(std::move(keys)) {}

  void OnConfigChanged(const core::ChangeEvent& event) override {
    std::lock_guard lock(mutex_);
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == event.key) signaled_.insert(i);
    }
    cv_.notify_one();
  }

  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    cv_.notify_one();
  }

  // Waits until a key is signaled, the deadline passes or the poll is cancelled; returns (and
  // clears) the signaled indices, empty on timeout or cancel.
  std::set<size_t> Wait(std::chrono::steady_clock::time_point deadline, bool* finished) {
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, deadline, [&] { return cancelled_ || !signaled_.empty(); });
    *finished = cancelled_ || std::chrono::steady_clock::now() >= deadline;
    return std::exchange(signaled_, {});
  }

 private:
  const std::vector<core::ConfigKey> keys_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<size_t> signaled_;  // GUARDED_BY(mutex_)
  bool cancelled_ = false;     // GUARDED_BY(mutex_)
};

LongPollService::LongPollService(core::ConfigService* service, watch::WatchHub* hub,
                                 LongPollOptions options)
    : service_(service), hub_(hub), options_(options) {}

LongPollService::~LongPollService() { Shutdown(); }

int64_t LongPollService::HoldMillis(int64_t timeout_ms) const {
  return std::max(options_.min_hold_ms, timeout_ms - options_.hold_margin_ms);
}

std::vector<size_t> LongPollService::Changed(const std::vector<PollKey>& keys,
                                             const core::ReadContext& reader,
                                             const std::set<size_t>* only) const {
  std::vector<size_t> changed;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (only && !only->count(i)) continue;
    if (service_->CurrentMd5(keys[i].key, reader) != keys[i].client_md5) changed.push_back(i);
  }
  return changed;
}

StatusOr<std::vector<size_t>> LongPollService::Poll(const std::vector<PollKey>& keys,
                                                    const core::ReadContext& reader,
                                                    int64_t timeout_ms, bool hold) {
  std::vector<size_t> changed = Changed(keys, reader, nullptr);
  if (!changed.empty() || !hold) return changed;

  std::vector<core::ConfigKey> plain_keys;
  plain_keys.reserve(keys.size());
  for (const auto& k : keys) plain_keys.push_back(k.key);
  auto waiter = std::make_shared<Waiter>(std::move(plain_keys));
  {
    std::lock_guard lock(waiters_mutex_);
    if (shutting_down_) return Status::Unavailable("server is shutting down");
    if (active_.load() >= options_.max_waiters) {
      rejected_.fetch_add(1, std::memory_order_relaxed);
      return Status::ResourceExhausted("too many long-polling clients, retry later");
    }
    active_.fetch_add(1);
    waiters_.insert(waiter);
  }
  for (const auto& k : keys) hub_->Watch(k.key, waiter, reader.client_ip, k.client_md5);

  // A change committed between the first check and Watch() produced no event for us: look again.
  changed = Changed(keys, reader, nullptr);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(HoldMillis(timeout_ms));
  bool finished = false;
  while (changed.empty() && !finished) {
    std::set<size_t> signaled = waiter->Wait(deadline, &finished);
    // An event means "the key changed"; whether it changed for *this* client (gray variants)
    // is decided by comparing md5s again.
    if (!signaled.empty()) changed = Changed(keys, reader, &signaled);
  }
  if (!changed.empty()) woken_.fetch_add(1, std::memory_order_relaxed);

  for (const auto& k : keys) hub_->Unwatch(k.key, waiter.get());
  {
    std::lock_guard lock(waiters_mutex_);
    waiters_.erase(waiter);
    active_.fetch_sub(1);
  }
  return changed;
}

void LongPollService::Shutdown() {
  std::lock_guard lock(waiters_mutex_);
  shutting_down_ = true;
  for (const auto& w : waiters_) w->Cancel();
}

}  // namespace lever::http
