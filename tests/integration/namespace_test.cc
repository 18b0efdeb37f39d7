// /nacos/v1/console/namespaces CRUD and namespace isolation of configs (nacos-protocol.md §7,
// checklist items 54-58).
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr std::string_view kNamespaces = "/nacos/v1/console/namespaces";

// The namespace object with id `id` from the list, or null.
nlohmann::json FindNamespace(const HttpClient& client, const std::string& id) {
  nlohmann::json list = Json(client.Get(kNamespaces));
  if (!list.is_object() || !list["data"].is_array()) return nullptr;
  for (auto& ns : list["data"]) {
    if (ns.is_object() && ns["namespace"] == id) return ns;
  }
  return nullptr;
}

HttpResponse CreateNamespace(const HttpClient& client, const std::string& id,
                             const std::string& name, const std::string& desc = "") {
  return client.PostForm(
      kNamespaces, {{"customNamespaceId", id}, {"namespaceName", name}, {"namespaceDesc", desc}});
}

TEST_CASE("namespaces: the list starts with the public namespace (item 54)") {
  const HttpResponse response = SharedClient().Get(kNamespaces);
  REQUIRE_MESSAGE(response.status == 200, response.Describe());
  nlohmann::json list = Json(response);
  REQUIRE(list.is_object());
  CHECK(list["code"] == 200);
  CHECK(list["message"].is_null());
  REQUIRE(list["data"].is_array());
  REQUIRE_FALSE(list["data"].empty());
  nlohmann::json& public_ns = list["data"][0];
  CHECK(public_ns["namespace"] == "");
  CHECK(public_ns["namespaceShowName"] == "public");
  CHECK(public_ns["type"] == 0);
  CHECK(public_ns["quota"].is_number());
  CHECK(public_ns["configCount"].is_number());
}

TEST_CASE("namespaces: create, list, detail, exists, update, duplicate, delete (55, 58)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueNamespace("dev");

  const HttpResponse created = CreateNamespace(client, id, "Dev", "dev env");
  CHECK_MESSAGE(created.status == 200, created.Describe());
  CHECK(created.body == "true");

  nlohmann::json listed = FindNamespace(client, id);
  REQUIRE_MESSAGE(listed.is_object(), "namespace " << id << " not in the list");
  CHECK(listed["namespaceShowName"] == "Dev");
  CHECK(listed["namespaceDesc"] == "dev env");
  CHECK(listed["type"] == 2);
  CHECK(listed["configCount"] == 0);

  const HttpResponse duplicate = CreateNamespace(client, id, "Dev again");
  CHECK(duplicate.status == 200);
  CHECK(duplicate.body == "false");

  const HttpResponse detail = client.Get(kNamespaces, {{"show", "all"}, {"namespaceId", id}});
  REQUIRE_MESSAGE(detail.status == 200, detail.Describe());
  nlohmann::json one = Json(detail);
  CHECK(one["namespace"] == id);
  CHECK(one["namespaceShowName"] == "Dev");

  const HttpResponse unknown =
      client.Get(kNamespaces, {{"show", "all"}, {"namespaceId", UniqueNamespace("nope")}});
  CHECK_MESSAGE(unknown.status / 100 != 2, unknown.Describe());

  CHECK(client.Get(kNamespaces, {{"checkNamespaceIdExist", "true"}, {"customNamespaceId", id}})
            .body == "true");
  CHECK(client
            .Get(kNamespaces, {{"checkNamespaceIdExist", "true"},
                               {"customNamespaceId", UniqueNamespace("nope")}})
            .body == "false");

  const HttpResponse updated = client.PutForm(
      kNamespaces,
      {{"namespace", id}, {"namespaceShowName", "Development"}, {"namespaceDesc", "d"}});
  CHECK_MESSAGE(updated.status == 200, updated.Describe());
  CHECK(updated.body == "true");
  CHECK(FindNamespace(client, id)["namespaceShowName"] == "Development");

  MustPublish(client, UniqueId("counted"), kDefaultGroup, kC, {{"tenant", id}});
  CHECK(FindNamespace(client, id)["configCount"] == 1);

  const HttpResponse deleted = client.Delete(kNamespaces, {{"namespaceId", id}});
  CHECK_MESSAGE(deleted.status == 200, deleted.Describe());
  CHECK(deleted.body == "true");
  CHECK(FindNamespace(client, id).is_null());
}

TEST_CASE("namespaces: a blank custom id gets a generated one") {
  const HttpClient client = SharedClient();
  const std::string name = UniqueNamespace("generated");
  const HttpResponse created = CreateNamespace(client, "", name);
  CHECK(created.body == "true");
  nlohmann::json list = Json(client.Get(kNamespaces));
  bool found = false;
  for (auto& ns : list["data"]) {
    if (ns["namespaceShowName"] == name) {
      found = true;
      CHECK(ns["namespace"].is_string());
      CHECK_FALSE(ns["namespace"].get<std::string>().empty());
    }
  }
  CHECK(found);
}

TEST_CASE("namespaces: invalid ids and names are 400 (item 56)") {
  const HttpClient client = SharedClient();
  CHECK(CreateNamespace(client, "a.b", "Ok").status == 400);
  CHECK(CreateNamespace(client, "a/b", "Ok").status == 400);
  CHECK(CreateNamespace(client, std::string(65, 'n'), "Ok").status == 400);
  CHECK(CreateNamespace(client, UniqueNamespace("ok"), "a@b").status == 400);
  CHECK(CreateNamespace(client, UniqueNamespace("ok"), std::string(257, 'x')).status == 400);
  CHECK(client.PostForm(kNamespaces, {{"customNamespaceId", UniqueNamespace("noname")}}).status ==
        400);
}

TEST_CASE("namespaces: configs are isolated between a namespace and public (item 57)") {
  const HttpClient client = SharedClient();
  const std::string ns = UniqueNamespace("iso");
  REQUIRE(CreateNamespace(client, ns, "Iso").body == "true");
  const std::string in_ns = UniqueId("iso.ns");
  const std::string in_public = UniqueId("iso.public");
  MustPublish(client, in_ns, kDefaultGroup, "ns content", {{"tenant", ns}});
  MustPublish(client, in_public, kDefaultGroup, "public content");

  CHECK(GetConfig(client, in_ns, kDefaultGroup, {{"tenant", ns}}).body == "ns content");
  CHECK(GetConfig(client, in_ns, kDefaultGroup).status == 404);
  CHECK(GetConfig(client, in_public, kDefaultGroup).body == "public content");
  CHECK(GetConfig(client, in_public, kDefaultGroup, {{"tenant", ns}}).status == 404);

  // Same key in both: independent values, delete in one leaves the other.
  MustPublish(client, in_ns, kDefaultGroup, "public twin");
  CHECK(GetConfig(client, in_ns, kDefaultGroup).body == "public twin");
  CHECK(GetConfig(client, in_ns, kDefaultGroup, {{"tenant", ns}}).body == "ns content");
  REQUIRE(DeleteConfig(client, in_ns, kDefaultGroup, {{"tenant", ns}}).body == "true");
  CHECK(GetConfig(client, in_ns, kDefaultGroup).body == "public twin");

  // Deleting a namespace does not delete its configs (§7).
  MustPublish(client, in_ns, kDefaultGroup, "survivor", {{"tenant", ns}});
  REQUIRE(client.Delete(kNamespaces, {{"namespaceId", ns}}).body == "true");
  CHECK(GetConfig(client, in_ns, kDefaultGroup, {{"tenant", ns}}).body == "survivor");
}

}  // namespace
}  // namespace lever::testing
