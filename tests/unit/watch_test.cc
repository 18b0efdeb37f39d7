// watch::WatchHub fan-out and http::LongPollService decisions, in process over MemoryStore.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "api/http/long_poll_service.h"
#include "core/config_service.h"
#include "storage/memory_store.h"
#include "watch/watch_hub.h"

namespace lever {
namespace {

struct CountingWatcher : watch::Watcher {
  void OnConfigChanged(const core::ChangeEvent& e) override {
    ++calls;
    last = e.key.data_id;
  }
  std::atomic<int> calls{0};
  std::string last;
};

const core::ConfigKey kK1{"", "DEFAULT_GROUP", "k1"};
const core::ConfigKey kK2{"", "DEFAULT_GROUP", "k2"};

core::PublishParams Pub(const std::string& id, const std::string& content) {
  core::PublishParams p;
  p.key = {id, "DEFAULT_GROUP", ""};
  p.content = content;
  return p;
}

}  // namespace

TEST_CASE("WatchHub delivers only to watchers of the changed key and tracks listeners") {
  watch::WatchHub hub;
  auto a = std::make_shared<CountingWatcher>();
  auto b = std::make_shared<CountingWatcher>();
  hub.Watch(kK1, a, "10.0.0.1", "m1");
  hub.Watch(kK2, b, "10.0.0.2", "m2");
  hub.Watch(kK1, a, "10.0.0.1", "m1b");  // update, not a second subscription
  CHECK(hub.subscription_count() == 2);
  hub.OnChange({kK1, 1, "x"});
  CHECK(a->calls == 1);
  CHECK(b->calls == 0);
  auto listeners = hub.ListenersOf(kK1);
  REQUIRE(listeners.size() == 1);
  CHECK(listeners[0].client_ip == "10.0.0.1");
  CHECK(listeners[0].md5 == "m1b");
  auto keys = hub.KeysWatchedBy("10.0.0.2");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].key == kK2);
  hub.Unwatch(kK1, a.get());
  hub.OnChange({kK1, 2, "y"});
  CHECK(a->calls == 1);
  CHECK(hub.subscription_count() == 1);
}

TEST_CASE("WatchHub: many watchers of one key, removed in any order, each delivered exactly once") {
  watch::WatchHub hub;
  std::vector<std::shared_ptr<CountingWatcher>> watchers;
  for (int i = 0; i < 1000; ++i) {
    watchers.push_back(std::make_shared<CountingWatcher>());
    hub.Watch(kK1, watchers.back(), "10.0.0." + std::to_string(i % 250), "m");
  }
  // Remove every third, from the middle, the front and the back, so swap-removes move watchers
  // around; then update some of the survivors (not new subscriptions) and remove one twice.
  std::vector<bool> removed(watchers.size(), false);
  for (size_t i = 0; i < watchers.size(); i += 3) {
    const size_t at = (i * 7919) % watchers.size();
    if (removed[at]) continue;
    hub.Unwatch(kK1, watchers[at].get());
    removed[at] = true;
  }
  hub.Unwatch(kK1, watchers[0].get());
  hub.Unwatch(kK1, watchers[0].get());
  removed[0] = true;
  const auto remaining = static_cast<size_t>(std::count(removed.begin(), removed.end(), false));
  for (size_t i = 0; i < watchers.size(); ++i) {
    if (!removed[i]) hub.Watch(kK1, watchers[i], "10.9.9.9", "m2");
  }
  CHECK(hub.subscription_count() == remaining);
  CHECK(hub.ListenersOf(kK1).size() == remaining);
  hub.OnChange({kK1, 1, "x"});
  for (size_t i = 0; i < watchers.size(); ++i) {
    CAPTURE(i);
    CHECK(watchers[i]->calls == (removed[i] ? 0 : 1));
  }
  for (size_t i = 0; i < watchers.size(); ++i) hub.Unwatch(kK1, watchers[i].get());
  CHECK(hub.subscription_count() == 0);
  CHECK(hub.ListenersOf(kK1).empty());
}

TEST_CASE("WatchHub all-keys watchers see every change until removed") {
  watch::WatchHub hub;
  auto all = std::make_shared<CountingWatcher>();
  hub.WatchAll(all);
  hub.OnChange({kK1, 1, "x"});
  hub.OnChange({kK2, 2, "y"});
  CHECK(all->calls == 2);
  CHECK(all->last == "k2");
  hub.UnwatchAll(all.get());
  hub.OnChange({kK1, 3, "z"});
  CHECK(all->calls == 2);
}

// LongPollService::PollAsync, waiting for its answer on the calling thread.
StatusOr<std::vector<size_t>> PollAndWait(http::LongPollService& polls, std::vector<http::PollKey> keys,
                                          int64_t timeout_ms, bool hold) {
  std::promise<StatusOr<std::vector<size_t>>> answer;
  auto future = answer.get_future();
  polls.PollAsync(std::move(keys), {}, timeout_ms, hold,
                  [&answer](StatusOr<std::vector<size_t>> r) { answer.set_value(std::move(r)); });
  return future.get();
}

// Records what it is told, in order; the first call waits until the test opens the gate.
struct GatedWatcher : watch::Watcher {
  void OnConfigChanged(const core::ChangeEvent& e) override {
    std::unique_lock lock(mutex);
    if (!entered) {
      entered = true;
      cv.notify_all();
      cv.wait(lock, [&] { return open; });
    }
    seen.emplace_back(e.key.data_id, e.revision);
  }
  bool WaitEntered() {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return entered; });
  }
  void Open() {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
  std::vector<std::pair<std::string, uint64_t>> Seen() {
    std::lock_guard lock(mutex);
    return seen;
  }
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false;
  bool open = false;
  std::vector<std::pair<std::string, uint64_t>> seen;
};

// Runs `fn` on another thread; true when it returns within 10 s. When it does not (it is blocked
// behind the watcher), opens the watcher's gate so the test fails instead of hanging.
template <typename Fn>
bool ReturnsPromptly(GatedWatcher& gated, Fn fn) {
  auto done = std::async(std::launch::async, fn);
  if (done.wait_for(std::chrono::seconds(10)) == std::future_status::ready) return true;
  gated.Open();
  return false;
}

TEST_CASE("WatchHub on its own thread: OnChange never waits for a watcher, keys keep their order") {
  watch::WatchHub hub(watch::Delivery::kOwnThread);
  auto gated = std::make_shared<GatedWatcher>();
  hub.Watch(kK1, gated, "10.0.0.1", "");
  hub.Watch(kK2, gated, "10.0.0.1", "");
  // The first event reaches the watcher, which holds the delivery thread.
  REQUIRE(ReturnsPromptly(*gated, [&] { hub.OnChange({kK1, 1, "a"}); }));
  REQUIRE(gated->WaitEntered());
  // Meanwhile the writer's calls return at once: k2 queues, then k1; newer events of a queued
  // key replace it in place.
  REQUIRE(ReturnsPromptly(*gated, [&] {
    hub.OnChange({kK2, 2, "b"});
    hub.OnChange({kK1, 3, "c"});
    hub.OnChange({kK2, 4, "d"});
    hub.OnChange({kK1, 5, "e"});
  }));
  CHECK(hub.coalesced_count() == 2);
  gated->Open();
  hub.StopDelivery();  // delivers what is queued first
  using Seen = std::vector<std::pair<std::string, uint64_t>>;
  CHECK(gated->Seen() == Seen{{"k1", 1}, {"k2", 4}, {"k1", 5}});
  // Stopped: changes are delivered on the caller's thread.
  hub.OnChange({kK2, 6, "f"});
  CHECK(gated->Seen().back() == std::pair<std::string, uint64_t>{"k2", 6});
  CHECK(hub.delivered_count() == 4);
}

TEST_CASE("WatchHub on its own thread: a publish completes while a fan-out of another change is stuck") {
  storage::MemoryStore store;
  core::ConfigService svc{&store, {}};
  REQUIRE(svc.Start().ok());
  watch::WatchHub hub(watch::Delivery::kOwnThread);
  svc.SetChangeListener(&hub);
  auto gated = std::make_shared<GatedWatcher>();
  hub.Watch(kK1, gated, "10.0.0.1", "");
  // With delivery on the committing thread, each publish of k1 would wait for its watcher.
  REQUIRE(ReturnsPromptly(*gated, [&] { CHECK(svc.Publish(Pub("k1", "v1")).ok()); }));
  REQUIRE(gated->WaitEntered());
  CHECK(ReturnsPromptly(*gated, [&] { CHECK(svc.Publish(Pub("k2", "v1")).ok()); }));
  CHECK(ReturnsPromptly(*gated, [&] { CHECK(svc.Publish(Pub("k1", "v2")).ok()); }));
  gated->Open();
  hub.StopDelivery();
  REQUIRE(gated->Seen().size() == 2);  // k1's two changes, in order
  CHECK(gated->Seen()[0].second < gated->Seen()[1].second);
  svc.SetChangeListener(nullptr);
}

// A config service on a memory store whose changes feed a watch hub, for LongPollService.
struct PollFixture {
  storage::MemoryStore store;
  core::ConfigService svc{&store, {}};
  watch::WatchHub hub;
  PollFixture() {
    REQUIRE(svc.Start().ok());
    svc.SetChangeListener(&hub);
  }
};

TEST_CASE_FIXTURE(PollFixture, "LongPollService: immediate on mismatch, no-hangup, woken by a change, capped") {
  http::LongPollOptions options;
  options.max_waiters = 1;
  options.min_hold_ms = 60000;  // long enough that only a change can end the poll
  http::LongPollService polls(&svc, &hub, options);
  auto published = svc.Publish(Pub("k1", "v1"));
  REQUIRE(published.ok());

  SUBCASE("mismatched md5 answers at once with that key") {
    auto r = PollAndWait(polls, {{kK1, "stale"}, {kK2, ""}}, 30000, true);
    REQUIRE(r.ok());
    CHECK(*r == std::vector<size_t>{0});
  }
  SUBCASE("matching md5 without hold answers empty") {
    auto r = PollAndWait(polls, {{kK1, published->md5}}, 30000, false);
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  SUBCASE("a held poll is completed by a change, the cap rejects a second one") {
    auto held = std::async(std::launch::async, [&] { return PollAndWait(polls, {{kK1, published->md5}}, 30000, true); });
    while (polls.active() == 0) std::this_thread::yield();
    auto second = PollAndWait(polls, {{kK2, ""}}, 30000, true);
    CHECK(second.status().code() == StatusCode::kResourceExhausted);
    REQUIRE(svc.Publish(Pub("k1", "v1")).ok());  // identical: must not complete the poll
    REQUIRE(svc.Publish(Pub("k2", "other")).ok());  // another key: must not complete it either
    REQUIRE(svc.Publish(Pub("k1", "v2")).ok());
    auto r = held.get();
    REQUIRE(r.ok());
    CHECK(*r == std::vector<size_t>{0});
    CHECK(polls.completed_by_change() == 1);
  }
  SUBCASE("shutdown completes held polls with no keys") {
    auto held = std::async(std::launch::async, [&] { return PollAndWait(polls, {{kK1, published->md5}}, 30000, true); });
    while (polls.active() == 0) std::this_thread::yield();
    polls.Shutdown();
    auto r = held.get();
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  CHECK(polls.HoldMillis(30000) == 60000);
}

TEST_CASE_FIXTURE(PollFixture,
                  "LongPollService: held polls wait without threads; changes and hold ends complete them off the writer's thread") {
  http::LongPollOptions options;
  options.max_waiters = 1000;
  options.min_hold_ms = 0;
  http::LongPollService polls(&svc, &hub, options);
  auto k1 = svc.Publish(Pub("k1", "v1"));
  auto k2 = svc.Publish(Pub("k2", "v1"));
  REQUIRE(k1.ok());
  REQUIRE(k2.ok());

  struct Answers {
    std::mutex mutex;
    std::condition_variable cv;
    std::map<int, std::vector<size_t>> by_poll;
    std::set<std::thread::id> threads;
  } answers;
  auto record = [&answers](int id) {
    return [&answers, id](StatusOr<std::vector<size_t>> r) {
      std::lock_guard lock(answers.mutex);
      answers.by_poll[id] = r.ok() ? *r : std::vector<size_t>{999};
      answers.threads.insert(std::this_thread::get_id());
      answers.cv.notify_all();
    };
  };
  auto wait_for = [&answers](size_t count) {
    std::unique_lock lock(answers.mutex);
    return answers.cv.wait_for(lock, std::chrono::seconds(10), [&] { return answers.by_poll.size() >= count; });
  };
  // 300 polls on k1 held for the whole test, 300 on k2 whose hold ends after min_hold_ms (0 here,
  // so HoldMillis = timeout - 500 = 100 ms); none occupies a thread.
  for (int i = 0; i < 300; ++i) polls.PollAsync({{kK1, k1->md5}}, {}, 60000, true, record(i));
  for (int i = 300; i < 600; ++i) polls.PollAsync({{kK2, k2->md5}}, {}, 600, true, record(i));
  CHECK(polls.active() >= 300);
  REQUIRE(wait_for(300));  // the k2 holds ended
  {
    std::lock_guard lock(answers.mutex);
    CHECK(answers.by_poll.size() == 300);
    CHECK(answers.by_poll.begin()->first == 300);
    for (const auto& [id, keys] : answers.by_poll) CHECK(keys.empty());
  }
  const auto writer = std::this_thread::get_id();
  REQUIRE(svc.Publish(Pub("k1", "v2")).ok());
  REQUIRE(wait_for(600));
  std::lock_guard lock(answers.mutex);
  for (int i = 0; i < 300; ++i) CHECK(answers.by_poll[i] == std::vector<size_t>{0});
  CHECK(answers.threads.count(writer) == 0);  // completions never run on the committing thread
  CHECK(polls.active() == 0);
  CHECK(polls.completed_by_change() == 300);
}

}  // namespace lever
