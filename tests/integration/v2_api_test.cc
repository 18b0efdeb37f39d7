// Open API v2: /nacos/v2/cs/config, /nacos/v2/cs/history, /nacos/v2/console/namespace with the
// {code, message, data} envelope (nacos-protocol.md §6, checklist items 47-53).
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr std::string_view kV2Config = "/nacos/v2/cs/config";
constexpr std::string_view kV2History = "/nacos/v2/cs/history";
constexpr std::string_view kV2Namespace = "/nacos/v2/console/namespace";

nlohmann::json Envelope(int code, const std::string& message, nlohmann::json data) {
  return {{"code", code}, {"message", message}, {"data", std::move(data)}};
}

HttpResponse V2Publish(const HttpClient& client, const std::string& id, const std::string& content,
                       const Params& extra = {}) {
  Params form = {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", content}};
  form.insert(form.end(), extra.begin(), extra.end());
  return client.PostForm(kV2Config, form);
}

TEST_CASE("v2 config: get, publish, delete in the envelope (items 47, 49, 52)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("v2.cfg");
  const std::string ns = UniqueNamespace("v2");

  const HttpResponse published = V2Publish(client, id, std::string(kC), {{"type", "yaml"}});
  CHECK_MESSAGE(published.status == 200, published.Describe());
  CHECK(Json(published) == Envelope(0, "success", true));
  CHECK(published.header("Content-Type").find("application/json") == 0);

  const HttpResponse get = client.Get(kV2Config, {{"dataId", id}, {"group", "DEFAULT_GROUP"}});
  CHECK(get.status == 200);
  CHECK(Json(get) == Envelope(0, "success", std::string(kC)));
  CHECK(get.header("Config-Type") == "yaml");
  CHECK(get.header("Content-MD5") == kCMd5);
  // v1 sees the same config.
  CHECK(GetConfig(client, id, kDefaultGroup).body == kC);

  // namespaceId, and `public` meaning the public namespace.
  CHECK(Json(V2Publish(client, id, "in ns", {{"namespaceId", ns}})) ==
        Envelope(0, "success", true));
  CHECK(Json(client.Get(kV2Config,
                        {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"namespaceId", ns}})) ==
        Envelope(0, "success", "in ns"));
  CHECK(GetConfig(client, id, kDefaultGroup, {{"tenant", ns}}).body == "in ns");
  CHECK(Json(client.Get(kV2Config,
                        {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"namespaceId", "public"}})) ==
        Envelope(0, "success", std::string(kC)));

  const HttpResponse deleted =
      client.Delete(kV2Config, {{"dataId", id}, {"group", "DEFAULT_GROUP"}});
  CHECK(deleted.status == 200);
  CHECK(Json(deleted) == Envelope(0, "success", true));
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  CHECK(GetConfig(client, id, kDefaultGroup, {{"tenant", ns}}).body == "in ns");
}

TEST_CASE("v2 config: missing key is 404 code 20004 (item 48)") {
  const HttpResponse get =
      SharedClient().Get(kV2Config, {{"dataId", UniqueId("v2.none")}, {"group", "DEFAULT_GROUP"}});
  CHECK(get.status == 404);
  CHECK(Json(get) == Envelope(20004, "resource not found", "config data not exist"));
}

TEST_CASE("v2 config: validation errors (items 50, 51)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("v2.bad");

  const HttpResponse no_content =
      client.PostForm(kV2Config, {{"dataId", id}, {"group", "DEFAULT_GROUP"}});
  CHECK_MESSAGE(no_content.status == 400, no_content.Describe());
  nlohmann::json missing = Json(no_content);
  CHECK(missing["code"] == 10000);
  CHECK(missing["message"] == "parameter missing");

  const HttpResponse bad_id = V2Publish(client, "a b", "x");
  CHECK_MESSAGE(bad_id.status == 400, bad_id.Describe());
  nlohmann::json invalid = Json(bad_id);
  REQUIRE(invalid.is_object());
  CHECK(invalid["code"] != 0);

  const HttpResponse no_group = client.Get(kV2Config, {{"dataId", id}});
  CHECK(no_group.status == 400);
  CHECK(Json(no_group)["code"] == 10000);
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
}

TEST_CASE("v2 config: CAS failure is HTTP 500 code 20005") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("v2.cas");
  REQUIRE(V2Publish(client, id, std::string(kC)).status == 200);
  const HttpResponse bad =
      client.PostForm(kV2Config, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", "new"}},
                      {{"casMd5", Md5Hex("nope")}});
  CHECK_MESSAGE(bad.status == 500, bad.Describe());
  CHECK(Json(bad) ==
        Envelope(20005, "resource conflict", "Cas publish fail, server md5 may have changed."));
  CHECK(GetConfig(client, id, kDefaultGroup).body == kC);
}

TEST_CASE("v2 history: list, detail, previous, configs (item 53)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("v2hist");
  const std::string id = UniqueId("v2.hist");
  REQUIRE(V2Publish(client, id, "old", {{"namespaceId", ns}}).status == 200);
  REQUIRE(V2Publish(client, id, "new", {{"namespaceId", ns}}).status == 200);

  const HttpResponse list =
      client.Get(std::string(kV2History) + "/list",
                 {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"namespaceId", ns}});
  REQUIRE_MESSAGE(list.status == 200, list.Describe());
  nlohmann::json body = Json(list);
  CHECK(body["code"] == 0);
  CHECK(body["message"] == "success");
  nlohmann::json& page = body["data"];
  CHECK(page["totalCount"] == 2);
  REQUIRE(page["pageItems"].size() == 2);
  CHECK(OpType(page["pageItems"][0]) == "U");
  CHECK(page["pageItems"][0]["content"] == "old");
  CHECK(OpType(page["pageItems"][1]) == "I");
  CHECK(page["pageItems"][1]["content"] == "old");

  const std::string nid = HistoryNid(page["pageItems"][0]);
  const HttpResponse detail = client.Get(
      kV2History, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"namespaceId", ns}, {"nid", nid}});
  CHECK_MESSAGE(detail.status == 200, detail.Describe());
  nlohmann::json one = Json(detail);
  CHECK(one["code"] == 0);
  CHECK(OpType(one["data"]) == "U");
  CHECK(one["data"]["content"] == "old");

  const HttpResponse missing = client.Get(
      kV2History,
      {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"namespaceId", ns}, {"nid", "987654321"}});
  CHECK(missing.status == 404);
  CHECK(Json(missing)["code"] == 20004);

  nlohmann::json detail_v1 = Json(client.Get(
      kConfigs, {{"show", "all"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}, {"tenant", ns}}));
  REQUIRE(detail_v1["id"].is_string());
  const HttpResponse previous = client.Get(std::string(kV2History) + "/previous",
                                           {{"dataId", id},
                                            {"group", "DEFAULT_GROUP"},
                                            {"namespaceId", ns},
                                            {"id", detail_v1["id"].get<std::string>()}});
  CHECK_MESSAGE(previous.status == 200, previous.Describe());
  CHECK(Json(previous)["data"]["content"] == "old");

  const HttpResponse configs =
      client.Get(std::string(kV2History) + "/configs", {{"namespaceId", ns}});
  CHECK_MESSAGE(configs.status == 200, configs.Describe());
  nlohmann::json configs_body = Json(configs);
  CHECK(configs_body["code"] == 0);
  REQUIRE(configs_body["data"].is_array());
  REQUIRE(configs_body["data"].size() == 1);
  CHECK(configs_body["data"][0]["dataId"] == id);

  const HttpResponse no_data_id =
      client.Get(std::string(kV2History) + "/list", {{"group", "DEFAULT_GROUP"}});
  CHECK(no_data_id.status == 400);
  CHECK(Json(no_data_id)["code"] == 10000);
}

TEST_CASE("v2 namespaces: list, create, get, update, delete") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueNamespace("v2ns");

  const HttpResponse list = client.Get(std::string(kV2Namespace) + "/list");
  REQUIRE_MESSAGE(list.status == 200, list.Describe());
  nlohmann::json listed = Json(list);
  CHECK(listed["code"] == 0);
  REQUIRE(listed["data"].is_array());
  CHECK(listed["data"][0]["namespace"] == "");

  const HttpResponse created = client.PostForm(
      kV2Namespace, {{"namespaceId", id}, {"namespaceName", "V2"}, {"namespaceDesc", "d"}});
  CHECK_MESSAGE(created.status == 200, created.Describe());
  CHECK(Json(created) == Envelope(0, "success", true));

  const HttpResponse again =
      client.PostForm(kV2Namespace, {{"namespaceId", id}, {"namespaceName", "V2"}});
  CHECK(again.status / 100 != 2);
  CHECK(Json(again)["code"] == 22002);

  const HttpResponse get = client.Get(kV2Namespace, {{"namespaceId", id}});
  CHECK(get.status == 200);
  nlohmann::json got = Json(get);
  CHECK(got["data"]["namespace"] == id);
  CHECK(got["data"]["namespaceShowName"] == "V2");
  CHECK(got["data"]["type"] == 2);

  const HttpResponse updated =
      client.PutForm(kV2Namespace, {{"namespaceId", id}, {"namespaceName", "V2b"}});
  CHECK(Json(updated) == Envelope(0, "success", true));
  CHECK(Json(client.Get(kV2Namespace, {{"namespaceId", id}}))["data"]["namespaceShowName"] ==
        "V2b");

  const HttpResponse deleted = client.Delete(kV2Namespace, {{"namespaceId", id}});
  CHECK(Json(deleted) == Envelope(0, "success", true));
  const HttpResponse gone = client.Get(kV2Namespace, {{"namespaceId", id}});
  CHECK(gone.status / 100 != 2);
  CHECK(Json(gone)["code"] == 22001);
}

}  // namespace
}  // namespace lever::testing
