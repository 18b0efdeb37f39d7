// ElasticThreadPool: the connection executor of the HTTP server.
//
// cpp-httplib runs each connection on one pool thread for as long as it lives (keep-alive and
// held long-polls included). A fixed pool would let 8 held long-polls starve every other client,
// so this pool starts a thread whenever a task arrives and none is idle, up to `max_threads`;
// threads above `min_threads` exit after `idle_timeout` without work. Past max_threads tasks
// queue. Long-polls are capped separately (LongPollService) well below max_threads, so ordinary
// requests always find a thread.
//
// Thread safety: enqueue() is thread safe; shutdown() is called once, by the server.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace lever::http {

class ElasticThreadPool : public httplib::TaskQueue {
 public:
  ElasticThreadPool(size_t min_threads, size_t max_threads,
                    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~ElasticThreadPool() override;

  void enqueue(std::function<void()> fn) override;
  // Finishes queued tasks, then stops every thread and waits for them.
  void shutdown() override;

  size_t threads() const;
  size_t busy() const;
  size_t queued() const;

 private:
  void StartThread();  // REQUIRES(mutex_)
  void Run();

  const size_t min_threads_;
  const size_t max_threads_;
  const std::chrono::milliseconds idle_timeout_;

  mutable std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable exit_cv_;
  std::deque<std::function<void()>> tasks_;  // GUARDED_BY(mutex_)
  size_t threads_ = 0;                       // GUARDED_BY(mutex_)
  size_t idle_ = 0;                          // GUARDED_BY(mutex_)
  bool stopping_ = false;                    // GUARDED_BY(mutex_)
};

}  // namespace lever::http
