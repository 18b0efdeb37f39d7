// The HTTP long-poll listener, fast paths: immediate replies, wake-ups and malformed requests
// (nacos-protocol.md §5, checklist items 33, 36-46). Paths that must run into the hold timeout
// are in long_poll_hold_test.cc.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A wake-up must arrive this fast after the publish that causes it (item 37 says 1 s; the margin
// is for a loaded 2-core CI machine, still far below the 10 s minimum hold).
constexpr milliseconds kWakeLatency{2000};

LongPollRequest Probe(std::string records, int timeout_ms = 30000) {
  LongPollRequest request;
  request.listening_configs = std::move(records);
  request.timeout_ms = timeout_ms;
  return request;
}

void CheckNoCacheHeaders(const HttpResponse& response) {
  CHECK(response.header("Cache-Control") == "no-cache,no-store");
  CHECK(response.header("Pragma") == "no-cache");
  CHECK(response.header("Expires") == "Thu, 01 Jan 1970 00:00:00 GMT");
}

// Starts a poll expected to be held, waits until the server lists it as a listener of `data_id`,
// runs `change`, and returns the poll's response plus the time from the change to the answer.
struct Woken {
  HttpResponse response;
  milliseconds after_change{0};
};
template <typename Change>
Woken HoldThenChange(const HttpClient& client, std::string records, std::string_view data_id,
                     std::string_view tenant, std::string_view md5, Change change) {
  AsyncLongPoll poll(client.port(), Probe(std::move(records)));
  CHECK_MESSAGE(WaitForListener(client, data_id, kDefaultGroup, tenant, md5),
                "the held poll never showed up in GET /nacos/v1/cs/configs/listener");
  CHECK_MESSAGE(!poll.done(), "the poll should be held, not answered");
  const auto changed_at = Clock::now();
  change();
  Woken woken{poll.Wait(), {}};
  woken.after_change = std::chrono::duration_cast<milliseconds>(Clock::now() - changed_at);
  return woken;
}

TEST_CASE("long-poll: md5 mismatch answers at once with the key (item 33)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.mismatch");
  MustPublish(client, id, kDefaultGroup, kC);
  const HttpResponse response =
      LongPoll(client.port(), Probe(ListenRecord(id, kDefaultGroup, Md5Hex("stale"))));
  CHECK(response.status == 200);
  CHECK(response.body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(response.elapsed < kImmediate);
  CheckNoCacheHeaders(response);
}

TEST_CASE("long-poll: body is URL-encoded as Java's URLEncoder does (':' -> %3A)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp:colon");
  MustPublish(client, id, kDefaultGroup, kC);
  const HttpResponse response = LongPoll(client.port(), Probe(ListenRecord(id, kDefaultGroup, "")));
  std::string expected = id;
  expected.replace(expected.find(':'), 1, "%3A");
  CHECK(response.body == expected + "%02DEFAULT_GROUP%01\n");
}

TEST_CASE("long-poll: No-Hangup with matching md5 answers at once, empty (item 36)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.nohangup");
  MustPublish(client, id, kDefaultGroup, kC);
  LongPollRequest request = Probe(ListenRecord(id, kDefaultGroup, kCMd5));
  request.no_hangup = true;
  const HttpResponse response = LongPoll(client.port(), request);
  CHECK(response.status == 200);
  CHECK(response.body.empty());
  CHECK(response.elapsed < kImmediate);
}

TEST_CASE("long-poll: held, then woken by a publish from another client (item 37)") {
  const HttpClient client = SharedClient();
  const std::string id = "app.yaml";
  const std::string group = "DEFAULT_GROUP";
  // The spec's own key; make sure it holds C first (another test may have changed it).
  MustPublish(client, id, group, kC);
  const Woken woken = HoldThenChange(client, ListenRecord(id, group, kCMd5), id, "", kCMd5,
                                     [&] { MustPublish(client, id, group, "a: 2"); });
  CHECK(woken.response.status == 200);
  CHECK(woken.response.body == "app.yaml%02DEFAULT_GROUP%01\n");
  CHECK(woken.after_change < kWakeLatency);
  CheckNoCacheHeaders(woken.response);
}

TEST_CASE("long-poll: held, then woken by a delete (item 38)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.delete");
  MustPublish(client, id, kDefaultGroup, kC);
  const Woken woken =
      HoldThenChange(client, ListenRecord(id, kDefaultGroup, kCMd5), id, "", kCMd5,
                     [&] { REQUIRE(DeleteConfig(client, id, kDefaultGroup).body == "true"); });
  CHECK(woken.response.body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(woken.after_change < kWakeLatency);
}

TEST_CASE("long-poll: missing key with empty md5 is held, then woken by its publish (item 39)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.absent");
  const Woken woken = HoldThenChange(client, ListenRecord(id, kDefaultGroup, ""), id, "", "",
                                     [&] { MustPublish(client, id, kDefaultGroup, kC); });
  CHECK(woken.response.body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(woken.after_change < kWakeLatency);
}

TEST_CASE("long-poll: missing key with a non-empty md5 is reported at once (item 40)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.absent.md5");
  const HttpResponse response =
      LongPoll(client.port(), Probe(ListenRecord(id, kDefaultGroup, kCMd5)));
  CHECK(response.body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(response.elapsed < kImmediate);
}

TEST_CASE("long-poll: 4-field record with a tenant reports the tenant (item 41)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("lpdev");
  const std::string id = UniqueId("lp.tenant");
  MustPublish(client, id, kDefaultGroup, kC, {{"tenant", ns}});

  const HttpResponse changed =
      LongPoll(client.port(), Probe(ListenRecord(id, kDefaultGroup, Md5Hex("old"), ns)));
  CHECK(changed.body == id + "%02DEFAULT_GROUP%02" + ns + "%01\n");
  CHECK(changed.elapsed < kImmediate);

  SUBCASE("held in the tenant; a publish of the same key in public does not wake it") {
    AsyncLongPoll poll(client.port(), Probe(ListenRecord(id, kDefaultGroup, kCMd5, ns)));
    CHECK(WaitForListener(client, id, kDefaultGroup, ns, kCMd5));
    MustPublish(client, id, kDefaultGroup, "public content");
    CHECK_FALSE(WaitUntil([&] { return poll.done(); }, milliseconds(500)));
    MustPublish(client, id, kDefaultGroup, "b: 2", {{"tenant", ns}});
    const HttpResponse woken = poll.Wait();
    CHECK(woken.body == id + "%02DEFAULT_GROUP%02" + ns + "%01\n");
    CHECK(woken.elapsed < milliseconds(9000));
  }
}

TEST_CASE("long-poll: 4-field record with an empty tenant is the public namespace (item 42)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.py");
  MustPublish(client, id, kDefaultGroup, kC);
  const HttpResponse changed =
      LongPoll(client.port(), Probe(ListenRecord(id, kDefaultGroup, Md5Hex("old"), "")));
  CHECK(changed.body == id + "%02DEFAULT_GROUP%01\n");

  const Woken woken = HoldThenChange(client, ListenRecord(id, kDefaultGroup, kCMd5, ""), id, "",
                                     kCMd5, [&] { MustPublish(client, id, kDefaultGroup, "z"); });
  CHECK(woken.response.body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(woken.after_change < kWakeLatency);
}

TEST_CASE("long-poll: two changed records are both reported (item 43)") {
  const HttpClient client = SharedClient();
  const std::string a = UniqueId("lp.two");
  const std::string b = UniqueId("lp.two");
  const std::string unchanged = UniqueId("lp.two");
  MustPublish(client, a, kDefaultGroup, kC);
  MustPublish(client, b, kDefaultGroup, kC);
  MustPublish(client, unchanged, kDefaultGroup, kC);
  const HttpResponse response =
      LongPoll(client.port(),
               Probe(ListenRecord(a, kDefaultGroup, "x") + ListenRecord(b, kDefaultGroup, "") +
                     ListenRecord(unchanged, kDefaultGroup, kCMd5)));
  const std::string ra = a + "%02DEFAULT_GROUP%01";
  const std::string rb = b + "%02DEFAULT_GROUP%01";
  CHECK((response.body == ra + rb + "\n" || response.body == rb + ra + "\n"));
}

TEST_CASE("long-poll: a wake-up reports only the key that changed") {
  const HttpClient client = SharedClient();
  const std::string a = UniqueId("lp.only");
  const std::string b = UniqueId("lp.only");
  MustPublish(client, a, kDefaultGroup, kC);
  MustPublish(client, b, kDefaultGroup, kC);
  const Woken woken = HoldThenChange(
      client, ListenRecord(a, kDefaultGroup, kCMd5) + ListenRecord(b, kDefaultGroup, kCMd5), b, "",
      kCMd5, [&] { MustPublish(client, b, kDefaultGroup, "changed"); });
  CHECK(woken.response.body == b + "%02DEFAULT_GROUP%01\n");
}

TEST_CASE("long-poll: the separate `tenant` form field is ignored; the record decides") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.node");
  MustPublish(client, id, kDefaultGroup, kC);
  LongPollRequest request = Probe(ListenRecord(id, kDefaultGroup, "stale"));
  request.extra_form = {{"tenant", UniqueNamespace("elsewhere")}};
  const HttpResponse response = LongPoll(client.port(), request);
  CHECK(response.body == id + "%02DEFAULT_GROUP%01\n");
}

TEST_CASE("long-poll: malformed requests (items 44, 45)") {
  const HttpClient client = SharedClient();
  SUBCASE("missing Listening-Configs is 400") {
    LongPollRequest request;
    request.listening_configs = std::nullopt;
    const HttpResponse response = LongPoll(client.port(), request);
    CHECK_MESSAGE(response.status == 400, response.Describe());
    CHECK(response.elapsed < kImmediate);
  }
  SUBCASE("blank Listening-Configs is 400") {
    const HttpResponse response = LongPoll(client.port(), Probe(""));
    CHECK_MESSAGE(response.status == 400, response.Describe());
  }
  SUBCASE("a record with 5 fields is an error") {
    const HttpResponse response = LongPoll(client.port(), Probe("a\x02g\x02m\x02t\x02x\x01"));
    CHECK_MESSAGE(response.status / 100 != 2, response.Describe());
    CHECK(response.elapsed < kImmediate);
  }
  SUBCASE("a trailing record without ^1 is ignored") {
    const std::string id = UniqueId("lp.unterminated");
    MustPublish(client, id, kDefaultGroup, kC);
    LongPollRequest request =
        Probe(ListenRecord(id, kDefaultGroup, kCMd5) + UniqueId("lp.unterminated") +
              "\x02"
              "DEFAULT_GROUP\x02stale");
    request.no_hangup = true;
    const HttpResponse response = LongPoll(client.port(), request);
    CHECK(response.status == 200);
    CHECK(response.body.empty());
  }
}

TEST_CASE("long-poll: without Long-Pulling-Timeout it answers at once (item 46)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("lp.short");
  MustPublish(client, id, kDefaultGroup, kC);
  LongPollRequest request = Probe(ListenRecord(id, kDefaultGroup, kCMd5));
  request.timeout_ms = std::nullopt;
  const HttpResponse response = LongPoll(client.port(), request);
  CHECK(response.status == 200);
  CHECK(response.elapsed < kImmediate);
}

}  // namespace
}  // namespace lever::testing
