// Validation of v1 publish/read/delete parameters (nacos-protocol.md §2.1, §3.1, checklist items
// 13-20). Every rejected request must leave stored data as it was.
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"

namespace lever::testing {
namespace {

// The v1 error body shape: `caused: <message>;` (§3.1 style 1) or the param checker's plain
// text (style 2). Either way it must name the offending thing.
void CheckRejected(const HttpResponse& response, int status, std::string_view mentions) {
  CHECK_MESSAGE(response.status == status, response.Describe());
  CHECK_MESSAGE(response.body.find(mentions) != std::string::npos,
                "body should mention '" << mentions << "': " << response.Describe());
}

TEST_CASE("v1 invalid dataId characters are 400 and store nothing (item 13)") {
  const HttpClient client = SharedClient();
  for (const char* bad : {"a b", "a/b", "a?b", "中文", "a+b", "a%b", "a,b"}) {
    CAPTURE(bad);
    CheckRejected(Publish(client, bad, kDefaultGroup, kC), 400, "dataId");
    CHECK(GetConfig(client, bad, kDefaultGroup).status != 200);
  }
}

TEST_CASE("v1 dataId length: 255 accepted, 257 rejected (item 14)") {
  const HttpClient client = SharedClient();
  const std::string ok(255, 'd');
  MustPublish(client, ok, kDefaultGroup, kC);
  CHECK(GetConfig(client, ok, kDefaultGroup).body == kC);

  const std::string too_long(257, 'e');
  CheckRejected(Publish(client, too_long, kDefaultGroup, kC), 400, "dataId");
  CHECK(GetConfig(client, too_long, kDefaultGroup).status != 200);
}

TEST_CASE("v1 group: 128 accepted, 129 rejected, invalid chars rejected (item 15)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("grouplen");
  const std::string ok(128, 'g');
  MustPublish(client, id, ok, kC);
  CHECK(GetConfig(client, id, ok).body == kC);

  const std::string too_long(129, 'g');
  CheckRejected(Publish(client, id, too_long, kC), 400, "group");
  CheckRejected(Publish(client, id, "my group", kC), 400, "group");
}

TEST_CASE("v1 blank content is 400; existing content stays (item 16)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("blank");
  MustPublish(client, id, kDefaultGroup, kC);
  for (const char* blank : {"", "   ", "\t\n "}) {
    CAPTURE(blank);
    const HttpResponse response = Publish(client, id, kDefaultGroup, blank);
    CHECK_MESSAGE(response.status == 400, response.Describe());
    CHECK(GetConfig(client, id, kDefaultGroup).body == kC);
  }
}

TEST_CASE("v1 missing required parameters are 400 (item 17, deliberate deviation from 500)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("missing");
  SUBCASE("POST without content") {
    const HttpResponse r = client.PostForm(kConfigs, {{"dataId", id}, {"group", "DEFAULT_GROUP"}});
    CHECK_MESSAGE(r.status == 400, r.Describe());
    CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  }
  SUBCASE("POST without dataId") {
    const HttpResponse r =
        client.PostForm(kConfigs, {{"group", "DEFAULT_GROUP"}, {"content", "x"}});
    CHECK_MESSAGE(r.status == 400, r.Describe());
  }
  SUBCASE("POST without group") {
    const HttpResponse r = client.PostForm(kConfigs, {{"dataId", id}, {"content", "x"}});
    CHECK_MESSAGE(r.status == 400, r.Describe());
    CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  }
  SUBCASE("GET without group / dataId") {
    CHECK(client.Get(kConfigs, {{"dataId", id}}).status == 400);
    CHECK(client.Get(kConfigs, {{"group", "DEFAULT_GROUP"}}).status == 400);
  }
  SUBCASE("blank group on GET is an error, not DEFAULT_GROUP") {
    CHECK(client.Get(kConfigs, {{"dataId", id}, {"group", ""}}).status / 100 != 2);
  }
  SUBCASE("DELETE without dataId") {
    CHECK(client.Delete(kConfigs, {{"group", "DEFAULT_GROUP"}}).status == 400);
  }
}

TEST_CASE("v1 tag longer than 16 is 400 `too long tag, over 16` (item 18)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("longtag");
  CheckRejected(Publish(client, id, kDefaultGroup, kC, {{"tag", std::string(17, 't')}}), 400,
                "too long tag, over 16");
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  CHECK(GetConfig(client, id, kDefaultGroup, {{"tag", std::string(17, 't')}}).status != 200);
}

TEST_CASE("v1 desc over 128 and more than 5 config_tags are 400 (item 19)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("advanced");
  CheckRejected(Publish(client, id, kDefaultGroup, kC, {{"desc", std::string(129, 'x')}}), 400,
                "too long desc, over 128");
  CheckRejected(Publish(client, id, kDefaultGroup, kC, {{"config_tags", "a,b,c,d,e,f"}}), 400,
                "too much config_tags, over 5");
  CheckRejected(Publish(client, id, kDefaultGroup, kC, {{"config_tags", std::string(65, 't')}}),
                400, "too long tag, over 64");
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);

  // At the limits it is accepted.
  MustPublish(client, id, kDefaultGroup, kC,
              {{"desc", std::string(128, 'x')}, {"config_tags", "a,b,c,d,e"}});
  CHECK(GetConfig(client, id, kDefaultGroup).body == kC);
}

TEST_CASE("v1 tenant with '/' is 400 (item 20)") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("badtenant");
  const HttpResponse response = Publish(client, id, kDefaultGroup, kC, {{"tenant", "dev/x"}});
  CHECK_MESSAGE(response.status == 400, response.Describe());
  CHECK(GetConfig(client, id, kDefaultGroup, {{"tenant", "dev/x"}}).status != 200);
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  const HttpResponse too_long =
      Publish(client, id, kDefaultGroup, kC, {{"tenant", std::string(129, 'n')}});
  CHECK_MESSAGE(too_long.status == 400, too_long.Describe());
}

}  // namespace
}  // namespace lever::testing
