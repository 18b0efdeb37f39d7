// WorkPool — a fixed set of threads for request handlers that block (durable publishes and
// removes wait for the group commit's fsync). gRPC reactions must never block, so the unary
// reactor hands such requests here and finishes the call from the pool thread.
//
// Thread safety: every method is thread safe. Tasks run in FIFO order on any pool thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lever::rpc {

class WorkPool {
 public:
  explicit WorkPool(int threads);
  ~WorkPool();  // runs the tasks already queued, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `task`. Returns false (and drops it) once the pool is stopping.
  bool Post(std::function<void()> task);
  // Runs what is queued, then joins the threads. Idempotent.
  void Stop();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
  std::vector<std::thread> threads_;
};

}  // namespace lever::rpc
