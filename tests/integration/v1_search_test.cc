// show=all detail and search=accurate|blur with paging (nacos-protocol.md §4.4, §4.5, checklist
// items 29-32). Each case works in its own namespace so counts are exact.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

HttpResponse Search(const HttpClient& client, std::string_view mode, std::string_view tenant,
                    std::string_view data_id, std::string_view group, int page_no, int page_size,
                    const Params& extra = {}) {
  Params query = {{"search", std::string(mode)},       {"dataId", std::string(data_id)},
                  {"group", std::string(group)},       {"tenant", std::string(tenant)},
                  {"pageNo", std::to_string(page_no)}, {"pageSize", std::to_string(page_size)}};
  query.insert(query.end(), extra.begin(), extra.end());
  return client.Get(kConfigs, query);
}

std::set<std::string> DataIds(const nlohmann::json& page) {
  std::set<std::string> ids;
  if (!page.contains("pageItems") || !page["pageItems"].is_array()) return ids;
  for (const auto& item : page["pageItems"]) ids.insert(item.value("dataId", std::string()));
  return ids;
}

TEST_CASE("v1 show=all returns the full record; missing key is an empty 200 (item 29)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("detail");
  MustPublish(
      client, id, kDefaultGroup, kC,
      {{"type", "yaml"}, {"appName", "demo"}, {"desc", "the desc"}, {"config_tags", "a,b"}});

  const HttpResponse detail =
      client.Get(kConfigs, {{"show", "all"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}});
  REQUIRE_MESSAGE(detail.status == 200, detail.Describe());
  nlohmann::json body = Json(detail);
  REQUIRE_MESSAGE(body.is_object(), detail.Describe());
  CHECK(body["dataId"] == id);
  CHECK(body["group"] == "DEFAULT_GROUP");
  CHECK(body["content"] == kC);
  CHECK(body["md5"] == kCMd5);
  CHECK(body["type"] == "yaml");
  CHECK(body["appName"] == "demo");
  CHECK(body["desc"] == "the desc");
  CHECK(body["tenant"] == "");
  CHECK(body["id"].is_string());
  CHECK(body["createTime"].is_number_integer());
  CHECK(body["modifyTime"].is_number_integer());
  CHECK(body["modifyTime"] >= body["createTime"]);
  REQUIRE(body["configTags"].is_string());
  const std::string tags = body["configTags"];
  CHECK((tags == "a,b" || tags == "b,a"));

  const HttpResponse missing = client.Get(
      kConfigs, {{"show", "all"}, {"dataId", UniqueId("never")}, {"group", "DEFAULT_GROUP"}});
  CHECK(missing.status == 200);
  CHECK(missing.body.empty());
}

TEST_CASE("v1 search=accurate returns a Page (item 30)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("search");
  MustPublish(client, "app.yaml", kDefaultGroup, kC,
              {{"tenant", ns}, {"type", "yaml"}, {"appName", "demo"}});
  MustPublish(client, "app.yaml", "OTHER", "b: 2", {{"tenant", ns}});
  MustPublish(client, "other.yaml", kDefaultGroup, "c: 3", {{"tenant", ns}});

  const HttpResponse exact = Search(client, "accurate", ns, "app.yaml", "DEFAULT_GROUP", 1, 10);
  REQUIRE_MESSAGE(exact.status == 200, exact.Describe());
  nlohmann::json page = Json(exact);
  REQUIRE_MESSAGE(page.is_object(), exact.Describe());
  CHECK(page["totalCount"] == 1);
  CHECK(page["pageNumber"] == 1);
  CHECK(page["pagesAvailable"] == 1);
  REQUIRE(page["pageItems"].size() == 1);
  nlohmann::json& item = page["pageItems"][0];
  CHECK(item["dataId"] == "app.yaml");
  CHECK(item["group"] == "DEFAULT_GROUP");
  CHECK(item["content"] == kC);
  CHECK(item["tenant"] == ns);
  CHECK(item["appName"] == "demo");
  CHECK(item["type"] == "yaml");
  CHECK(item["id"].is_string());

  // Blank group = no group filter.
  nlohmann::json any_group = Json(Search(client, "accurate", ns, "app.yaml", "", 1, 10));
  CHECK(any_group["totalCount"] == 2);
  // Blank dataId and group = everything in the namespace, and nothing from other namespaces.
  nlohmann::json all = Json(Search(client, "accurate", ns, "", "", 1, 10));
  CHECK(all["totalCount"] == 3);
  CHECK(DataIds(all) == std::set<std::string>{"app.yaml", "other.yaml"});
  // appName filter.
  CHECK(Json(Search(client, "accurate", ns, "", "", 1, 10, {{"appName", "demo"}}))["totalCount"] ==
        1);
}

TEST_CASE("v1 search=blur: '*' is the only wildcard (item 31)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("blur");
  for (const char* id : {"app.yaml", "myapp.props", "app", "zzz"}) {
    MustPublish(client, id, kDefaultGroup, "v", {{"tenant", ns}});
  }
  nlohmann::json substring = Json(Search(client, "blur", ns, "*app*", "", 1, 10));
  CHECK(DataIds(substring) == std::set<std::string>{"app.yaml", "myapp.props", "app"});
  CHECK(substring["totalCount"] == 3);

  nlohmann::json exact = Json(Search(client, "blur", ns, "app", "", 1, 10));
  CHECK(DataIds(exact) == std::set<std::string>{"app"});

  nlohmann::json prefix = Json(Search(client, "blur", ns, "app*", "", 1, 10));
  CHECK(DataIds(prefix) == std::set<std::string>{"app.yaml", "app"});

  nlohmann::json group = Json(Search(client, "blur", ns, "", "DEFAULT*", 1, 10));
  CHECK(group["totalCount"] == 4);
}

TEST_CASE("v1 search paging, and a page beyond the last is empty with totals (item 32)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("paging");
  for (int i = 0; i < 5; ++i) {
    MustPublish(client, "p" + std::to_string(i), kDefaultGroup, "v", {{"tenant", ns}});
  }
  std::set<std::string> seen;
  for (int page_no = 1; page_no <= 3; ++page_no) {
    CAPTURE(page_no);
    nlohmann::json page = Json(Search(client, "accurate", ns, "", "", page_no, 2));
    CHECK(page["totalCount"] == 5);
    CHECK(page["pagesAvailable"] == 3);
    CHECK(page["pageNumber"] == page_no);
    CHECK(page["pageItems"].size() == (page_no < 3 ? 2u : 1u));
    for (const auto& id : DataIds(page)) seen.insert(id);
  }
  CHECK(seen.size() == 5);

  for (const char* mode : {"accurate", "blur"}) {
    CAPTURE(mode);
    const HttpResponse beyond = Search(client, mode, ns, "", "", 5, 2);
    CHECK(beyond.status == 200);
    nlohmann::json page = Json(beyond);
    CHECK(page["totalCount"] == 5);
    CHECK(page["pagesAvailable"] == 3);
    REQUIRE(page["pageItems"].is_array());
    CHECK(page["pageItems"].empty());
  }

  CHECK(Search(client, "accurate", ns, "", "", 0, 2).status / 100 != 2);
  CHECK(Search(client, "accurate", ns, "", "", 1, 0).status / 100 != 2);
}

}  // namespace
}  // namespace lever::testing
