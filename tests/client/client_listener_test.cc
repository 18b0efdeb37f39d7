// The listener executor: a slow callback delays no other listener; callbacks of one listener run in
// order; removing a listener stops its callbacks.
#include <doctest/doctest.h>

#include <atomic>
#include <future>

#include "client_fixture.h"

namespace lever::testing {

TEST_CASE("client: a slow listener does not delay the others") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(Transport::kGrpc, {port}));
  REQUIRE(client.ok());
  const ConfigKey slow_key{UniqueDataId("slow"), "DEFAULT_GROUP"};
  const ConfigKey fast_key{UniqueDataId("fast"), "DEFAULT_GROUP"};

  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> slow_calls{0};
  auto slow = (*client)->AddListener(slow_key, [&](const ConfigEvent&) {
    slow_calls.fetch_add(1);
    released.wait();  // blocks its callback thread until the test ends
  });
  REQUIRE(slow.ok());
  EventLog fast_log;
  auto fast = (*client)->AddListener(fast_key, fast_log.Listener());
  REQUIRE(fast.ok());
  // A second listener on the slow key is not held up by the first one either.
  EventLog same_key_log;
  auto same_key = (*client)->AddListener(slow_key, same_key_log.Listener());
  REQUIRE(same_key.ok());

  PublishVia(port, slow_key, "stuck");
  REQUIRE(WaitUntil([&] { return slow_calls.load() == 1; }, kEventDeadline));
  for (int i = 1; i <= 5; ++i) {
    PublishVia(port, fast_key, "fast-" + std::to_string(i));
    REQUIRE(fast_log.WaitForContent("fast-" + std::to_string(i)));
  }
  REQUIRE(same_key_log.WaitForContent("stuck"));
  CHECK(slow_calls.load() == 1);  // still inside its first callback
  release.set_value();
}

TEST_CASE("client: callbacks of one listener arrive in publish order") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    auto client = ConfigClient::Create(TestOptions(transport, {port}));
    REQUIRE(client.ok());
    const ConfigKey key{UniqueDataId("order"), "DEFAULT_GROUP"};
    PublishVia(port, key, "0");
    EventLog log;
    auto handle = (*client)->AddListener(key, log.Listener());
    REQUIRE(log.WaitForContent("0"));
    for (int i = 1; i <= 20; ++i) PublishVia(port, key, std::to_string(i));
    REQUIRE(log.WaitForContent("20"));
    // Intermediate versions may be skipped (Nacos pushes carry only the key), never reordered.
    int last = -1;
    for (const std::string& content : log.Contents()) {
      const int value = std::stoi(content);
      CHECK(value > last);
      last = value;
    }
  }
}

TEST_CASE("client: a removed listener is not called again") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(Transport::kGrpc, {port}));
  REQUIRE(client.ok());
  const ConfigKey key{UniqueDataId("removed"), "DEFAULT_GROUP"};
  PublishVia(port, key, "v1");
  std::atomic<int> removed_calls{0};
  auto removed = (*client)->AddListener(key, [&](const ConfigEvent&) { removed_calls.fetch_add(1); });
  REQUIRE(removed.ok());
  EventLog witness;
  auto kept = (*client)->AddListener(key, witness.Listener());
  REQUIRE(WaitUntil([&] { return removed_calls.load() == 1; }, kEventDeadline));
  removed->Reset();
  CHECK_FALSE(removed->active());
  PublishVia(port, key, "v2");
  REQUIRE(witness.WaitForContent("v2"));  // the other listener saw v2, so delivery has happened
  CHECK(removed_calls.load() == 1);

  // Resetting a handle from inside its own callback neither deadlocks nor calls it again.
  ListenerHandle self;
  std::mutex mu;
  std::atomic<int> self_calls{0};
  {
    std::lock_guard lock(mu);
    auto added = (*client)->AddListener(key, [&](const ConfigEvent&) {
      self_calls.fetch_add(1);
      std::lock_guard inner(mu);
      self.Reset();
    });
    REQUIRE(added.ok());
    self = std::move(added).value();
  }
  REQUIRE(WaitUntil(
      [&] {
        std::lock_guard lock(mu);
        return self_calls.load() == 1 && !self.active();
      },
      kEventDeadline));
  PublishVia(port, key, "v3");
  REQUIRE(witness.WaitForContent("v3"));
  CHECK(self_calls.load() == 1);
}

}  // namespace lever::testing
