// Who listens: GET /nacos/v1/cs/configs/listener (by key) and GET /nacos/v1/cs/listener (by IP)
// while long-polls are held (nacos-protocol.md §4.6).
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr std::string_view kByIp = "/nacos/v1/cs/listener";

nlohmann::json ListenersOf(const HttpClient& client, const Params& query) {
  const HttpResponse response = client.Get(kListener, query);
  CHECK_MESSAGE(response.status == 200, response.Describe());
  return Json(response);
}

nlohmann::json KeysOfIp(const HttpClient& client, const Params& extra = {}) {
  Params query = {{"ip", "127.0.0.1"}, {"sampleTime", "1"}};
  query.insert(query.end(), extra.begin(), extra.end());
  const HttpResponse response = client.Get(kByIp, query);
  CHECK_MESSAGE(response.status == 200, response.Describe());
  return Json(response);
}

LongPollRequest HeldPoll(std::string records) {
  LongPollRequest request;
  request.listening_configs = std::move(records);
  request.timeout_ms = 30000;
  return request;
}

TEST_CASE("listener query by key lists 127.0.0.1 with the md5 it sent, until the poll ends") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("who.listens");
  MustPublish(client, id, kDefaultGroup, kC);

  nlohmann::json nobody =
      ListenersOf(client, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"sampleTime", "1"}});
  CHECK(nobody == nlohmann::json::parse(R"({"collectStatus":200,"lisentersGroupkeyStatus":{}})"));

  AsyncLongPoll poll(client.port(), HeldPoll(ListenRecord(id, kDefaultGroup, kCMd5)));
  REQUIRE(WaitForListener(client, id, kDefaultGroup, "", kCMd5));

  nlohmann::json listed =
      ListenersOf(client, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"sampleTime", "1"}});
  CHECK(listed["collectStatus"] == 200);
  CHECK(listed["lisentersGroupkeyStatus"] == nlohmann::json{{"127.0.0.1", std::string(kCMd5)}});

  // Blank group defaults to DEFAULT_GROUP for listener queries only.
  const HttpResponse blank_group =
      client.Get(kListener, {{"dataId", id}, {"group", ""}, {"sampleTime", "1"}});
  CHECK_MESSAGE(blank_group.status == 200, "§2.1: " << blank_group.Describe());
  CHECK(blank_group.body.find("127.0.0.1") != std::string::npos);

  nlohmann::json by_ip = KeysOfIp(client);
  CHECK(by_ip["collectStatus"] == 200);
  REQUIRE(by_ip["lisentersGroupkeyStatus"].is_object());
  CHECK(by_ip["lisentersGroupkeyStatus"][id + "+DEFAULT_GROUP"] == kCMd5);

  MustPublish(client, id, kDefaultGroup, "changed");
  CHECK(poll.Wait().body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(WaitUntil(
      [&] {
        nlohmann::json after =
            ListenersOf(client, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"sampleTime", "1"}});
        return after["lisentersGroupkeyStatus"].is_object() &&
               after["lisentersGroupkeyStatus"].empty();
      },
      std::chrono::milliseconds(3000)));
}

TEST_CASE("listener query reports the client IP from X-Forwarded-For") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("who.forwarded");
  LongPollRequest request = HeldPoll(ListenRecord(id, kDefaultGroup, ""));
  request.extra_headers = {{"X-Forwarded-For", "10.1.2.3"}};
  AsyncLongPoll poll(client.port(), std::move(request));
  CHECK(WaitUntil(
      [&] {
        nlohmann::json listed =
            ListenersOf(client, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"sampleTime", "1"}});
        return listed["lisentersGroupkeyStatus"].is_object() &&
               listed["lisentersGroupkeyStatus"].contains("10.1.2.3");
      },
      std::chrono::milliseconds(5000)));
  MustPublish(client, id, kDefaultGroup, "wake");
  CHECK(poll.Wait().body == id + "%02DEFAULT_GROUP%01\n");
}

TEST_CASE("listener queries with a tenant: groupKey carries it; by-IP filters by tenant") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("who");
  const std::string id = UniqueId("who.tenant");
  const std::string public_id = UniqueId("who.public");
  MustPublish(client, id, kDefaultGroup, kC, {{"tenant", ns}});

  AsyncLongPoll poll(client.port(), HeldPoll(ListenRecord(id, kDefaultGroup, kCMd5, ns) +
                                             ListenRecord(public_id, kDefaultGroup, "")));
  REQUIRE(WaitForListener(client, id, kDefaultGroup, ns, kCMd5));
  // Not listed under the public namespace.
  nlohmann::json public_key =
      ListenersOf(client, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"sampleTime", "1"}});
  CHECK_FALSE(public_key["lisentersGroupkeyStatus"].contains("127.0.0.1"));

  const std::string tenant_key = id + "+DEFAULT_GROUP+" + ns;
  const std::string public_key_name = public_id + "+DEFAULT_GROUP";
  nlohmann::json with_tenant = KeysOfIp(client, {{"tenant", ns}});
  CHECK(with_tenant["lisentersGroupkeyStatus"][tenant_key] == kCMd5);
  CHECK(with_tenant["lisentersGroupkeyStatus"][public_key_name] == "");

  nlohmann::json all = KeysOfIp(client, {{"all", "true"}});
  CHECK(all["lisentersGroupkeyStatus"].contains(tenant_key));
  CHECK(all["lisentersGroupkeyStatus"].contains(public_key_name));

  nlohmann::json default_filter = KeysOfIp(client);
  CHECK_FALSE(default_filter["lisentersGroupkeyStatus"].contains(tenant_key));
  CHECK(default_filter["lisentersGroupkeyStatus"].contains(public_key_name));

  MustPublish(client, public_id, kDefaultGroup, "now exists");
  CHECK(poll.Wait().body == public_id + "%02DEFAULT_GROUP%01\n");
}

}  // namespace
}  // namespace lever::testing
