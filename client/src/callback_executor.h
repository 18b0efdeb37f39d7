// Runs listener callbacks off the I/O threads: a fixed pool of threads and one serial queue
// ("strand") per listener. Tasks of one strand run in order, one at a time; different strands run
// in parallel, and a strand with more work yields its thread after each task, so a slow callback
// holds at most one thread and delays no other listener while threads remain.
//
// Thread safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lever::detail {

class CallbackExecutor {
 public:
  explicit CallbackExecutor(size_t threads);
  ~CallbackExecutor() { Stop(); }
  CallbackExecutor(const CallbackExecutor&) = delete;
  CallbackExecutor& operator=(const CallbackExecutor&) = delete;

  // Finishes the tasks that are running, drops the queued ones and joins the threads; Post() does
  // nothing afterwards. Idempotent; must not be called from a task.
  void Stop();

  uint64_t NewStrand();
  // Queues `task` on `strand`; dropped if the strand was removed.
  void Post(uint64_t strand, std::function<void()> task);
  // Drops the strand's queued tasks. Returns once its running task (if any) has finished, except
  // when called from that task itself (then it returns at once and nothing runs after it).
  void RemoveStrand(uint64_t strand);
  uint64_t completed() const;

 private:
  struct Strand {
    std::deque<std::function<void()>> tasks;
    bool scheduled = false;  // in ready_ or running
    bool running = false;
    bool removed = false;
    std::thread::id runner;
  };
  void WorkerLoop();

  mutable std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<uint64_t> ready_;
  std::unordered_map<uint64_t, Strand> strands_;
  uint64_t next_strand_ = 1;
  uint64_t completed_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lever::detail
