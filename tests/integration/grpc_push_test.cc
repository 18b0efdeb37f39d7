// Server pushes over the Nacos 2.x gRPC bi-stream against the real lever-server
// (nacos-protocol.md §8.8; checklist 80–87, 101): notify on every md5 change, acks of any
// response type, retries and the drop after the limit, coalescing, re-listen after reconnect, and
// one watch hub shared with HTTP long-polls in both directions.
#include <doctest/doctest.h>

#include "integration/fixture.h"
#include "integration/grpc_fixture.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

void Listen(NacosGrpcClient& client, const std::string& id, const std::string& md5,
            const std::string& tenant = "") {
  GrpcReply l = client.BatchListen(true, {{id, kGroup, tenant, md5}});
  REQUIRE_MESSAGE(l.success(), l.raw_body);
}

// A server whose push timing is fast enough to observe retries in a test.
ServerOptions FastPushServer(int max_retries = 50) {
  ServerOptions so;
  so.store = "memory";
  so.extra_args = {"--grpc-push-ack-timeout-ms=300", "--grpc-push-retry-delay-ms=100",
                   "--grpc-push-max-retries=" + std::to_string(max_retries)};
  return so;
}

// A client listening to a fresh key at "v1" whose "v2" has just been published: a push for it
// is on its way.
std::unique_ptr<NacosGrpcClient> PushPending(int port, const std::string& id,
                                             GrpcClientOptions options) {
  auto client = Connected(port, std::move(options));
  REQUIRE(client->Publish(id, kGroup, "", "v1").success());
  Listen(*client, id, Md5Hex("v1"));
  REQUIRE(client->Publish(id, kGroup, "", "v2").success());
  return client;
}

GrpcClientOptions Silent() {
  GrpcClientOptions o;
  o.auto_ack = false;
  return o;
}

// The value of a `name value` line of GET /metrics, or -1.
double Metric(int http_port, const std::string& name) {
  HttpResponse r = HttpClient(http_port).Get("/metrics");
  const std::string needle = "\n" + name + " ";
  const size_t at = r.body.find(needle);
  if (at == std::string::npos) return -1;
  return std::stod(r.body.substr(at + needle.size()));
}

TEST_CASE("grpc push: HTTP publish notifies a gRPC listener (80) and the ack stops it (81)") {
  const HttpClient http = SharedClient();
  auto listener = Connected(SharedServer().grpc_port());
  const std::string id = UniqueId("grpc.push");
  MustPublish(http, id, kGroup, kC);
  Listen(*listener, id, std::string(kCMd5));

  const auto sent = std::chrono::steady_clock::now();
  MustPublish(http, id, kGroup, "a: 2");
  auto push = listener->WaitForNotify(id, 1000ms);
  REQUIRE_MESSAGE(push.has_value(), "no ConfigChangeNotifyRequest within 1 s");
  const auto latency = std::chrono::steady_clock::now() - sent;
  MESSAGE("HTTP publish -> gRPC push: "
          << std::chrono::duration_cast<std::chrono::microseconds>(latency).count() << " us");
  CHECK(push->body["group"] == kGroup);
  CHECK(push->body["tenant"] == "");
  CHECK(push->body["module"] == "config");
  const std::string rid = push->request_id();
  CHECK(!rid.empty());
  CHECK(rid.find_first_not_of("0123456789") == std::string::npos);

  // The client then re-queries, as the SDKs do.
  CHECK(listener->Query(id, kGroup, "", "", true).body["content"] == "a: 2");
}

TEST_CASE("grpc push: acked pushes are not re-sent, for Java and Go ack types (81, 82)") {
  ServerProcess server(FastPushServer());
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  for (SdkFlavor flavor : {SdkFlavor::kJava, SdkFlavor::kGo}) {
    CAPTURE(static_cast<int>(flavor));
    GrpcClientOptions o;
    o.flavor = flavor;  // Go answers NotifySubscriberResponse
    const std::string id = UniqueId("grpc.acked");
    auto client = PushPending(server.grpc_port(), id, o);
    REQUIRE(client->WaitForNotify(id, 2000ms).has_value());
    // Several ack timeouts (300 ms) and retry delays later: still exactly one push.
    std::this_thread::sleep_for(1200ms);
    CHECK(client->CountReceived("ConfigChangeNotifyRequest") == 1);
  }
  CHECK(Metric(server.http_port(), "lever_grpc_push_acks_total") >= 2);
  CHECK(Metric(server.http_port(), "lever_grpc_push_retries_total") == 0);
}

TEST_CASE("grpc push: an unacked push is retried with a new requestId (83)") {
  ServerProcess server(FastPushServer());
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const std::string id = UniqueId("grpc.retry");
  auto client = PushPending(server.grpc_port(), id, Silent());

  auto first = client->WaitForNotify(id, 2000ms);
  REQUIRE(first.has_value());
  auto again = client->WaitForNotify(id, 3000ms);  // 300 ms timeout + 100 ms delay
  REQUIRE_MESSAGE(again.has_value(), server.LogTail());
  CHECK(again->request_id() != first->request_id());

  // A failed answer (resultCode 500) is a failure too: one more try comes.
  client->Ack(*again, "", 500);
  auto third = client->WaitForNotify(id, 3000ms);
  REQUIRE(third.has_value());
  client->Ack(*third);
  const size_t pushes = client->CountReceived("ConfigChangeNotifyRequest");
  std::this_thread::sleep_for(1000ms);
  CHECK(client->CountReceived("ConfigChangeNotifyRequest") == pushes);
  CHECK(Metric(server.http_port(), "lever_grpc_push_retries_total") >= 2);
}

TEST_CASE("grpc push: the connection is dropped after the retry limit") {
  ServerProcess server(FastPushServer(/*max_retries=*/2));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const std::string id = UniqueId("grpc.drop");
  auto client = PushPending(server.grpc_port(), id, Silent());

  REQUIRE_MESSAGE(client->WaitStreamDone(10000ms), server.LogTail());
  CHECK(client->CountReceived("ConfigChangeNotifyRequest") == 3);  // first send + 2 retries
  CHECK(client->HealthCheck().error_code() == 301);
  CHECK(Metric(server.http_port(), "lever_grpc_connections_dropped_total") == 1);
  CHECK(server.Log().find("event=push_drop") != std::string::npos);
}

TEST_CASE("grpc push: changes while a push is unacked coalesce into one more push") {
  auto client = Connected(SharedServer().grpc_port(), Silent());
  const std::string id = UniqueId("grpc.coalesce");
  REQUIRE(client->Publish(id, kGroup, "", "v0").success());
  Listen(*client, id, Md5Hex("v0"));
  REQUIRE(client->Publish(id, kGroup, "", "v1").success());
  auto first = client->WaitForNotify(id, 2000ms);
  REQUIRE(first.has_value());
  for (int i = 2; i <= 6; ++i)
    REQUIRE(client->Publish(id, kGroup, "", "v" + std::to_string(i)).success());
  CHECK_FALSE(client->WaitForNotify(id, 200ms).has_value());  // nothing while the first is unacked
  client->Ack(*first);
  auto second = client->WaitForNotify(id, 2000ms);
  REQUIRE(second.has_value());
  client->Ack(*second);
  CHECK_FALSE(client->WaitForNotify(id, 500ms).has_value());
  CHECK(client->Query(id, kGroup, "").body["content"] == "v6");
}

TEST_CASE("grpc push: delete notifies (84); unlisten (85) and identical content (101) do not") {
  auto client = Connected(SharedServer().grpc_port());
  const std::string gone = UniqueId("grpc.gone"), quiet = UniqueId("grpc.quiet"),
                    same = UniqueId("grpc.same"), sentinel = UniqueId("grpc.sentinel");
  for (const auto& id : {gone, quiet, same, sentinel})
    REQUIRE(client->Publish(id, kGroup, "", "v1").success());
  for (const auto& id : {gone, quiet, same, sentinel}) Listen(*client, id, Md5Hex("v1"));

  REQUIRE(client->Remove(gone, kGroup, "").success());
  REQUIRE(client->WaitForNotify(gone, 1000ms).has_value());
  CHECK(client->Query(gone, kGroup, "").error_code() == 300);

  REQUIRE(client->BatchListen(false, {{quiet, kGroup, "", ""}}).success());
  REQUIRE(client->Publish(quiet, kGroup, "", "v2").success());
  REQUIRE(client->Publish(same, kGroup, "", "v1").success());  // byte-identical
  // Pushes of one connection are written in commit order: once the sentinel's arrives, any push
  // for the other two would have arrived before it.
  REQUIRE(client->Publish(sentinel, kGroup, "", "v2").success());
  REQUIRE(client->WaitForNotify(sentinel, 1000ms).has_value());
  CHECK_FALSE(client->WaitForNotify(quiet, 100ms).has_value());
  CHECK_FALSE(client->WaitForNotify(same, 100ms).has_value());
}

TEST_CASE(
    "grpc push: listener query lists the gRPC client IP; closing the channel removes it (86, 87)") {
  const HttpClient http = SharedClient();
  GrpcClientOptions o;
  o.client_ip = "10.86.87.1";
  auto client = Connected(SharedServer().grpc_port(), o);
  const std::string id = UniqueId("grpc.who");
  MustPublish(http, id, kGroup, kC);
  Listen(*client, id, std::string(kCMd5));

  auto listeners = [&] {
    HttpResponse r = http.Get(kListener, {{"dataId", id}, {"group", kGroup}});
    REQUIRE(r.status == 200);
    return Json(r);
  };
  json who = listeners();
  CHECK(who["collectStatus"] == 200);
  CHECK(who["lisentersGroupkeyStatus"]["10.86.87.1"] == kCMd5);

  client->Disconnect();
  CHECK(WaitUntil([&] { return !listeners()["lisentersGroupkeyStatus"].contains("10.86.87.1"); },
                  5000ms));
}

TEST_CASE("grpc push: re-listen after reconnect reports what changed meanwhile and pushes again") {
  const HttpClient http = SharedClient();
  const std::string id = UniqueId("grpc.relisten");
  MustPublish(http, id, kGroup, "v1");
  auto client = Connected(SharedServer().grpc_port());
  Listen(*client, id, Md5Hex("v1"));
  client->Disconnect();

  MustPublish(http, id, kGroup, "v2");  // missed while disconnected
  client = Connected(SharedServer().grpc_port());
  GrpcReply relisten = client->BatchListen(true, {{id, kGroup, "", Md5Hex("v1")}});
  REQUIRE(relisten.body["changedConfigs"].size() == 1);
  CHECK(relisten.body["changedConfigs"][0]["dataId"] == id);
  REQUIRE(
      client->BatchListen(true, {{id, kGroup, "", Md5Hex("v2")}}).body["changedConfigs"].empty());

  MustPublish(http, id, kGroup, "v3");
  CHECK(client->WaitForNotify(id, 1000ms).has_value());
}

TEST_CASE("grpc push: a gRPC publish completes a held HTTP long-poll") {
  const HttpClient http = SharedClient();
  const std::string id = UniqueId("grpc.to.http");
  MustPublish(http, id, kGroup, kC);
  LongPollRequest request;
  request.listening_configs = ListenRecord(id, kGroup, kCMd5);
  AsyncLongPoll poll(http.port(), request);
  REQUIRE(WaitForListener(http, id, kGroup, "", kCMd5));

  auto client = Connected(SharedServer().grpc_port());
  REQUIRE(client->Publish(id, kGroup, "", "from grpc").success());
  HttpResponse r = poll.Wait();
  CHECK(r.status == 200);
  CHECK(r.body.find(id) != std::string::npos);
  CHECK(r.elapsed < 2000ms);
}

TEST_CASE("grpc push: tenant of the push is the tenant the client listened with") {
  auto client = Connected(SharedServer().grpc_port());
  const std::string ns = UniqueNamespace("grpcpush");
  const std::string id = UniqueId("grpc.tenant");
  REQUIRE(client->Publish(id, kGroup, ns, "v1").success());
  Listen(*client, id, Md5Hex("v1"), ns);
  REQUIRE(client->Publish(id, kGroup, ns, "v2").success());
  auto push = client->WaitForNotify(id, 1000ms);
  REQUIRE(push.has_value());
  CHECK(push->body["tenant"] == ns);
}

}  // namespace
}  // namespace lever::testing
