#include "api/http/elastic_thread_pool.h"

#include <thread>

namespace lever::http {

ElasticThreadPool::ElasticThreadPool(size_t min_threads, size_t max_threads,
                                     std::chrono::milliseconds idle_timeout)
    : min_threads_(min_threads), max_threads_(std::max(max_threads, min_threads)), idle_timeout_(idle_timeout) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < min_threads_; ++i) StartThread();
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::StartThread() {
  ++threads_;
  // Detached: threads retire on their own when idle; shutdown() waits for the count to drop.
  std::thread([this] { Run(); }).detach();
}

void ElasticThreadPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  tasks_.push_back(std::move(fn));
  if (idle_ < tasks_.size() && threads_ < max_threads_) StartThread();
  work_cv_.notify_one();
}

void ElasticThreadPool::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_;
    bool has_work = work_cv_.wait_for(lock, idle_timeout_, [&] { return stopping_ || !tasks_.empty(); });
    --idle_;
    if (!tasks_.empty()) {
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
      continue;
    }
    if (stopping_ || (!has_work && threads_ > min_threads_)) break;
  }
  --threads_;
  exit_cv_.notify_all();
}

void ElasticThreadPool::shutdown() {
  std::unique_lock lock(mutex_);
  if (stopping_ && threads_ == 0) return;
  stopping_ = true;
  work_cv_.notify_all();
  exit_cv_.wait(lock, [&] { return threads_ == 0; });
}

size_t ElasticThreadPool::threads() const {
  std::lock_guard lock(mutex_);
  return threads_;
}
size_t ElasticThreadPool::busy() const {
  std::lock_guard lock(mutex_);
  return threads_ - idle_;
}
size_t ElasticThreadPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

}  // namespace lever::http
