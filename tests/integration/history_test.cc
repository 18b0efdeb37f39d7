// v1 history: list, detail by nid, previous, configs of a namespace (nacos-protocol.md §2.3, §4.7).
// The I/U/D rule: an insert row holds the new content, update and delete rows the old content.
#include <doctest/doctest.h>

#include <future>
#include <regex>
#include <string>
#include <vector>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr std::string_view kHistory = "/nacos/v1/cs/history";

nlohmann::json ListHistory(const HttpClient& client, const std::string& id,
                           const Params& extra = {}) {
  const Params query = WithOverrides({{"search", "accurate"},
                                      {"dataId", id},
                                      {"group", "DEFAULT_GROUP"},
                                      {"pageNo", "1"},
                                      {"pageSize", "100"}},
                                     extra);
  const HttpResponse response = client.Get(kHistory, query);
  CHECK_MESSAGE(response.status == 200, response.Describe());
  return Json(response);
}

std::string ConfigIdOf(const HttpClient& client, const std::string& id, const Params& extra = {}) {
  Params query = {{"show", "all"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}};
  query.insert(query.end(), extra.begin(), extra.end());
  nlohmann::json detail = Json(client.Get(kConfigs, query));
  REQUIRE(detail.is_object());
  REQUIRE(detail["id"].is_string());
  return detail["id"];
}

TEST_CASE("v1 history list: I/U/D rows, newest first, U and D rows hold the old content") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("hist");
  MustPublish(client, id, kDefaultGroup, "v1", {{"type", "yaml"}});
  MustPublish(client, id, kDefaultGroup, "v2");
  MustPublish(client, id, kDefaultGroup, "v3");
  REQUIRE(DeleteConfig(client, id, kDefaultGroup).body == "true");

  nlohmann::json page = ListHistory(client, id);
  REQUIRE(page.is_object());
  CHECK(page["totalCount"] == 4);
  CHECK(page["pageNumber"] == 1);
  CHECK(page["pagesAvailable"] == 1);
  nlohmann::json& rows = page["pageItems"];
  REQUIRE(rows.size() == 4);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"D", "v3"}, {"U", "v2"}, {"U", "v1"}, {"I", "v1"}};
  static const std::regex kIsoTime(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}.*)");
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    nlohmann::json& row = rows[i];
    CHECK(OpType(row) == expected[i].first);
    CHECK(row["content"] == expected[i].second);
    CHECK(row["md5"] == Md5Hex(expected[i].second));
    CHECK(row["dataId"] == id);
    CHECK(row["group"] == "DEFAULT_GROUP");
    CHECK(row["tenant"] == "");
    CHECK(row["id"].is_string());
    CHECK(row["srcIp"].is_string());
    REQUIRE(row["createdTime"].is_string());
    CHECK(std::regex_match(row["createdTime"].get<std::string>(), kIsoTime));
    CHECK(row["lastModifiedTime"].is_string());
  }

  nlohmann::json paged = ListHistory(client, id, {{"pageSize", "3"}, {"pageNo", "2"}});
  CHECK(paged["totalCount"] == 4);
  CHECK(paged["pagesAvailable"] == 2);
  CHECK(paged["pageItems"].size() == 1);
}

TEST_CASE("v1 history is per namespace and per key") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("hist");
  const std::string id = UniqueId("hist.ns");
  MustPublish(client, id, kDefaultGroup, "public");
  MustPublish(client, id, kDefaultGroup, "in ns", {{"tenant", ns}});
  MustPublish(client, id, kDefaultGroup, "in ns 2", {{"tenant", ns}});
  CHECK(ListHistory(client, id)["totalCount"] == 1);
  nlohmann::json in_ns = ListHistory(client, id, {{"tenant", ns}});
  CHECK(in_ns["totalCount"] == 2);
  CHECK(in_ns["pageItems"][0]["tenant"] == ns);
  CHECK(ListHistory(client, UniqueId("hist.none"))["totalCount"] == 0);
}

TEST_CASE("v1 history detail by nid; another key's nid is refused; unknown nid is empty") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("hist.nid");
  const std::string other = UniqueId("hist.nid");
  MustPublish(client, id, kDefaultGroup, "first");
  MustPublish(client, id, kDefaultGroup, "second");
  MustPublish(client, other, kDefaultGroup, "other");

  nlohmann::json page = ListHistory(client, id);
  REQUIRE(page["pageItems"].size() == 2);
  const std::string update_nid = HistoryNid(page["pageItems"][0]);

  const HttpResponse detail =
      client.Get(kHistory, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"nid", update_nid}});
  REQUIRE_MESSAGE(detail.status == 200, detail.Describe());
  nlohmann::json row = Json(detail);
  REQUIRE(row.is_object());
  CHECK(OpType(row) == "U");
  CHECK(row["content"] == "first");
  CHECK(row["dataId"] == id);

  const HttpResponse mismatch =
      client.Get(kHistory, {{"dataId", other}, {"group", "DEFAULT_GROUP"}, {"nid", update_nid}});
  CHECK_MESSAGE(mismatch.status == 403, mismatch.Describe());
  CHECK(mismatch.body.find("Please check dataId, group or namespaceId.") != std::string::npos);

  const HttpResponse unknown =
      client.Get(kHistory, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"nid", "987654321"}});
  CHECK(unknown.status == 200);
  CHECK(unknown.body.empty());
}

TEST_CASE("v1 history previous: the newest history row of a config id") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("hist.prev");
  MustPublish(client, id, kDefaultGroup, "one");
  MustPublish(client, id, kDefaultGroup, "two");
  const std::string config_id = ConfigIdOf(client, id);

  const HttpResponse previous =
      client.Get("/nacos/v1/cs/history/previous",
                 {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"id", config_id}});
  REQUIRE_MESSAGE(previous.status == 200, previous.Describe());
  nlohmann::json row = Json(previous);
  REQUIRE(row.is_object());
  CHECK(OpType(row) == "U");
  CHECK(row["content"] == "one");
  CHECK(row["dataId"] == id);

  const std::string other = UniqueId("hist.prev");
  MustPublish(client, other, kDefaultGroup, "x");
  const HttpResponse mismatch =
      client.Get("/nacos/v1/cs/history/previous",
                 {{"dataId", other}, {"group", "DEFAULT_GROUP"}, {"id", config_id}});
  CHECK_MESSAGE(mismatch.status / 100 != 2, mismatch.Describe());
}

TEST_CASE("v1 history: concurrent publishes to one key each leave exactly one row") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("hist.concurrent");
  constexpr int kThreads = 8;
  constexpr int kEach = 15;
  std::vector<std::future<int>> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.push_back(std::async(std::launch::async, [&client, &id, t] {
      int acknowledged = 0;
      for (int i = 0; i < kEach; ++i) {
        const HttpResponse r =
            Publish(client, id, kDefaultGroup, "t" + std::to_string(t) + "-" + std::to_string(i));
        acknowledged += r.status == 200 && r.body == "true" ? 1 : 0;
      }
      return acknowledged;
    }));
  }
  int acknowledged = 0;
  for (auto& writer : writers) acknowledged += writer.get();
  CHECK(acknowledged == kThreads * kEach);

  nlohmann::json page = ListHistory(client, id, {{"pageSize", "500"}});
  CHECK(page["totalCount"] == kThreads * kEach);
  // Each U row holds the content that the next-newer row replaced: the chain is unbroken.
  nlohmann::json& rows = page["pageItems"];
  REQUIRE(rows.size() == static_cast<size_t>(kThreads * kEach));
  const HttpResponse current = GetConfig(client, id, kDefaultGroup);
  CHECK(current.header("Content-MD5") == Md5Hex(current.body));
  CHECK(OpType(rows[rows.size() - 1]) == "I");
  for (size_t i = 0; i + 1 < rows.size(); ++i) CHECK(OpType(rows[i]) == "U");
}

TEST_CASE("v1 history/configs lists the configs of a namespace") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("histcfg");
  MustPublish(client, "one", kDefaultGroup, "1", {{"tenant", ns}, {"appName", "app1"}});
  MustPublish(client, "two", "G2", "2", {{"tenant", ns}, {"type", "json"}});

  const HttpResponse response = client.Get("/nacos/v1/cs/history/configs", {{"tenant", ns}});
  REQUIRE_MESSAGE(response.status == 200, response.Describe());
  nlohmann::json list = Json(response);
  REQUIRE(list.is_array());
  CHECK(list.size() == 2);
  bool saw_one = false;
  bool saw_two = false;
  for (auto& item : list) {
    CHECK(item["tenant"] == ns);
    CHECK(item["id"].is_string());
    if (item["dataId"] == "one") {
      saw_one = item["group"] == "DEFAULT_GROUP" && item["appName"] == "app1";
    } else if (item["dataId"] == "two") {
      saw_two = item["group"] == "G2" && item["type"] == "json";
    }
  }
  CHECK(saw_one);
  CHECK(saw_two);

  CHECK(client.Get("/nacos/v1/cs/history/configs").status == 400);
}

}  // namespace
}  // namespace lever::testing
