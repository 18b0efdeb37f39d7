// api/http/transfer_archive: the export/import archive layout and its metadata files
// (nacos-protocol.md §10.3).
#include "api/http/transfer_archive.h"

#include <doctest/doctest.h>

#include <memory>

using namespace lever;
using namespace lever::http;

namespace {

core::ItemPtr Item(std::string group, std::string data_id, std::string content,
                   std::string type = "text", std::string app_name = "", std::string desc = "") {
  auto item = std::make_shared<core::ConfigItem>();
  item->key = {"", std::move(group), std::move(data_id)};
  item->content = std::move(content);
  item->type = std::move(type);
  item->app_name = std::move(app_name);
  item->desc = std::move(desc);
  return item;
}

std::vector<ZipEntry> Entries(const std::string& zip) {
  auto entries = ReadZip(zip);
  REQUIRE_MESSAGE(entries.ok(), entries.status().ToString());
  return *entries;
}

}  // namespace

TEST_CASE("transfer archive: metadata YAML round trips awkward strings") {
  const std::vector<core::ItemPtr> items = {
      Item("G", "app.yaml", "", "yaml", "shop", "plain desc"),
      Item("G", "1.0", "", "json", "true", "a: b # not a comment"),
      Item("DEFAULT_GROUP", "x", "", "text", "", "quote \" and back\\slash, 中文\ttab"),
      Item("G", "null", "", "properties", "'single'", "")};
  const std::string yaml = MetadataYaml(items);
  auto parsed = ParseMetadataYaml(yaml);
  REQUIRE_MESSAGE(parsed.has_value(), yaml);
  REQUIRE(parsed->size() == items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CAPTURE(i);
    CHECK((*parsed)[i].data_id == items[i]->key.data_id);
    CHECK((*parsed)[i].group == items[i]->key.group);
    CHECK((*parsed)[i].type == items[i]->type);
    CHECK((*parsed)[i].app_name == items[i]->app_name);
    CHECK((*parsed)[i].desc == items[i]->desc);
  }
  CHECK(MetadataYaml({}) == "metadata: []\n");
  auto empty = ParseMetadataYaml("metadata: []\n");
  REQUIRE(empty.has_value());
  CHECK(empty->empty());
}

TEST_CASE("transfer archive: metadata as Nacos (SnakeYAML) writes it is read") {
  auto parsed = ParseMetadataYaml(
      "metadata:\r\n"
      "- appName: ''\r\n"
      "  dataId: db.properties\r\n"
      "  desc: 'it''s the db'\r\n"
      "  group: DEFAULT_GROUP\r\n"
      "  type: properties\r\n"
      "- dataId: \"a\\u00e9\\U0001F600\"\r\n"
      "  group: G  # trailing comment\r\n"
      "  type: ~\r\n"
      "  schema: ignored\r\n");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->size() == 2);
  CHECK((*parsed)[0].app_name.empty());
  CHECK((*parsed)[0].desc == "it's the db");
  CHECK((*parsed)[0].type == "properties");
  CHECK((*parsed)[1].data_id == "aé😀");
  CHECK((*parsed)[1].group == "G");
  CHECK((*parsed)[1].type.empty());
}

TEST_CASE("transfer archive: metadata of another shape is refused") {
  for (const char* bad : {
           "other: 1\n",
           "metadata: {dataId: a}\n",
           "metadata:\n- {dataId: a, group: G}\n",
           "metadata:\n- dataId: |\n    a\n",
           "metadata:\n  dataId: a\n",
           "metadata:\n- dataId: a\n   group: G\n",
           "metadata:\n- dataId: 'unterminated\n",
           "metadata:\n- dataId: \"bad \\q escape\"\n",
           "metadata:\n- dataId: *alias\n",
           "- dataId: a\n",
       }) {
    CAPTURE(bad);
    CHECK_FALSE(ParseMetadataYaml(bad).has_value());
  }
}

TEST_CASE("transfer archive: type by extension") {
  CHECK(TypeFromExtension("a.yml") == "yaml");
  CHECK(TypeFromExtension("a.YAML") == "yaml");
  CHECK(TypeFromExtension("a.txt") == "text");
  CHECK(TypeFromExtension("a.b.json") == "json");
  CHECK(TypeFromExtension("a.htm") == "html");
  CHECK(TypeFromExtension("a.properties") == "properties");
  CHECK(TypeFromExtension("a.toml") == "toml");
  CHECK(TypeFromExtension("a.conf") == "text");
  CHECK(TypeFromExtension("noext") == "text");
}

TEST_CASE("transfer archive: a v1 export reads back with appNames from .meta.yml") {
  auto zip = BuildExportArchive(
      {Item("G", "app.yaml", "a: 1", "yaml", "shop"), Item("G", "plain", "p")}, false, 0);
  REQUIRE(zip.ok());
  std::vector<ZipEntry> entries = Entries(*zip);
  REQUIRE(entries.size() == 3);
  CHECK(entries[2].name == ".meta.yml");
  CHECK(entries[2].data == "G.app~yaml.app=shop\r\n");
  auto archive = ParseImportArchive(entries);
  REQUIRE(archive.has_value());
  REQUIRE(archive->items.size() == 2);
  CHECK(archive->items[0].app_name == "shop");
  CHECK(archive->items[0].type == "yaml");
  CHECK(archive->items[0].content == "a: 1");
  CHECK(archive->items[1].app_name.empty());
  CHECK(archive->unrecognized.empty());
}

TEST_CASE("transfer archive: a v2 export reads back with its metadata") {
  auto zip = BuildExportArchive({Item("G", "conf", "{}", "json", "", "d")}, true, 0);
  REQUIRE(zip.ok());
  auto archive = ParseImportArchive(Entries(*zip));
  REQUIRE(archive.has_value());
  REQUIRE(archive->items.size() == 1);
  CHECK(archive->items[0].type == "json");
  CHECK(archive->items[0].desc == "d");
}

TEST_CASE("transfer archive: names that are not <group>/<dataId> are unrecognized") {
  std::vector<ZipEntry> entries = {{"G/", ""},
                                   {"G/a", "a"},
                                   {"top", "t"},
                                   {"a/b/c", "x"},
                                   {"/b", "x"},
                                   {".meta.yml", "G.a.app=x"},
                                   {".meta.yml", "second copy is an item"}};
  auto archive = ParseImportArchive(entries);
  REQUIRE(archive.has_value());
  REQUIRE(archive->items.size() == 1);
  CHECK(archive->items[0].app_name == "x");
  CHECK(archive->unrecognized == std::vector<std::string>{"top", "a/b/c", "/b", ".meta.yml"});

  CHECK_FALSE(ParseImportArchive({{".meta.yml", "a=b=c"}, {"G/a", "a"}}).has_value());
  CHECK_FALSE(ParseImportArchive({{".metadata.yml", "metadata: []"}, {"G/a", "a"}}).has_value());
  CHECK_FALSE(
      ParseImportArchive({{".metadata.yml", "metadata:\n- dataId: a\n  group: G\n"}}).has_value());
}
