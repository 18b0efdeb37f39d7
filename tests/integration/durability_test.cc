// Acknowledged writes survive kill -9 (DESIGN.md decision 3): every publish answered `true`, and
// its history row, is there after a crash and restart on the same data dir.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr int kConfigsToPublish = 200;

std::string ContentOf(int i) {
  return "key" + std::to_string(i) + ": value-" + std::to_string(i * 7);
}

nlohmann::json HistoryOf(const HttpClient& client, const std::string& id) {
  return Json(client.Get("/nacos/v1/cs/history", {{"search", "accurate"},
                                                  {"dataId", id},
                                                  {"group", "DEFAULT_GROUP"},
                                                  {"pageNo", "1"},
                                                  {"pageSize", "10"}}));
}

TEST_CASE("durability: 200 acknowledged publishes survive kill -9 with their history") {
  ServerProcess server;
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  {
    const HttpClient client(server.http_port());
    // A deleted key and an updated key, before the bulk.
    MustPublish(client, "durable.deleted", kDefaultGroup, "doomed");
    REQUIRE(DeleteConfig(client, "durable.deleted", kDefaultGroup).body == "true");
    MustPublish(client, "durable.updated", kDefaultGroup, "before");
    MustPublish(client, "durable.updated", kDefaultGroup, "after");
    for (int i = 0; i < kConfigsToPublish; ++i) {
      const HttpResponse response = Publish(client, "durable." + std::to_string(i), kDefaultGroup,
                                            ContentOf(i), {{"type", "yaml"}});
      REQUIRE_MESSAGE(response.status == 200, "publish " << i << ": " << response.Describe());
      REQUIRE_MESSAGE(response.body == "true", "publish " << i << ": " << response.Describe());
    }
  }
  server.Kill9();
  REQUIRE_MESSAGE(server.Start(), "restart after kill -9: " << server.Describe());

  const HttpClient client(server.http_port());
  int intact = 0;
  int with_history = 0;
  for (int i = 0; i < kConfigsToPublish; ++i) {
    const std::string id = "durable." + std::to_string(i);
    const HttpResponse get = GetConfig(client, id, kDefaultGroup);
    if (get.status == 200 && get.body == ContentOf(i) &&
        get.header("Content-MD5") == Md5Hex(ContentOf(i)) && get.header("Config-Type") == "yaml") {
      ++intact;
    } else {
      FAIL_CHECK("config " << id << " after restart: " << get.Describe());
    }
    nlohmann::json history = HistoryOf(client, id);
    if (history.is_object() && history["totalCount"] == 1 && history["pageItems"].size() == 1 &&
        history["pageItems"][0]["content"] == ContentOf(i)) {
      ++with_history;
    } else {
      FAIL_CHECK("history of " << id << " after restart: " << history.dump());
    }
  }
  CHECK(intact == kConfigsToPublish);
  CHECK(with_history == kConfigsToPublish);

  CHECK(GetConfig(client, "durable.deleted", kDefaultGroup).status == 404);
  CHECK(HistoryOf(client, "durable.deleted")["totalCount"] == 2);
  CHECK(GetConfig(client, "durable.updated", kDefaultGroup).body == "after");
  CHECK(HistoryOf(client, "durable.updated")["totalCount"] == 2);

  // Writes after the restart continue normally (ids, history).
  MustPublish(client, "durable.0", kDefaultGroup, "post-restart");
  CHECK(GetConfig(client, "durable.0", kDefaultGroup).body == "post-restart");
  CHECK(HistoryOf(client, "durable.0")["totalCount"] == 2);
  CHECK(server.Stop() == 0);
}

TEST_CASE("durability: namespaces survive a restart") {
  ServerProcess server;
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const std::string ns = UniqueNamespace("durable");
  REQUIRE(HttpClient(server.http_port())
              .PostForm("/nacos/v1/console/namespaces",
                        {{"customNamespaceId", ns}, {"namespaceName", "Durable"}})
              .body == "true");
  MustPublish(HttpClient(server.http_port()), "in.ns", kDefaultGroup, "x", {{"tenant", ns}});
  server.Kill9();
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());
  const HttpResponse exists =
      client.Get("/nacos/v1/console/namespaces",
                 {{"checkNamespaceIdExist", "true"}, {"customNamespaceId", ns}});
  CHECK(exists.body == "true");
  CHECK(GetConfig(client, "in.ns", kDefaultGroup, {{"tenant", ns}}).body == "x");
}

}  // namespace
}  // namespace lever::testing
