// Nacos 2.x gRPC config requests against the real lever-server (nacos-protocol.md §8.7;
// checklist 70–79): query, publish with additionMap and casMd5, remove, batch listen, in the
// body shapes of the Java, Go and Python SDKs.
#include <doctest/doctest.h>

#include "integration/fixture.h"
#include "integration/grpc_fixture.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

using testing::Connected;  // the port overload (grpc_fixture.h), beside the shared-server ones

std::unique_ptr<NacosGrpcClient> Connected(GrpcClientOptions options = {}) {
  return Connected(SharedServer().grpc_port(), std::move(options));
}

std::unique_ptr<NacosGrpcClient> Connected(SdkFlavor flavor, std::string client_ip = "127.0.0.1") {
  GrpcClientOptions o;
  o.flavor = flavor;
  o.client_ip = std::move(client_ip);
  return Connected(o);
}

const std::string kCMd5Str(kCMd5);

TEST_CASE("grpc config: publish then query returns content, md5, type, lastModified (70, 71)") {
  auto client = Connected();
  const std::string id = UniqueId("grpc.g1");
  GrpcReply pub =
      client->Publish(id, kGroup, "", std::string(kC), {{"type", "yaml"}, {"tag", nullptr}});
  CHECK(pub.type == "ConfigPublishResponse");
  CHECK(pub.result_code() == 200);
  CHECK(pub.error_code() == 0);
  CHECK(pub.success());

  GrpcReply q = client->Query(id, kGroup, "");
  CHECK(q.type == "ConfigQueryResponse");
  CHECK(q.result_code() == 200);
  CHECK(q.error_code() == 0);
  CHECK(q.success());
  CHECK(q.body["content"] == kC);
  CHECK(q.body["md5"] == kCMd5Str);
  CHECK(q.body["contentType"] == "yaml");
  CHECK(q.body["lastModified"].is_number_integer());
  CHECK(q.body["lastModified"].get<int64_t>() > 1700000000000);
  CHECK(q.body["beta"] == false);
  CHECK(q.body["encryptedDataKey"] == "");
  CHECK_FALSE(q.body.contains("tag"));
  CHECK_FALSE(q.body.contains("message"));

  // The same config over HTTP: one core behind both protocols.
  HttpResponse http = GetConfig(SharedClient(), id, kGroup);
  CHECK(http.status == 200);
  CHECK(http.body == kC);
}

// lever-server starts each connection's read buffer at 512 bytes (docs/grpc.md, "Limits"): a
// multi-MiB request on a connection that has been idle must still arrive whole.
TEST_CASE("grpc config: a 6 MiB config publishes and reads back whole over an idle connection") {
  auto client = Connected();
  REQUIRE(client->HealthCheck().success());
  std::string content(6 << 20, ' ');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>('a' + (i * 7919) % 26);
  const std::string id = UniqueId("grpc.big");
  GrpcReply pub = client->Publish(id, kGroup, "", content);
  REQUIRE_MESSAGE(pub.success(), pub.raw_body.substr(0, 300));
  GrpcReply q = client->Query(id, kGroup, "");
  REQUIRE(q.success());
  CHECK(q.body["md5"] == Md5Hex(content));
  CHECK(q.body["content"].get<std::string>() == content);
  CHECK(client->HealthCheck().success());  // and the connection is still usable afterwards
}

TEST_CASE("grpc config: missing key is ConfigQueryResponse 500/300 (72)") {
  auto client = Connected();
  GrpcReply q = client->Query(UniqueId("grpc.missing"), kGroup, "");
  CHECK(q.type == "ConfigQueryResponse");
  CHECK(q.result_code() == 500);
  CHECK(q.error_code() == 300);
  CHECK(q.body.value("message", "") == "config data not exist");
  CHECK(q.body["lastModified"] == 0);
  CHECK_FALSE(q.success());
}

TEST_CASE("grpc config: tenant public reads the public namespace (73)") {
  auto client = Connected();
  const std::string id = UniqueId("grpc.public");
  REQUIRE(client->Publish(id, kGroup, "", "p: 1").success());
  GrpcReply q = client->Query(id, kGroup, "public");
  CHECK(q.success());
  CHECK(q.body["content"] == "p: 1");
}

TEST_CASE("grpc config: casMd5 (74)") {
  auto client = Connected();
  const std::string id = UniqueId("grpc.cas");
  REQUIRE(client->Publish(id, kGroup, "", std::string(kC)).success());
  GrpcReply wrong =
      client->Publish(id, kGroup, "", "b: 2", json::object(), "0123456789abcdef0123456789abcdef");
  CHECK(wrong.type == "ConfigPublishResponse");
  CHECK(wrong.result_code() == 500);
  CHECK(wrong.error_code() != 0);
  CHECK_FALSE(wrong.success());
  CHECK(client->Query(id, kGroup, "").body["content"] == kC);

  GrpcReply right = client->Publish(id, kGroup, "", "b: 2", json::object(), kCMd5Str);
  CHECK(right.success());
  CHECK(client->Query(id, kGroup, "").body["content"] == "b: 2");
}

TEST_CASE("grpc config: betaIps serves the beta variant to the listed client IP (75)") {
  auto beta_client = Connected(SdkFlavor::kJava, "10.20.30.40");
  auto other = Connected(SdkFlavor::kJava, "10.20.30.41");
  const std::string id = UniqueId("grpc.beta");
  REQUIRE(beta_client->Publish(id, kGroup, "", std::string(kC)).success());
  REQUIRE(beta_client->Publish(id, kGroup, "", "beta", {{"betaIps", "10.20.30.40"}}).success());

  GrpcReply mine = beta_client->Query(id, kGroup, "");
  CHECK(mine.body["content"] == "beta");
  CHECK(mine.body["beta"] == true);
  GrpcReply theirs = other->Query(id, kGroup, "");
  CHECK(theirs.body["content"] == kC);
  CHECK(theirs.body["beta"] == false);
}

TEST_CASE("grpc config: tag variants; tag key only when a tag variant was served") {
  auto client = Connected();
  const std::string id = UniqueId("grpc.tag");
  REQUIRE(client->Publish(id, kGroup, "", std::string(kC)).success());
  REQUIRE(client->Publish(id, kGroup, "", "T", {{"tag", "t1"}}).success());
  GrpcReply tagged = client->Query(id, kGroup, "", "t1");
  CHECK(tagged.body["content"] == "T");
  CHECK(tagged.body["tag"] == "t1");
  GrpcReply formal = client->Query(id, kGroup, "");
  CHECK(formal.body["content"] == kC);
  CHECK_FALSE(formal.body.contains("tag"));
  CHECK(client->Query(id, kGroup, "", "t2").error_code() == 300);

  GrpcClientOptions labelled;
  labelled.extra_labels = {{"Vipserver-Tag", "t1"}};
  auto by_label = Connected(labelled);
  CHECK(by_label->Query(id, kGroup, "").body["content"] == "T");
}

TEST_CASE("grpc config: invalid dataId is 500/400 (76)") {
  auto client = Connected();
  GrpcReply pub = client->Publish("a b", kGroup, "", "x");
  CHECK(pub.type == "ConfigPublishResponse");
  CHECK(pub.result_code() == 500);
  CHECK(pub.error_code() == 400);
  CHECK(pub.body.value("message", "").find("dataId") != std::string::npos);
  CHECK(client->Query("a b", kGroup, "").error_code() == 400);
}

TEST_CASE("grpc config: remove (77)") {
  auto client = Connected();
  const std::string id = UniqueId("grpc.remove");
  REQUIRE(client->Publish(id, kGroup, "", "x: 1").success());
  GrpcReply removed = client->Remove(id, kGroup, "");
  CHECK(removed.type == "ConfigRemoveResponse");
  CHECK(removed.success());
  CHECK(removed.error_code() == 0);
  CHECK(client->Query(id, kGroup, "").error_code() == 300);
  CHECK(client->Remove(UniqueId("grpc.never"), kGroup, "").success());
}

TEST_CASE("grpc config: additionMap metadata is stored") {
  auto client = Connected(SdkFlavor::kJava, "10.7.7.7");
  const std::string id = UniqueId("grpc.meta");
  REQUIRE(client
              ->Publish(id, kGroup, "", "{\"a\":1}",
                        {{"type", "json"},
                         {"appName", "pipeline"},
                         {"desc", "the description"},
                         {"config_tags", "x,y"},
                         {"src_user", "ci-bot"}})
              .success());
  HttpResponse detail = GetConfig(SharedClient(), id, kGroup, {{"show", "all"}});
  REQUIRE(detail.status == 200);
  json d = Json(detail);
  CHECK(d.value("type", "") == "json");
  CHECK(d.value("appName", "") == "pipeline");
  CHECK(d.value("desc", "") == "the description");
  CHECK(client->Query(id, kGroup, "").body["contentType"] == "json");
}

TEST_CASE("grpc config: batch listen reports exactly the stale keys (78)") {
  auto client = Connected();
  const std::string g1 = UniqueId("grpc.l1"), g2 = UniqueId("grpc.l2"), g3 = UniqueId("grpc.l3");
  REQUIRE(client->Publish(g1, kGroup, "", std::string(kC)).success());
  REQUIRE(client->Publish(g3, kGroup, "", "three").success());
  GrpcReply l = client->BatchListen(true, {{g1, kGroup, "", kCMd5Str},
                                           {g2, kGroup, "", ""},
                                           {g3, kGroup, "", "ffffffffffffffffffffffffffffffff"}});
  CHECK(l.type == "ConfigChangeBatchListenResponse");
  CHECK(l.success());
  CHECK(l.error_code() == 0);
  REQUIRE(l.body["changedConfigs"].is_array());
  REQUIRE(l.body["changedConfigs"].size() == 1);
  CHECK(l.body["changedConfigs"][0] == json({{"group", kGroup}, {"dataId", g3}, {"tenant", ""}}));

  GrpcReply none = client->BatchListen(true, {});
  CHECK(none.body["changedConfigs"] == json::array());
}

TEST_CASE("grpc config: changedConfigs echo the tenant as sent (79)") {
  auto client = Connected();
  const std::string ns = UniqueNamespace("grpcdev");
  const std::string id = UniqueId("grpc.echo");
  GrpcReply dev = client->BatchListen(true, {{id, kGroup, ns, "0123"}});
  REQUIRE(dev.body["changedConfigs"].size() == 1);
  CHECK(dev.body["changedConfigs"][0]["tenant"] == ns);
  GrpcReply pub = client->BatchListen(true, {{id, kGroup, "public", "0123"}});
  REQUIRE(pub.body["changedConfigs"].size() == 1);
  CHECK(pub.body["changedConfigs"][0]["tenant"] == "public");
}

TEST_CASE("grpc config: a tenant namespace is separate from public") {
  auto client = Connected();
  const std::string ns = UniqueNamespace("grpcns");
  const std::string id = UniqueId("grpc.ns");
  REQUIRE(client->Publish(id, kGroup, ns, "in ns").success());
  CHECK(client->Query(id, kGroup, ns).body["content"] == "in ns");
  CHECK(client->Query(id, kGroup, "").error_code() == 300);
}

TEST_CASE("grpc config: Go and Python body shapes work end to end") {
  for (SdkFlavor flavor : {SdkFlavor::kGo, SdkFlavor::kPython}) {
    CAPTURE(static_cast<int>(flavor));
    auto client = Connected(flavor);
    const std::string id = UniqueId("grpc.flavor");
    GrpcReply pub = client->Publish(id, kGroup, "", std::string(kC), {{"type", "yaml"}});
    CHECK_MESSAGE(pub.success(), pub.raw_body);
    GrpcReply q = client->Query(id, kGroup, "");
    CHECK(q.body["content"] == kC);
    CHECK(q.error_code() == 0);
    CHECK_FALSE(q.body.contains("tag"));  // Go/Python parse `tag` as a boolean
    GrpcReply l = client->BatchListen(true, {{id, kGroup, "", kCMd5Str}});
    CHECK(l.body["changedConfigs"].empty());
    CHECK(client->Remove(id, kGroup, "").success());
  }
}

}  // namespace
}  // namespace lever::testing
