// Gray variants on v1: beta by client IP and tag (nacos-protocol.md §10.1, §10.2, checklist
// items 26-28).
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

TEST_CASE("v1 beta publish is served to the listed IP only (item 26)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("beta");
  MustPublish(client, id, kDefaultGroup, kC);

  const HttpResponse beta =
      Publish(client, id, kDefaultGroup, "beta", {}, {{"betaIps", "127.0.0.1"}});
  REQUIRE_MESSAGE(beta.status == 200, beta.Describe());
  CHECK(beta.body == "true");

  const HttpResponse local = GetConfig(client, id, kDefaultGroup);
  CHECK(local.body == "beta");
  CHECK(local.header("isBeta") == "true");
  CHECK(local.header("Content-MD5") == Md5Hex("beta"));

  const HttpResponse forwarded =
      GetConfig(client, id, kDefaultGroup, {}, {{"X-Forwarded-For", "10.9.9.9"}});
  CHECK(forwarded.body == kC);
  CHECK_FALSE(forwarded.has_header("isBeta"));
  CHECK(forwarded.header("Content-MD5") == kCMd5);

  const HttpResponse real_ip =
      GetConfig(client, id, kDefaultGroup, {}, {{"X-Real-IP", "10.9.9.8"}});
  CHECK(real_ip.body == kC);

  // X-Forwarded-For wins over the socket address, first entry only.
  const HttpResponse as_beta =
      GetConfig(client, id, kDefaultGroup, {}, {{"X-Forwarded-For", "127.0.0.1, 10.1.1.1"}});
  CHECK(as_beta.body == "beta");

  SUBCASE("query beta=true shows the beta record") {
    const HttpResponse query =
        client.Get(kConfigs, {{"beta", "true"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}});
    REQUIRE_MESSAGE(query.status == 200, query.Describe());
    nlohmann::json body = Json(query);
    REQUIRE_MESSAGE(body.is_object(), query.Describe());
    CHECK(body["code"] == 200);
    CHECK(body["message"] == "query beta ok");
    REQUIRE(body["data"].is_object());
    CHECK(body["data"]["content"] == "beta");
    CHECK(body["data"]["betaIps"] == "127.0.0.1");
  }

  SUBCASE("stop beta restores the formal content (item 27)") {
    const HttpResponse stop =
        client.Delete(kConfigs, {{"beta", "true"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}});
    REQUIRE_MESSAGE(stop.status == 200, stop.Describe());
    nlohmann::json body = Json(stop);
    CHECK(body == nlohmann::json::parse(R"({"code":200,"message":"stop beta ok","data":true})"));
    const HttpResponse after = GetConfig(client, id, kDefaultGroup);
    CHECK(after.body == kC);
    CHECK_FALSE(after.has_header("isBeta"));

    const HttpResponse query =
        client.Get(kConfigs, {{"beta", "true"}, {"dataId", id}, {"group", "DEFAULT_GROUP"}});
    CHECK(query.status == 200);
    CHECK(Json(query)["data"].is_null());
  }
}

TEST_CASE("long-poll compares the md5 each client would be served (beta by IP, tag by header)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("gray.poll");
  MustPublish(client, id, kDefaultGroup, kC);
  REQUIRE(Publish(client, id, kDefaultGroup, "beta", {}, {{"betaIps", "127.0.0.1"}}).status == 200);
  const std::string tagged = UniqueId("gray.poll");
  MustPublish(client, tagged, kDefaultGroup, kC);
  MustPublish(client, tagged, kDefaultGroup, "T", {{"tag", "t1"}});

  const auto probe = [&](const std::string& key, std::string_view md5, Headers headers) {
    LongPollRequest request;
    request.listening_configs = ListenRecord(key, kDefaultGroup, md5);
    request.no_hangup = true;
    request.extra_headers = std::move(headers);
    return LongPoll(client.port(), request);
  };
  // 127.0.0.1 is served the beta, so the formal md5 is stale for it ...
  CHECK(probe(id, kCMd5, {}).body == id + "%02DEFAULT_GROUP%01\n");
  CHECK(probe(id, Md5Hex("beta"), {}).body.empty());
  // ... but current for a client elsewhere.
  CHECK(probe(id, kCMd5, {{"X-Forwarded-For", "10.9.9.9"}}).body.empty());
  // A client presenting the tag is served T.
  CHECK(probe(tagged, kCMd5, {{"Vipserver-Tag", "t1"}}).body == tagged + "%02DEFAULT_GROUP%01\n");
  CHECK(probe(tagged, Md5Hex("T"), {{"Vipserver-Tag", "t1"}}).body.empty());
  CHECK(probe(tagged, kCMd5, {}).body.empty());
}

TEST_CASE("v1 tag publish is served only to that tag (item 28)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("tagged");
  MustPublish(client, id, kDefaultGroup, kC);
  MustPublish(client, id, kDefaultGroup, "T", {{"tag", "t1"}});

  const HttpResponse by_param = GetConfig(client, id, kDefaultGroup, {{"tag", "t1"}});
  CHECK(by_param.status == 200);
  CHECK(by_param.body == "T");
  CHECK(by_param.header("Content-MD5") == Md5Hex("T"));

  const HttpResponse by_header =
      GetConfig(client, id, kDefaultGroup, {}, {{"Vipserver-Tag", "t1"}});
  CHECK(by_header.body == "T");

  CHECK(GetConfig(client, id, kDefaultGroup).body == kC);

  const HttpResponse other_tag = GetConfig(client, id, kDefaultGroup, {{"tag", "t2"}});
  CHECK(other_tag.status == 404);

  SUBCASE("deleting the tag removes only the variant") {
    const HttpResponse del = DeleteConfig(client, id, kDefaultGroup, {{"tag", "t1"}});
    CHECK(del.status == 200);
    CHECK(del.body == "true");
    CHECK(GetConfig(client, id, kDefaultGroup, {{"tag", "t1"}}).status == 404);
    CHECK(GetConfig(client, id, kDefaultGroup).body == kC);
  }
  SUBCASE("betaIps wins over tag on publish") {
    const HttpResponse both = Publish(client, id, kDefaultGroup, "beta-not-tag", {{"tag", "t4"}},
                                      {{"betaIps", "127.0.0.1"}});
    CHECK(both.status == 200);
    CHECK(GetConfig(client, id, kDefaultGroup).body == "beta-not-tag");
    // From another IP no beta applies, and no t4 variant was created.
    CHECK(GetConfig(client, id, kDefaultGroup, {{"tag", "t4"}}, {{"X-Forwarded-For", "10.9.9.9"}})
              .status == 404);
  }
}

}  // namespace
}  // namespace lever::testing
