// LongPollService: the server side of POST /nacos/v1/cs/configs/listener (nacos-protocol.md §5.2).
//
// A poll compares the client's md5s with what that client would be served; any difference is
// answered at once. Otherwise the poll is parked, without a thread, as a watch::Watcher on the
// shared WatchHub (up to max(min_hold, timeout - 500 ms)): a publish through any protocol
// completes it with only the keys whose md5 really changed for this client, and the hold's end
// completes it empty. Completions run on the service's own completer threads (never on the
// committing writer's thread), which call the poll's callback; the HTTP transport writes the
// answer from there.
//
// Capacity: held polls are capped (max_waiters); past the cap a poll is answered
// ResourceExhausted (HTTP 503, as Nacos does).
//
// Thread safety: all methods are thread safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "base/status.h"
#include "core/config_service.h"
#include "watch/watch_hub.h"

namespace lever::http {

struct LongPollOptions {
  size_t max_waiters = 1500;
  int64_t min_hold_ms = 10000;  // Nacos MIN_LONG_POOLING_TIMEOUT
  int64_t hold_margin_ms = 500;  // answered this much before the client's timeout
  size_t completer_threads = 2;
};

struct PollKey {
  core::ConfigKey key;
  std::string client_md5;
};

class LongPollService {
 public:
  // Indices (into the poll's keys) of the keys whose md5 differs for the reader, or why the poll
  // was refused. Called exactly once per poll.
  using Completion = std::function<void(StatusOr<std::vector<size_t>>)>;

  LongPollService(core::ConfigService* service, watch::WatchHub* hub, LongPollOptions options);
  ~LongPollService();

  // Starts a poll; `done` runs before PollAsync returns when the answer is immediate (a key
  // differs, `hold` is false, the cap is reached, shutting down), else later on a completer
  // thread. `timeout_ms` is the client's Long-Pulling-Timeout.
  void PollAsync(std::vector<PollKey> keys, core::ReadContext reader, int64_t timeout_ms, bool hold,
                 Completion done);

  // Completes every held poll (empty answer), refuses new holds, and returns once every
  // completion has run. Idempotent.
  void Shutdown();

  size_t active() const { return active_.load(std::memory_order_relaxed); }
  uint64_t completed_by_change() const { return woken_.load(std::memory_order_relaxed); }
  uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }
  int64_t HoldMillis(int64_t timeout_ms) const;

 private:
  class Waiter;
  using Clock = std::chrono::steady_clock;
  using WaiterPtr = std::shared_ptr<Waiter>;

  std::vector<size_t> Changed(const std::vector<PollKey>& keys, const core::ReadContext& reader,
                              const std::set<size_t>* only) const;
  void Schedule(WaiterPtr waiter);  // a watched key changed: look at it on a completer thread
  void RunCompleter();
  void Complete(const WaiterPtr& waiter, bool hold_over);
  void Finish(const WaiterPtr& waiter, std::vector<size_t> changed);

  core::ConfigService* service_;
  watch::WatchHub* hub_;
  LongPollOptions options_;
  std::atomic<size_t> active_{0};
  std::atomic<uint64_t> woken_{0};
  std::atomic<uint64_t> rejected_{0};

  std::mutex mutex_;
  std::condition_variable work_cv_;  // ready_, a new earliest deadline, or stopping
  std::condition_variable idle_cv_;  // waiters_ became empty
  std::set<WaiterPtr> waiters_;                        // GUARDED_BY(mutex_)
  std::multimap<Clock::time_point, WaiterPtr> holds_;  // GUARDED_BY(mutex_): ends of holds
  std::deque<WaiterPtr> ready_;                        // GUARDED_BY(mutex_)
  bool shutting_down_ = false;                         // GUARDED_BY(mutex_)
  bool stopping_ = false;                              // GUARDED_BY(mutex_): completers exit
  std::vector<std::thread> completers_;
};

}  // namespace lever::http
