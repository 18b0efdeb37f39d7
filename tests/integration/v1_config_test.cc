// /nacos/v1/cs/configs GET/POST/DELETE against the real server: nacos-protocol.md §4.1–§4.3 and
// conformance checklist items 1–12 and 21–25.
#include <doctest/doctest.h>
#include <time.h>

#include <chrono>
#include <ctime>
#include <string>

#include "integration/fixture.h"
#include "support/raw_connection.h"

namespace lever::testing {
namespace {

// Parses an IMF-fixdate ("Tue, 11 Mar 2025 04:02:56 GMT"); nullopt if malformed.
std::optional<std::time_t> ParseHttpDate(const std::string& value) {
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&tm);
}

TEST_CASE("v1 publish then read: body, md5 and the exact response headers (items 1, 2)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("app.yaml");

  const HttpResponse publish = Publish(client, id, kDefaultGroup, kC, {{"type", "yaml"}});
  CHECK_MESSAGE(publish.status == 200, publish.Describe());
  CHECK(publish.body == "true");
  CHECK(publish.header("Content-Type").rfind("application/json", 0) == 0);

  const HttpResponse get = GetConfig(client, id, kDefaultGroup);
  REQUIRE_MESSAGE(get.status == 200, get.Describe());
  CHECK(get.body == kC);
  CHECK(get.header("Config-Type") == "yaml");
  CHECK(get.header("Content-MD5") == kCMd5);
  CHECK(get.header("Content-Type") == "text/plain;charset=UTF-8");
  CHECK(get.header("Cache-Control") == "no-cache,no-store");
  CHECK(get.header("Pragma") == "no-cache");
  CHECK(get.header("Expires") == "Thu, 01 Jan 1970 00:00:00 GMT");
  // httplib's client drops empty-valued headers, so look at the raw response for this one.
  const std::string raw = RawExchange(
      client.port(), "GET /nacos/v1/cs/configs?dataId=" + id +
                         "&group=DEFAULT_GROUP HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK_MESSAGE(raw.find("\r\nEncrypted-Data-Key:") != std::string::npos,
                "§4.1: Encrypted-Data-Key is emitted (empty) for parity; got:\n"
                    << raw);

  const auto modified = ParseHttpDate(get.header("Last-Modified"));
  REQUIRE_MESSAGE(modified.has_value(), "Last-Modified: '" << get.header("Last-Modified") << "'");
  const std::time_t now = std::time(nullptr);
  CHECK(*modified <= now + 5);
  CHECK(*modified >= now - 300);
}

TEST_CASE("v1 GET of a never-published key is 404 `config data not exist\\n` (item 3)") {
  const HttpResponse get = GetConfig(SharedClient(), UniqueId("never"), kDefaultGroup);
  CHECK(get.status == 404);
  CHECK(get.body == "config data not exist\n");
}

TEST_CASE("v1 tenant `public` and empty tenant are the public namespace (items 4, 5)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("tenant.norm");
  MustPublish(client, id, kDefaultGroup, "x: public");

  for (const char* tenant : {"public", ""}) {
    CAPTURE(tenant);
    const HttpResponse get = GetConfig(client, id, kDefaultGroup, {{"tenant", tenant}});
    CHECK_MESSAGE(get.status == 200, get.Describe());
    CHECK(get.body == "x: public");
  }
  // And the other way round: published with tenant=public, read with no tenant.
  const std::string other = UniqueId("tenant.norm");
  MustPublish(client, other, kDefaultGroup, "y", {{"tenant", "public"}});
  CHECK(GetConfig(client, other, kDefaultGroup).body == "y");
  // v1 GET also accepts namespaceId.
  CHECK(GetConfig(client, other, kDefaultGroup, {{"namespaceId", "public"}}).body == "y");
}

TEST_CASE("v1 Content-Type and Config-Type follow the published type (items 6, 7, 8)") {
  const HttpClient client = SharedClient();
  struct Case {
    const char* type;  // nullptr = no type parameter
    const char* config_type;
    const char* content_type;
  };
  const Case cases[] = {
      {"json", "json", "application/json;charset=UTF-8"},
      {"xml", "xml", "application/xml;charset=UTF-8"},
      {"html", "html", "text/html;charset=UTF-8"},
      {"properties", "properties", "text/plain;charset=UTF-8"},
      {"toml", "toml", "text/plain;charset=UTF-8"},
      {"text", "text", "text/plain;charset=UTF-8"},
      {"foo", "text", "text/plain;charset=UTF-8"},
      {"", "text", "text/plain;charset=UTF-8"},
      {nullptr, "text", "text/plain;charset=UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.type == nullptr ? "<none>" : c.type);
    const std::string id = UniqueId("typed");
    Params extra;
    if (c.type != nullptr) extra.emplace_back("type", c.type);
    MustPublish(client, id, kDefaultGroup, "{\"k\": 1}", extra);
    const HttpResponse get = GetConfig(client, id, kDefaultGroup);
    CHECK(get.status == 200);
    CHECK(get.header("Config-Type") == c.config_type);
    CHECK(get.header("Content-Type") == c.content_type);
  }
}

TEST_CASE("v1 unicode content round-trips with the UTF-8 md5 (item 9)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("unicode");
  MustPublish(client, id, kDefaultGroup, "中文");
  const HttpResponse get = GetConfig(client, id, kDefaultGroup);
  CHECK(get.body == "中文");
  CHECK(get.header("Content-MD5") == "a7bac2239fcdcb3a067903d8077c4a07");
  // Arbitrary bytes of content that need encoding: newlines, &, =, +, %, quotes, emoji.
  const std::string tricky = "a=1&b=2\nc: \"x + y % z\"\r\n😀 tab\there";
  MustPublish(client, id, kDefaultGroup, tricky);
  const HttpResponse again = GetConfig(client, id, kDefaultGroup);
  CHECK(again.body == tricky);
  CHECK(again.header("Content-MD5") == Md5Hex(tricky));
}

TEST_CASE("v1 publish is an upsert; delete answers true, also for a missing key (items 10-12)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("upsert");
  MustPublish(client, id, kDefaultGroup, "first");
  MustPublish(client, id, kDefaultGroup, "second");
  CHECK(GetConfig(client, id, kDefaultGroup).body == "second");

  const HttpResponse del = DeleteConfig(client, id, kDefaultGroup);
  CHECK(del.status == 200);
  CHECK(del.body == "true");
  const HttpResponse gone = GetConfig(client, id, kDefaultGroup);
  CHECK(gone.status == 404);
  CHECK(gone.body == "config data not exist\n");

  const HttpResponse missing = DeleteConfig(client, UniqueId("never"), kDefaultGroup);
  CHECK(missing.status == 200);
  CHECK(missing.body == "true");
}

TEST_CASE("v1 keys are case-sensitive and groups isolate") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("Case");
  MustPublish(client, id, "GROUP_A", "in a");
  MustPublish(client, id, "GROUP_B", "in b");
  CHECK(GetConfig(client, id, "GROUP_A").body == "in a");
  CHECK(GetConfig(client, id, "GROUP_B").body == "in b");
  CHECK(GetConfig(client, id, "group_a").status == 404);
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  REQUIRE(DeleteConfig(client, id, "GROUP_A").body == "true");
  CHECK(GetConfig(client, id, "GROUP_B").body == "in b");
}

TEST_CASE("v1 POST with parameters in the query string is accepted (item 21)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("query.post");
  const HttpResponse post =
      client.PostQuery(kConfigs, {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", "q: 1"}});
  CHECK_MESSAGE(post.status == 200, post.Describe());
  CHECK(post.body == "true");
  CHECK(GetConfig(client, id, kDefaultGroup).body == "q: 1");
}

TEST_CASE("v1 form declared charset=GBK is still decoded as UTF-8 (item 22)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("gbk");
  const HttpResponse post =
      client.PostRaw(kConfigs, "dataId=" + id + "&group=DEFAULT_GROUP&content=%E4%B8%AD", {},
                     "application/x-www-form-urlencoded; charset=GBK");
  CHECK_MESSAGE(post.status == 200, post.Describe());
  const HttpResponse get = GetConfig(client, id, kDefaultGroup);
  CHECK(get.body == "中");
  CHECK(get.header("Content-MD5") == Md5Hex("中"));
}

TEST_CASE("v1 form body: '+' decodes to a space") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("plus");
  const HttpResponse post =
      client.PostRaw(kConfigs, "dataId=" + id + "&group=DEFAULT_GROUP&content=a:+1");
  CHECK_MESSAGE(post.status == 200, post.Describe());
  CHECK(GetConfig(client, id, kDefaultGroup).body == "a: 1");
}

TEST_CASE("v1 CAS publish with casMd5 (items 23-25)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("cas");
  MustPublish(client, id, kDefaultGroup, kC);

  SUBCASE("matching casMd5 updates") {
    const HttpResponse ok =
        Publish(client, id, kDefaultGroup, "a: 2", {}, {{"casMd5", std::string(kCMd5)}});
    CHECK_MESSAGE(ok.status == 200, ok.Describe());
    CHECK(ok.body == "true");
    CHECK(GetConfig(client, id, kDefaultGroup).body == "a: 2");
  }
  SUBCASE("wrong casMd5 is HTTP 500 and leaves the content unchanged") {
    const HttpResponse bad =
        Publish(client, id, kDefaultGroup, "a: 3", {}, {{"casMd5", Md5Hex("something else")}});
    CHECK_MESSAGE(bad.status == 500, bad.Describe());
    CHECK(bad.body.find("Cas publish fail") != std::string::npos);
    CHECK(GetConfig(client, id, kDefaultGroup).body == kC);
  }
  SUBCASE("any casMd5 on a missing key inserts") {
    const std::string fresh = UniqueId("cas.fresh");
    const HttpResponse insert =
        Publish(client, fresh, kDefaultGroup, "new", {}, {{"casMd5", Md5Hex("whatever")}});
    CHECK_MESSAGE(insert.status == 200, insert.Describe());
    CHECK(insert.body == "true");
    CHECK(GetConfig(client, fresh, kDefaultGroup).body == "new");
  }
}

}  // namespace
}  // namespace lever::testing
