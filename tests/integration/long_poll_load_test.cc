// Held long-polls must not starve ordinary requests (DESIGN.md decision 5): with 200 polls held,
// plain GETs still answer, and one publish wakes every poll.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

using std::chrono::milliseconds;

constexpr int kHeldPolls = 200;
constexpr int kGets = 50;

TEST_CASE("200 held long-polls: 50 GETs complete meanwhile, one publish wakes them all") {
  const HttpClient client = SharedClient();
  const std::string hot = UniqueId("load.hot");
  MustPublish(client, hot, kDefaultGroup, kC);

  // Each poll listens to the shared hot key and to a key of its own that does not exist, so the
  // by-IP listener query can tell when every one of them is held.
  std::vector<std::string> own_keys;
  std::vector<std::unique_ptr<AsyncLongPoll>> polls;
  for (int i = 0; i < kHeldPolls; ++i) {
    own_keys.push_back(UniqueId("load.own"));
    LongPollRequest request;
    request.listening_configs =
        ListenRecord(hot, kDefaultGroup, kCMd5) + ListenRecord(own_keys.back(), kDefaultGroup, "");
    request.timeout_ms = 30000;
    polls.push_back(std::make_unique<AsyncLongPoll>(client.port(), std::move(request)));
  }

  int registered = 0;
  const bool all_held = WaitUntil(
      [&] {
        nlohmann::json keys =
            Json(client.Get("/nacos/v1/cs/listener", {{"ip", "127.0.0.1"}, {"sampleTime", "1"}}));
        if (!keys.is_object() || !keys["lisentersGroupkeyStatus"].is_object()) return false;
        registered = 0;
        for (const auto& key : own_keys) {
          registered += keys["lisentersGroupkeyStatus"].contains(key + "+DEFAULT_GROUP") ? 1 : 0;
        }
        return registered == kHeldPolls;
      },
      milliseconds(15000), milliseconds(50));
  CHECK_MESSAGE(all_held, "only " << registered << " of " << kHeldPolls << " polls registered");

  int answered = 0;
  for (int i = 0; i < kGets; ++i) {
    const HttpResponse get = GetConfig(client, hot, kDefaultGroup);
    if (get.status == 200 && get.body == kC) {
      ++answered;
    } else {
      FAIL_CHECK("GET " << i << " while polls are held: " << get.Describe());
    }
  }
  CHECK(answered == kGets);
  int finished_early = 0;
  for (const auto& poll : polls) finished_early += poll->done() ? 1 : 0;
  CHECK_MESSAGE(finished_early == 0, finished_early << " polls ended before the publish");

  MustPublish(client, hot, kDefaultGroup, "a: 2");
  const std::string expected = hot + "%02DEFAULT_GROUP%01\n";
  int woken = 0;
  int reported = 0;
  for (auto& poll : polls) {
    const HttpResponse response = poll->Wait();
    if (response.status == 200 && response.body == expected &&
        response.elapsed < milliseconds(29000)) {
      ++woken;
    } else if (reported++ < 3) {
      MESSAGE("poll not woken properly: " << response.Describe());
    }
  }
  CHECK(woken == kHeldPolls);
}

}  // namespace
}  // namespace lever::testing
