#include "api/grpc/timer_queue.h"

#include <chrono>

#include "base/thread_name.h"

namespace lever::rpc {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TimerQueue::TimerQueue() : thread_([this] { Run(); }) {}

TimerQueue::~TimerQueue() { Stop(); }

TimerQueue::TimerId TimerQueue::Schedule(int64_t delay_ms, std::function<void()> fn) {
  const int64_t deadline = SteadyNowMs() + (delay_ms < 0 ? 0 : delay_ms);
  std::lock_guard lock(mutex_);
  if (stopping_) return 0;
  const TimerId id = next_id_++;
  const bool earliest = by_deadline_.empty() || deadline < by_deadline_.begin()->first.first;
  by_deadline_.emplace(std::make_pair(deadline, id), std::move(fn));
  deadline_of_.emplace(id, deadline);
  if (earliest) cv_.notify_one();
  return id;
}

void TimerQueue::Cancel(TimerId id) {
  if (id == 0) return;
  std::function<void()> dropped;  // destroyed after the lock: it may own shared state
  std::lock_guard lock(mutex_);
  auto it = deadline_of_.find(id);
  if (it == deadline_of_.end()) return;
  auto node = by_deadline_.find({it->second, id});
  if (node != by_deadline_.end()) {
    dropped = std::move(node->second);
    by_deadline_.erase(node);
  }
  deadline_of_.erase(it);
}

void TimerQueue::Stop() {
  std::map<std::pair<int64_t, TimerId>, std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    dropped.swap(by_deadline_);
    deadline_of_.clear();
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

size_t TimerQueue::pending() const {
  std::lock_guard lock(mutex_);
  return by_deadline_.size();
}

void TimerQueue::Run() {
  SetCurrentThreadName("lever-grpc-tmr");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (by_deadline_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto first = by_deadline_.begin();
    const int64_t now = SteadyNowMs();
    if (first->first.first > now) {
      cv_.wait_for(lock, std::chrono::milliseconds(first->first.first - now));
      continue;
    }
    std::function<void()> fn = std::move(first->second);
    deadline_of_.erase(first->first.second);
    by_deadline_.erase(first);
    lock.unlock();
    fn();
    fn = nullptr;
    lock.lock();
  }
}

}  // namespace lever::rpc
