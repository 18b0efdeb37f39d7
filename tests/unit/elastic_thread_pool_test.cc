// ElasticThreadPool (server/api/http/elastic_thread_pool.h): the HTTP connection executor and its
// connection cap. Tasks stand in for connections; they block on a flag the test releases, so
// "busy" is a state the test waits for, never a timing guess.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>

#include "api/http/elastic_thread_pool.h"
#include "support/wait_until.h"

using namespace lever::http;
using namespace std::chrono_literals;

namespace {

// Tasks that hold their thread until Release(), recording whether they ran over capacity.
class Blockers {
 public:
  std::function<void()> Task() {
    return [this] {
      std::unique_lock lock(mutex_);
      ++running_;
      over_capacity_ = over_capacity_ || ElasticThreadPool::OverCapacity();
      cv_.notify_all();
      cv_.wait(lock, [this] { return released_; });
    };
  }
  bool WaitRunning(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 10s, [&] { return running_ == n; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    cv_.notify_all();
  }
  bool any_over_capacity() {
    std::lock_guard lock(mutex_);
    return over_capacity_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int running_ = 0;
  bool released_ = false;
  bool over_capacity_ = false;
};

// Enqueues a task that reports OverCapacity() as seen on its thread.
bool RunsOverCapacity(ElasticThreadPool& pool) {
  auto seen = std::make_shared<std::promise<bool>>();
  auto future = seen->get_future();
  pool.enqueue([seen] { seen->set_value(ElasticThreadPool::OverCapacity()); });
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  return future.get();
}

}  // namespace

TEST_CASE("ElasticThreadPool: a connection past max_connections runs on the overflow lane") {
  ElasticThreadPool pool(/*min_threads=*/1, /*max_threads=*/8, /*max_connections=*/2);
  Blockers blockers;
  pool.enqueue(blockers.Task());
  pool.enqueue(blockers.Task());
  REQUIRE(blockers.WaitRunning(2));
  CHECK_FALSE(blockers.any_over_capacity());
  CHECK(pool.connections() == 2);

  CHECK(RunsOverCapacity(pool));  // the third connection: refused
  CHECK(pool.refused() == 1);
  CHECK(pool.threads() <= 8);

  blockers.Release();
  CHECK(lever::testing::WaitUntil([&] { return pool.connections() == 0; }, 10000ms));
  CHECK_FALSE(RunsOverCapacity(pool));  // below the cap again: served normally
  CHECK(pool.refused() == 1);
  pool.shutdown();
}

TEST_CASE("ElasticThreadPool: without a cap every task is served on the main lane") {
  ElasticThreadPool pool(/*min_threads=*/1, /*max_threads=*/4);
  Blockers blockers;
  for (int i = 0; i < 4; ++i) pool.enqueue(blockers.Task());
  REQUIRE(blockers.WaitRunning(4));
  CHECK_FALSE(blockers.any_over_capacity());
  blockers.Release();
  CHECK_FALSE(RunsOverCapacity(pool));
  CHECK(pool.refused() == 0);
  pool.shutdown();
}
