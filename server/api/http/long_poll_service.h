// LongPollService: the server side of POST /nacos/v1/cs/configs/listener (nacos-protocol.md §5.2).
//
// A poll compares the client's md5s with what that client would be served; any difference is
// answered at once. Otherwise the calling HTTP thread waits (up to max(min_hold, timeout - 500 ms))
// as a watch::Watcher on the shared WatchHub, so a publish through any protocol completes it
// with only the keys whose md5 really changed for this client.
//
// Capacity: each held poll occupies one HTTP thread, so polls are capped (max_waiters); past the
// cap Poll() answers ResourceExhausted (HTTP 503, as Nacos does) instead of starving ordinary
// requests of threads.
//
// Thread safety: all methods are thread safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "base/status.h"
#include "core/config_service.h"
#include "watch/watch_hub.h"

namespace lever::http {

struct LongPollOptions {
  size_t max_waiters = 1500;
  int64_t min_hold_ms = 10000;  // Nacos MIN_LONG_POOLING_TIMEOUT
  int64_t hold_margin_ms = 500;  // answered this much before the client's timeout
};

struct PollKey {
  core::ConfigKey key;
  std::string client_md5;
};

class LongPollService {
 public:
  LongPollService(core::ConfigService* service, watch::WatchHub* hub, LongPollOptions options);
  ~LongPollService();

  // Indices (into `keys`) of the keys whose md5 differs for `reader`, waiting for a change when
  // none differs and `hold` is true. `timeout_ms` is the client's Long-Pulling-Timeout.
  StatusOr<std::vector<size_t>> Poll(const std::vector<PollKey>& keys, const core::ReadContext& reader,
                                     int64_t timeout_ms, bool hold);

  // Completes every held poll (empty answer) and refuses new holds. Idempotent.
  void Shutdown();

  size_t active() const { return active_.load(std::memory_order_relaxed); }
  uint64_t completed_by_change() const { return woken_.load(std::memory_order_relaxed); }
  uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }
  int64_t HoldMillis(int64_t timeout_ms) const;

 private:
  class Waiter;
  std::vector<size_t> Changed(const std::vector<PollKey>& keys, const core::ReadContext& reader,
                              const std::set<size_t>* only) const;

  core::ConfigService* service_;
  watch::WatchHub* hub_;
  LongPollOptions options_;
  std::atomic<size_t> active_{0};
  std::atomic<uint64_t> woken_{0};
  std::atomic<uint64_t> rejected_{0};

  std::mutex waiters_mutex_;
  std::set<std::shared_ptr<Waiter>> waiters_;  // GUARDED_BY(waiters_mutex_)
  bool shutting_down_ = false;                 // GUARDED_BY(waiters_mutex_)
};

}  // namespace lever::http
