// ElasticThreadPool: the HTTP server's threads for work that may block. Under plain HTTP it runs
// the requests EventLoopServer hands off (publishes, imports, logins, event streams); under TLS
// it is cpp-httplib's connection executor, where each connection holds one thread for as long as
// it lives (keep-alive and held long-polls included).
//
// A fixed pool would let a few slow tasks starve every other client, so this pool starts a thread
// whenever a task arrives and none is idle, up to `max_threads`; threads above `min_threads` exit
// after `idle_timeout` without work. Past max_threads tasks queue.
//
// Connection cap (TLS only; the event loop counts connections itself): a task (= one accepted
// connection) that arrives while `max_connections` are already running or queued goes to the
// overflow lane instead: at most kOverflowThreads threads on which OverCapacity() is true, so
// the server answers that connection's first request with 503 and closes it (HttpServer's
// pre-routing handler). The refusal is quick and cheap, and the client learns why instead of
// waiting in a queue.
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
  static constexpr size_t kOverflowThreads = 4;

  ElasticThreadPool(size_t min_threads, size_t max_threads, size_t max_connections = SIZE_MAX,
                    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~ElasticThreadPool() override;

  void enqueue(std::function<void()> fn) override;
  // Finishes queued tasks, then stops every thread and waits for them.
  void shutdown() override;

  // True on an overflow-lane thread: the connection it serves is over the connection cap.
  static bool OverCapacity();

  size_t threads() const;
  size_t busy() const;
  size_t queued() const;
  size_t connections() const;  // main-lane tasks queued or running (what the cap counts)
  size_t refused() const;      // connections sent to the overflow lane so far

 private:
  struct Lane {
    size_t min_threads = 0;
    size_t max_threads = 0;
    std::deque<std::function<void()>> tasks;  // GUARDED_BY(mutex_)
    size_t threads = 0;                       // GUARDED_BY(mutex_)
    size_t idle = 0;                          // GUARDED_BY(mutex_)
    std::condition_variable work_cv;
  };

  void Submit(Lane& lane, std::function<void()> fn);  // REQUIRES(mutex_)
  void StartThread(Lane& lane);                       // REQUIRES(mutex_)
  void Run(Lane& lane);

  const size_t max_connections_;
  const std::chrono::milliseconds idle_timeout_;

  mutable std::mutex mutex_;
  std::condition_variable exit_cv_;
  Lane main_;
  Lane overflow_;
  size_t connections_ = 0;  // GUARDED_BY(mutex_): main-lane tasks not yet finished
  size_t refused_ = 0;      // GUARDED_BY(mutex_)
  bool stopping_ = false;  // GUARDED_BY(mutex_)
};

}  // namespace lever::http
