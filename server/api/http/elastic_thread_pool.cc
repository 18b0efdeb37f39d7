#include "api/http/elastic_thread_pool.h"

#include <thread>

#include "base/thread_name.h"

namespace lever::http {
namespace {

thread_local bool t_over_capacity = false;

}  // namespace

ElasticThreadPool::ElasticThreadPool(size_t min_threads, size_t max_threads, size_t max_connections,
                                     std::chrono::milliseconds idle_timeout)
    : max_connections_(max_connections), idle_timeout_(idle_timeout) {
  main_.min_threads = min_threads;
  main_.max_threads = std::max(max_threads, min_threads);
  overflow_.max_threads = kOverflowThreads;
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < main_.min_threads; ++i) StartThread(main_);
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

bool ElasticThreadPool::OverCapacity() { return t_over_capacity; }

void ElasticThreadPool::StartThread(Lane& lane) {
  ++lane.threads;
  // Detached: threads retire on their own when idle; shutdown() waits for the count to drop.
  std::thread([this, &lane] { Run(lane); }).detach();
}

void ElasticThreadPool::Submit(Lane& lane, std::function<void()> fn) {
  lane.tasks.push_back(std::move(fn));
  if (lane.idle < lane.tasks.size() && lane.threads < lane.max_threads) StartThread(lane);
  lane.work_cv.notify_one();
}

void ElasticThreadPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  // Counted from submission to completion: threads that are starting are neither idle nor busy
  // yet, so threads - idle would overstate the connections being served.
  if (connections_ >= max_connections_) {
    ++refused_;
    Submit(overflow_, std::move(fn));
  } else {
    ++connections_;
    Submit(main_, std::move(fn));
  }
}

void ElasticThreadPool::Run(Lane& lane) {
  SetCurrentThreadName(&lane == &overflow_ ? "lever-http-over" : "lever-http-work");
  t_over_capacity = &lane == &overflow_;
  std::unique_lock lock(mutex_);
  while (true) {
    ++lane.idle;
    bool has_work =
        lane.work_cv.wait_for(lock, idle_timeout_, [&] { return stopping_ || !lane.tasks.empty(); });
    --lane.idle;
    if (!lane.tasks.empty()) {
      auto task = std::move(lane.tasks.front());
      lane.tasks.pop_front();
      lock.unlock();
      task();
      lock.lock();
      if (&lane == &main_) --connections_;
      continue;
    }
    if (stopping_ || (!has_work && lane.threads > lane.min_threads)) break;
  }
  --lane.threads;
  exit_cv_.notify_all();
}

void ElasticThreadPool::shutdown() {
  std::unique_lock lock(mutex_);
  if (stopping_ && main_.threads == 0 && overflow_.threads == 0) return;
  stopping_ = true;
  main_.work_cv.notify_all();
  overflow_.work_cv.notify_all();
  exit_cv_.wait(lock, [&] { return main_.threads == 0 && overflow_.threads == 0; });
}

size_t ElasticThreadPool::threads() const {
  std::lock_guard lock(mutex_);
  return main_.threads;
}
size_t ElasticThreadPool::busy() const {
  std::lock_guard lock(mutex_);
  return main_.threads - main_.idle;
}
size_t ElasticThreadPool::queued() const {
  std::lock_guard lock(mutex_);
  return main_.tasks.size();
}
size_t ElasticThreadPool::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}
size_t ElasticThreadPool::refused() const {
  std::lock_guard lock(mutex_);
  return refused_;
}

}  // namespace lever::http
