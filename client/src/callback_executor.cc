#include "callback_executor.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "internal.h"

namespace lever::detail {

CallbackExecutor::CallbackExecutor(size_t threads) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void CallbackExecutor::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, strand] : strands_) strand.tasks.clear();
  }
  work_cv_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

uint64_t CallbackExecutor::NewStrand() {
  std::lock_guard lock(mu_);
  const uint64_t id = next_strand_++;
  strands_.emplace(id, Strand{});
  return id;
}

void CallbackExecutor::Post(uint64_t strand_id, std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    auto it = strands_.find(strand_id);
    if (stopping_ || it == strands_.end() || it->second.removed) return;
    Strand& strand = it->second;
    strand.tasks.push_back(std::move(task));
    if (strand.scheduled) return;
    strand.scheduled = true;
    ready_.push_back(strand_id);
  }
  work_cv_.notify_one();
}

void CallbackExecutor::RemoveStrand(uint64_t strand_id) {
  std::unique_lock lock(mu_);
  auto it = strands_.find(strand_id);
  if (it == strands_.end()) return;
  Strand& strand = it->second;
  strand.removed = true;
  strand.tasks.clear();
  if (!strand.running) {
    strands_.erase(it);
    return;
  }
  if (strand.runner == std::this_thread::get_id()) return;  // the worker erases it afterwards
  idle_cv_.wait(lock, [&] { return strands_.find(strand_id) == strands_.end(); });
}

uint64_t CallbackExecutor::completed() const {
  std::lock_guard lock(mu_);
  return completed_;
}

void CallbackExecutor::WorkerLoop() {
  NameThisThread("lever-callback");
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !ready_.empty(); });
    if (stopping_) return;
    const uint64_t id = ready_.front();
    ready_.pop_front();
    auto it = strands_.find(id);
    if (it == strands_.end()) continue;
    if (it->second.tasks.empty()) {
      it->second.scheduled = false;
      continue;
    }
    std::function<void()> task = std::move(it->second.tasks.front());
    it->second.tasks.pop_front();
    it->second.running = true;
    it->second.runner = std::this_thread::get_id();
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      ClientLog()->error("event=listener_threw error=\"{}\"", e.what());
    } catch (...) {
      ClientLog()->error("event=listener_threw error=unknown");
    }
    task = nullptr;  // destroy captures outside the lock
    lock.lock();
    ++completed_;
    it = strands_.find(id);
    Strand& strand = it->second;
    strand.running = false;
    if (strand.removed) {
      strands_.erase(it);
      idle_cv_.notify_all();
    } else if (!strand.tasks.empty() && !stopping_) {
      ready_.push_back(id);  // yield: other strands get a turn first
      work_cv_.notify_one();
    } else {
      strand.scheduled = false;
    }
  }
}

}  // namespace lever::detail
