// Export, import, clone and delete-by-ids of /nacos/v1/cs/configs against the real server
// (nacos-protocol.md §10.3, §4.3).
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <regex>
#include <string>

#include "base/zip_archive.h"
#include "integration/fixture.h"

namespace lever::testing {
namespace {

constexpr std::string_view kNamespaces = "/nacos/v1/console/namespaces";
constexpr std::string_view kBoundary = "lever-transfer-boundary";

std::string CreateNamespace(const HttpClient& client, std::string_view prefix) {
  const std::string id = UniqueNamespace(prefix);
  const HttpResponse created =
      client.PostForm(kNamespaces, {{"customNamespaceId", id}, {"namespaceName", id}});
  REQUIRE_MESSAGE(created.body == "true", created.Describe());
  return id;
}

// group/dataId -> content of every file entry, plus the metadata files under their names.
std::map<std::string, std::string> Unzip(const std::string& bytes) {
  auto entries = ReadZip(bytes);
  REQUIRE_MESSAGE(entries.ok(), entries.status().ToString());
  std::map<std::string, std::string> files;
  for (const ZipEntry& e : *entries) files[e.name] = e.data;
  return files;
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  ZipWriter writer(0);
  for (const auto& [name, data] : files) REQUIRE(writer.Add(name, data, ZipMethod::kDeflated).ok());
  return std::move(writer).Finish();
}

HttpResponse Export(const HttpClient& client, const Params& query, bool v2 = false) {
  Params q = {{v2 ? "exportV2" : "export", "true"}};
  q.insert(q.end(), query.begin(), query.end());
  return client.Get(kConfigs, q);
}

std::string Multipart(const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::optional<std::string>& file) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" + name +
            "\"\r\n\r\n" + value + "\r\n";
  }
  if (file) {
    body += "--" + std::string(kBoundary) +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"configs.zip\"\r\n"
            "Content-Type: application/zip\r\n\r\n" +
            *file + "\r\n";
  }
  return body + "--" + std::string(kBoundary) + "--\r\n";
}

HttpResponse Import(const HttpClient& client, const Params& query,
                    const std::optional<std::string>& zip,
                    const std::vector<std::pair<std::string, std::string>>& fields = {}) {
  Params q = {{"import", "true"}};
  q.insert(q.end(), query.begin(), query.end());
  return client.PostRaw(std::string(kConfigs) + "?" + EncodeParams(q), Multipart(fields, zip), {},
                        "multipart/form-data; boundary=" + std::string(kBoundary));
}

HttpResponse Clone(const HttpClient& client, const Params& query, const std::string& json) {
  Params q = {{"clone", "true"}};
  q.insert(q.end(), query.begin(), query.end());
  return client.PostRaw(std::string(kConfigs) + "?" + EncodeParams(q), json, {},
                        "application/json");
}

nlohmann::json Detail(const HttpClient& client, std::string_view data_id, std::string_view group,
                      const std::string& tenant) {
  return Json(GetConfig(client, data_id, group, {{"show", "all"}, {"tenant", tenant}}));
}

std::string ConfigId(const HttpClient& client, std::string_view data_id, std::string_view group,
                     const std::string& tenant) {
  nlohmann::json detail = Detail(client, data_id, group, tenant);
  REQUIRE_MESSAGE(detail.is_object(), data_id << " has no detail");
  return detail["id"].get<std::string>();
}

// The `data` of a 200 {"code":200,...} answer (REQUIREd).
nlohmann::json Succeeded(const HttpResponse& response, std::string_view message) {
  REQUIRE_MESSAGE(response.status == 200, response.Describe());
  nlohmann::json body = Json(response);
  REQUIRE_MESSAGE(body["code"] == 200, response.Describe());
  CHECK(body["message"] == message);
  return body["data"];
}

// A 200 answer carrying a Nacos result code and data {"succCount":0}.
void CheckFailure(const HttpResponse& response, int code) {
  REQUIRE_MESSAGE(response.status == 200, response.Describe());
  nlohmann::json body = Json(response);
  CHECK_MESSAGE(body["code"] == code, response.Describe());
  CHECK(body["data"] == nlohmann::json{{"succCount", 0}});
}

std::string ContentIn(const HttpClient& client, std::string_view data_id, std::string_view group,
                      const std::string& tenant) {
  const HttpResponse r = GetConfig(client, data_id, group, {{"tenant", tenant}});
  return r.status == 200 ? r.body : "<" + std::to_string(r.status) + ">";
}

TEST_CASE("transfer: export of a namespace is a zip of <group>/<dataId> entries with .meta.yml") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "exp");
  MustPublish(client, "app.yaml", "G1", "a: 1", {{"tenant", ns}, {"appName", "shop"}});
  MustPublish(client, "db.properties", "G1", "url=x", {{"tenant", ns}});
  MustPublish(client, "flags", "G2", "on", {{"tenant", ns}});
  MustPublish(client, "elsewhere", "G1", "other namespace");

  const HttpResponse exported = Export(client, {{"tenant", ns}});
  REQUIRE_MESSAGE(exported.status == 200, exported.Describe());
  CHECK(exported.header("content-type") == "application/zip");
  CHECK(std::regex_match(exported.header("content-disposition"),
                         std::regex(R"(attachment;filename=nacos_config_export_\d{14}\.zip)")));
  const auto files = Unzip(exported.body);
  CHECK(files == std::map<std::string, std::string>{{"G1/app.yaml", "a: 1"},
                                                    {"G1/db.properties", "url=x"},
                                                    {"G2/flags", "on"},
                                                    {".meta.yml", "G1.app~yaml.app=shop\r\n"}});

  // Without any appName there is no .meta.yml.
  const auto plain = Unzip(Export(client, {{"tenant", ns}, {"group", "G2"}}).body);
  CHECK(plain == std::map<std::string, std::string>{{"G2/flags", "on"}});
}

TEST_CASE("transfer: export filters by dataId pattern, group, appName and ids") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "expf");
  MustPublish(client, "a.yaml", "G1", "a", {{"tenant", ns}});
  MustPublish(client, "b.yaml", "G1", "b", {{"tenant", ns}});
  MustPublish(client, "c.props", "G2", "c", {{"tenant", ns}, {"appName", "x"}});
  auto names = [&](const Params& query) {
    std::vector<std::string> out;
    for (const auto& [name, data] : Unzip(Export(client, query).body)) {
      if (name[0] != '.') out.push_back(name);
    }
    return out;
  };
  using Names = std::vector<std::string>;
  CHECK(names({{"tenant", ns}, {"dataId", "*.yaml"}}) == Names{"G1/a.yaml", "G1/b.yaml"});
  CHECK(names({{"tenant", ns}, {"dataId", "a.yaml"}}) == Names{"G1/a.yaml"});
  CHECK(names({{"tenant", ns}, {"dataId", "a"}}).empty());  // no implicit wildcard
  CHECK(names({{"tenant", ns}, {"group", "G2"}}) == Names{"G2/c.props"});
  CHECK(names({{"tenant", ns}, {"appName", "x"}}) == Names{"G2/c.props"});
  CHECK(names({{"tenant", ns}, {"group", "G1"}, {"dataId", "*"}, {"appName", ""}}) ==
        Names{"G1/a.yaml", "G1/b.yaml"});
  // ids select configs by id, whatever the other filters and namespace say (as Nacos).
  const std::string ids =
      ConfigId(client, "a.yaml", "G1", ns) + "," + ConfigId(client, "c.props", "G2", ns);
  CHECK(names({{"ids", ids}}) == Names{"G1/a.yaml", "G2/c.props"});
  CHECK(names({{"ids", ids}, {"tenant", "other"}, {"group", "G1"}}) ==
        Names{"G1/a.yaml", "G2/c.props"});

  const HttpResponse bad = Export(client, {{"ids", "1,x"}});
  CHECK_MESSAGE(bad.status == 400, bad.Describe());
}

TEST_CASE("transfer: exportV2 adds .metadata.yml with appName, dataId, desc, group and type") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "expv2");
  MustPublish(client, "app.yaml", "G1", "a: 1",
              {{"tenant", ns}, {"appName", "shop"}, {"desc", "the shop: main"}, {"type", "yaml"}});
  MustPublish(client, "plain", "G1", "x", {{"tenant", ns}});
  const auto files = Unzip(Export(client, {{"tenant", ns}}, true).body);
  REQUIRE(files.count(".metadata.yml") == 1);
  CHECK(files.count(".meta.yml") == 0);
  CHECK(files.at(".metadata.yml") ==
        "metadata:\n"
        "- appName: shop\n"
        "  dataId: app.yaml\n"
        "  desc: \"the shop: main\"\n"
        "  group: G1\n"
        "  type: yaml\n"
        "- dataId: plain\n"
        "  group: G1\n"
        "  type: text\n");
  CHECK(files.at("G1/app.yaml") == "a: 1");

  const auto empty = Unzip(Export(client, {{"tenant", ns}, {"group", "NONE"}}, true).body);
  CHECK(empty == std::map<std::string, std::string>{{".metadata.yml", "metadata: []\n"}});
}

TEST_CASE("transfer: an export imported into another namespace restores the configs") {
  const HttpClient client = SharedClient();
  const std::string source = CreateNamespace(client, "src");
  MustPublish(client, "app.yaml", "G1", "a: 1",
              {{"tenant", source}, {"appName", "shop"}, {"desc", "d"}, {"type", "yaml"}});
  MustPublish(client, "conf.json", "G2", "{\"a\":1}", {{"tenant", source}, {"type", "json"}});
  MustPublish(client, "notes", "G2", "中文 text", {{"tenant", source}, {"type", "html"}});

  for (bool v2 : {false, true}) {
    CAPTURE(v2);
    const std::string target = CreateNamespace(client, "dst");
    const HttpResponse exported = Export(client, {{"tenant", source}}, v2);
    nlohmann::json data =
        Succeeded(Import(client, {{"namespace", target}}, exported.body), "import success");
    CHECK(data == nlohmann::json{{"succCount", 3}, {"skipCount", 0}});

    nlohmann::json app = Detail(client, "app.yaml", "G1", target);
    CHECK(app["content"] == "a: 1");
    CHECK(app["type"] == "yaml");
    CHECK(app["appName"] == "shop");
    nlohmann::json json = Detail(client, "conf.json", "G2", target);
    CHECK(json["content"] == "{\"a\":1}");
    CHECK(json["type"] == "json");
    nlohmann::json notes = Detail(client, "notes", "G2", target);
    CHECK(notes["content"] == "中文 text");
    // v2 carries type and desc; v1 derives the type from the extension and has no desc.
    CHECK(app["desc"] == (v2 ? nlohmann::json("d") : nlohmann::json(nullptr)));
    CHECK(notes["type"] == (v2 ? "html" : "text"));

    // The import went through the normal publish path: it has an insert history row.
    nlohmann::json history = Json(client.Get(
        "/nacos/v1/cs/history",
        {{"search", "accurate"}, {"dataId", "app.yaml"}, {"group", "G1"}, {"tenant", target}}));
    REQUIRE(history["pageItems"].size() == 1);
    CHECK(OpType(history["pageItems"][0]) == "I");
  }
}

TEST_CASE("transfer: import policies ABORT, SKIP and OVERWRITE") {
  const HttpClient client = SharedClient();
  const std::string zip =
      Zip({{"G/a.yaml", "a: new"}, {"G/b.yaml", "b: new"}, {"G/c.yaml", "c: new"}});
  auto prepare = [&] {
    const std::string ns = CreateNamespace(client, "pol");
    MustPublish(client, "b.yaml", "G", "b: old",
                {{"tenant", ns}, {"appName", "keep"}, {"config_tags", "t1"}});
    return ns;
  };
  auto key = [](const char* data_id) {
    return nlohmann::json{{"dataId", data_id}, {"group", "G"}};
  };

  SUBCASE("ABORT (the default) stops at the first existing config") {
    const std::string ns = prepare();
    nlohmann::json data = Succeeded(Import(client, {{"namespace", ns}}, zip), "import success");
    CHECK(data["succCount"] == 1);
    CHECK(data["skipCount"] == 1);
    CHECK(data["failData"] == nlohmann::json::array({key("b.yaml")}));
    CHECK(data["skipData"] == nlohmann::json::array({key("c.yaml")}));
    CHECK(ContentIn(client, "a.yaml", "G", ns) == "a: new");
    CHECK(ContentIn(client, "b.yaml", "G", ns) == "b: old");
    CHECK(ContentIn(client, "c.yaml", "G", ns) == "<404>");
  }
  SUBCASE("SKIP leaves existing configs alone") {
    const std::string ns = prepare();
    nlohmann::json data =
        Succeeded(Import(client, {{"namespace", ns}, {"policy", "SKIP"}}, zip), "import success");
    CHECK(data["succCount"] == 2);
    CHECK(data["skipCount"] == 1);
    CHECK(data["skipData"] == nlohmann::json::array({key("b.yaml")}));
    CHECK_FALSE(data.contains("failData"));
    CHECK(ContentIn(client, "b.yaml", "G", ns) == "b: old");
    CHECK(ContentIn(client, "c.yaml", "G", ns) == "c: new");
  }
  SUBCASE("OVERWRITE updates existing configs, keeping their appName and tags") {
    const std::string ns = prepare();
    nlohmann::json data = Succeeded(
        Import(client, {{"namespace", ns}, {"policy", "OVERWRITE"}}, zip), "import success");
    CHECK(data == nlohmann::json{{"succCount", 3}, {"skipCount", 0}});
    nlohmann::json b = Detail(client, "b.yaml", "G", ns);
    CHECK(b["content"] == "b: new");
    CHECK(b["appName"] == "keep");
    CHECK(b["configTags"] == "t1");
  }
  SUBCASE("namespace and policy may come as multipart fields") {
    const std::string ns = prepare();
    nlohmann::json data = Succeeded(
        Import(client, {}, zip, {{"namespace", ns}, {"policy", "SKIP"}}), "import success");
    CHECK(data["succCount"] == 2);
  }
}

TEST_CASE("transfer: import into the public namespace and the unrecognized entries") {
  const HttpClient client = SharedClient();
  const std::string group = UniqueId("PUBG");
  const std::string zip = Zip({{group + "/", ""},
                               {group + "/x.properties", "k=v"},
                               {"toplevel", "?"},
                               {"a/b/c", "?"},
                               {"bad\xff", "?"}});
  nlohmann::json data = Succeeded(Import(client, {{"namespace", "public"}}, zip), "import success");
  CHECK(data["succCount"] == 1);
  CHECK(data["unrecognizedCount"] == 3);
  CHECK(data["unrecognizedData"] == nlohmann::json::array({{{"itemName", "toplevel"}},
                                                           {{"itemName", "a/b/c"}},
                                                           {{"itemName", "bad\uFFFD"}}}));
  CHECK(Detail(client, "x.properties", group, "")["type"] == "properties");
}

TEST_CASE("transfer: import of a v2 archive follows its metadata") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "v2imp");
  const std::string metadata =
      "# written by hand\n"
      "metadata:\n"
      "  - appName: 'shop'\n"
      "    dataId: \"a.txt\"\n"
      "    group: G\n"
      "    type: yaml\n"
      "    desc: 'it''s'\n"
      "  -\n"
      "    dataId: missing\n"
      "    group: G\n"
      "    type: text\n";
  const std::string zip = Zip({{".metadata.yml", metadata}, {"G/a.txt", "a: 1"}, {"G/extra", "x"}});
  nlohmann::json data = Succeeded(Import(client, {{"namespace", ns}}, zip), "import success");
  CHECK(data["succCount"] == 1);
  CHECK(data["unrecognizedCount"] == 2);
  CHECK(data["unrecognizedData"] ==
        nlohmann::json::array({{{"itemName", "not in the metadata: G/extra"}},
                               {{"itemName", "not in the archive: G/missing"}}}));
  nlohmann::json a = Detail(client, "a.txt", "G", ns);
  CHECK(a["type"] == "yaml");
  CHECK(a["appName"] == "shop");
  CHECK(a["desc"] == "it's");
}

TEST_CASE("transfer: import errors") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "imperr");
  const std::string good = Zip({{"G/a", "a"}});

  CheckFailure(Import(client, {{"namespace", UniqueNamespace("absent")}}, good), 100001);
  CheckFailure(Import(client, {{"namespace", ns}}, std::string("this is not a zip")), 100004);
  CheckFailure(Import(client, {{"namespace", ns}}, std::string()), 100005);
  CheckFailure(Import(client, {}, std::nullopt, {{"namespace", ns}}), 100005);
  CheckFailure(Import(client, {{"namespace", ns}}, Zip({{"G/", ""}, {"toplevel", "x"}})), 100005);
  CheckFailure(
      Import(client, {{"namespace", ns}}, Zip({{".meta.yml", "no equals sign"}, {"G/a", "a"}})),
      100002);
  CheckFailure(
      Import(client, {{"namespace", ns}},
             Zip({{".metadata.yml", "metadata:\n- dataId: a\n  group: G\n"}, {"G/a", "a"}})),
      100002);
  CheckFailure(
      Import(client, {{"namespace", ns}}, Zip({{".metadata.yml", "metadata: []\n"}, {"G/a", "a"}})),
      100002);
  CheckFailure(Import(client, {{"namespace", ns}},
                      Zip({{".metadata.yml", "metadata: {dataId: a}\n"}, {"G/a", "a"}})),
               100002);

  const HttpResponse bad_policy = Import(client, {{"namespace", ns}, {"policy", "MERGE"}}, good);
  CHECK_MESSAGE(bad_policy.status == 400, bad_policy.Describe());

  // One invalid item rejects the whole archive before anything is written.
  const HttpResponse invalid =
      Import(client, {{"namespace", ns}}, Zip({{"G/ok", "fine"}, {"G/bad id", "x"}}));
  CHECK_MESSAGE(invalid.status == 400, invalid.Describe());
  CHECK(invalid.body.find("G/bad id") != std::string::npos);
  CHECK(ContentIn(client, "ok", "G", ns) == "<404>");
  const HttpResponse blank = Import(client, {{"namespace", ns}}, Zip({{"G/blank", "  "}}));
  CHECK_MESSAGE(blank.status == 400, blank.Describe());
}

TEST_CASE("transfer: clone with each policy, renames and string ids") {
  const HttpClient client = SharedClient();
  const std::string source = CreateNamespace(client, "csrc");
  MustPublish(client, "x.yaml", "G", "x: 1",
              {{"tenant", source}, {"type", "yaml"}, {"appName", "app"}, {"desc", "dx"}});
  MustPublish(client, "y.yaml", "G", "y: 1", {{"tenant", source}});
  const std::string x = ConfigId(client, "x.yaml", "G", source);
  const std::string y = ConfigId(client, "y.yaml", "G", source);
  const std::string both =
      R"([{"cfgId":)" + x + R"(,"dataId":"x.yaml","group":"G"},{"cfgId":)" + y + "}]";
  auto target_with_y = [&] {
    const std::string ns = CreateNamespace(client, "ctgt");
    MustPublish(client, "y.yaml", "G", "y: old", {{"tenant", ns}});
    return ns;
  };

  SUBCASE("ABORT") {
    const std::string ns = target_with_y();
    nlohmann::json data =
        Succeeded(Clone(client, {{"tenant", ns}}, both), "Clone Completed Successfully");
    CHECK(data["succCount"] == 1);
    CHECK(data["failData"] == nlohmann::json::array({{{"dataId", "y.yaml"}, {"group", "G"}}}));
    nlohmann::json cloned = Detail(client, "x.yaml", "G", ns);
    CHECK(cloned["content"] == "x: 1");
    CHECK(cloned["type"] == "yaml");
    CHECK(cloned["appName"] == "app");
    CHECK(cloned["desc"] == "dx");
    CHECK(ContentIn(client, "y.yaml", "G", ns) == "y: old");
  }
  SUBCASE("SKIP") {
    const std::string ns = target_with_y();
    nlohmann::json data = Succeeded(Clone(client, {{"tenant", ns}, {"policy", "SKIP"}}, both),
                                    "Clone Completed Successfully");
    CHECK(data["succCount"] == 1);
    CHECK(data["skipCount"] == 1);
    CHECK(ContentIn(client, "y.yaml", "G", ns) == "y: old");
  }
  SUBCASE("OVERWRITE") {
    const std::string ns = target_with_y();
    nlohmann::json data = Succeeded(Clone(client, {{"tenant", ns}, {"policy", "OVERWRITE"}}, both),
                                    "Clone Completed Successfully");
    CHECK(data == nlohmann::json{{"succCount", 2}, {"skipCount", 0}});
    CHECK(ContentIn(client, "y.yaml", "G", ns) == "y: 1");
  }
  SUBCASE("a rename and a string cfgId, into the same namespace") {
    const std::string body = R"([{"cfgId":")" + x + R"(","dataId":"x-copy.yaml","group":"COPY"}])";
    nlohmann::json data =
        Succeeded(Clone(client, {{"tenant", source}}, body), "Clone Completed Successfully");
    CHECK(data["succCount"] == 1);
    CHECK(ContentIn(client, "x-copy.yaml", "COPY", source) == "x: 1");
  }
}

TEST_CASE("transfer: clone errors") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "cerr");
  MustPublish(client, "z", "G", "z", {{"tenant", ns}});
  const std::string z = ConfigId(client, "z", "G", ns);

  CheckFailure(Clone(client, {{"tenant", ns}}, "[]"), 100006);
  CheckFailure(Clone(client, {{"tenant", ns}}, "[null]"), 100006);
  CheckFailure(Clone(client, {{"tenant", UniqueNamespace("absent")}}, R"([{"cfgId":)" + z + "}]"),
               100001);
  CheckFailure(Clone(client, {{"tenant", ns}}, R"([{"cfgId":999999999999}])"), 100005);
  for (const char* bad :
       {"not json", R"({"cfgId":1})", R"([{"dataId":"a"}])", R"([{"cfgId":-1}])"}) {
    CAPTURE(bad);
    const HttpResponse r = Clone(client, {{"tenant", ns}}, bad);
    CHECK_MESSAGE(r.status == 400, r.Describe());
  }
  const HttpResponse no_tenant = Clone(client, {}, R"([{"cfgId":)" + z + "}]");
  CHECK_MESSAGE(no_tenant.status == 400, no_tenant.Describe());
  const HttpResponse bad_rename =
      Clone(client, {{"tenant", ns}}, R"([{"cfgId":)" + z + R"(,"dataId":"a b"}])");
  CHECK_MESSAGE(bad_rename.status == 400, bad_rename.Describe());
}

TEST_CASE("transfer: delType=ids removes the configs with those ids") {
  const HttpClient client = SharedClient();
  const std::string ns = CreateNamespace(client, "del");
  // A namespace id that was never created still holds configs (Nacos allows that).
  const std::string ghost = UniqueNamespace("ghost");
  MustPublish(client, "one", "G", "1", {{"tenant", ns}});
  MustPublish(client, "two", "G", "2", {{"tenant", ns}});
  MustPublish(client, "three", "G", "3", {{"tenant", ns}});
  MustPublish(client, "four", "G", "4", {{"tenant", ghost}});
  const std::string ids = ConfigId(client, "one", "G", ns) + "," +
                          ConfigId(client, "two", "G", ns) + ",999999999," +
                          ConfigId(client, "four", "G", ghost);

  const HttpResponse deleted = client.Delete(kConfigs, {{"delType", "ids"}, {"ids", ids}});
  REQUIRE_MESSAGE(deleted.status == 200, deleted.Describe());
  CHECK(Json(deleted) == nlohmann::json{{"code", 200}, {"message", nullptr}, {"data", true}});
  CHECK(ContentIn(client, "one", "G", ns) == "<404>");
  CHECK(ContentIn(client, "two", "G", ns) == "<404>");
  CHECK(ContentIn(client, "three", "G", ns) == "3");
  CHECK(ContentIn(client, "four", "G", ghost) == "<404>");

  nlohmann::json history =
      Json(client.Get("/nacos/v1/cs/history",
                      {{"search", "accurate"}, {"dataId", "one"}, {"group", "G"}, {"tenant", ns}}));
  REQUIRE(history["pageItems"].size() == 2);
  CHECK(OpType(history["pageItems"][0]) == "D");

  CHECK(client.Delete(kConfigs, {{"delType", "ids"}}).status == 400);
  CHECK(client.Delete(kConfigs, {{"delType", "ids"}, {"ids", "1,abc"}}).status == 400);
}

TEST_CASE("transfer: a multipart import over --max-body-bytes is refused with 413") {
  ServerOptions options;
  options.store = "memory";
  options.extra_args = {"--max-body-bytes=4096"};
  ServerProcess server(options);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());
  std::mt19937 random(42);
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise.push_back(static_cast<char>(random()));
  const HttpResponse big = Import(client, {}, Zip({{"G/a", noise}}));
  CHECK_MESSAGE(big.status == 413, big.Describe());
  const HttpResponse small = Import(client, {}, Zip({{"G/a", "fits"}}));
  CHECK_MESSAGE(small.status == 200, small.Describe());
}

}  // namespace
}  // namespace lever::testing
