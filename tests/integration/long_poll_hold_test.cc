// Long-polls that must run into their hold timeout (nacos-protocol.md §5.2 steps 5-7, checklist
// items 34, 35 and 101). Each takes at least 10 s, so they run side by side in one test case.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

using std::chrono::milliseconds;

// The server answers after hold = max(10 s, T - 500 ms); the client-side measurement includes
// connecting, so allow a little below and more above (loaded 2-core machine).
void CheckHeldFor(const HttpResponse& response, milliseconds hold) {
  CHECK_MESSAGE(response.status == 200, response.Describe());
  CHECK_MESSAGE(response.body.empty(), response.Describe());
  CHECK_MESSAGE(response.elapsed >= hold - milliseconds(300), response.Describe());
  CHECK_MESSAGE(response.elapsed <= hold + milliseconds(1000), response.Describe());
}

LongPollRequest Held(const std::string& id, int timeout_ms) {
  LongPollRequest request;
  request.listening_configs = ListenRecord(id, kDefaultGroup, kCMd5);
  request.timeout_ms = timeout_ms;
  return request;
}

TEST_CASE(
    "long-poll hold: minimum 10 s, T-500 ms, identical re-publish does not wake (34, 35, 101)") {
  const HttpClient client = SharedClient();
  const std::string short_timeout = UniqueId("hold.min");
  const std::string longer_timeout = UniqueId("hold.t");
  const std::string republished = UniqueId("hold.same");
  for (const auto& id : {short_timeout, longer_timeout, republished}) {
    MustPublish(client, id, kDefaultGroup, kC);
  }

  // Item 35: T = 5000 is held for the 10 s minimum.
  AsyncLongPoll minimum(client.port(), Held(short_timeout, 5000));
  // Item 34 with a shorter T: T = 12000 is held for T - 500 = 11.5 s.
  AsyncLongPoll t_minus_margin(client.port(), Held(longer_timeout, 12000));
  // Item 101: byte-identical re-publish while held; the poll still ends at its timeout.
  AsyncLongPoll identical(client.port(), Held(republished, 10000));

  CHECK(WaitForListener(client, republished, kDefaultGroup, "", kCMd5));
  MustPublish(client, republished, kDefaultGroup, kC);
  MustPublish(client, republished, kDefaultGroup, kC);
  CHECK(GetConfig(client, republished, kDefaultGroup).header("Content-MD5") == kCMd5);

  const HttpResponse identical_response = identical.Wait();
  CHECK_MESSAGE(identical_response.elapsed >= milliseconds(9700),
                "an identical re-publish woke the poll: " << identical_response.Describe());
  CheckHeldFor(identical_response, milliseconds(10000));
  CheckHeldFor(minimum.Wait(), milliseconds(10000));
  CheckHeldFor(t_minus_margin.Wait(), milliseconds(11500));
}

// Item 34 verbatim: the usual T = 30000 answers after 29.5 s. Opt-in (LEVER_IT_SLOW=1) because it
// would dominate the suite's run time; the T - 500 ms rule is covered above with T = 12000.
TEST_CASE("long-poll hold: T = 30000 answers after 29.5 s (item 34, LEVER_IT_SLOW=1)") {
  if (std::getenv("LEVER_IT_SLOW") == nullptr) return;
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("hold.30s");
  MustPublish(client, id, kDefaultGroup, kC);
  CheckHeldFor(LongPoll(client.port(), Held(id, 30000)), milliseconds(29500));
}

}  // namespace
}  // namespace lever::testing
