// TimerQueue — one thread that runs short callbacks at deadlines: push-ack timeouts, push retry
// delays and the idle-connection sweep of the gRPC adapter. One thread for the whole server, so
// thousands of pending timers cost memory, not threads.
//
// Thread safety: every method is thread safe. Callbacks run on the timer thread, one at a time,
// without any TimerQueue lock held; they may Schedule() or Cancel() and must not block.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

namespace lever::rpc {

class TimerQueue {
 public:
  using TimerId = uint64_t;  // never 0; 0 means "no timer"

  TimerQueue();
  ~TimerQueue();  // Stop()s
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs `fn` once, `delay_ms` from now (0: as soon as possible). After Stop() nothing runs.
  TimerId Schedule(int64_t delay_ms, std::function<void()> fn);
  // Drops a timer that has not started yet. A callback that is already running is not waited
  // for, so callbacks must re-check the state they act on. Unknown ids are ignored.
  void Cancel(TimerId id);
  // Drops every pending timer and joins the thread. Idempotent. Must not be called from a callback.
  void Stop();

  size_t pending() const;

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  // (deadline in steady ms, id) -> callback, plus the reverse index for Cancel. GUARDED_BY(mutex_)
  std::map<std::pair<int64_t, TimerId>, std::function<void()>> by_deadline_;
  std::unordered_map<TimerId, int64_t> deadline_of_;
  TimerId next_id_ = 1;  // GUARDED_BY(mutex_)
  bool stopping_ = false;
  std::thread thread_;
};

// Monotonic milliseconds (steady clock) used for every deadline and idle computation here.
int64_t SteadyNowMs();

}  // namespace lever::rpc
