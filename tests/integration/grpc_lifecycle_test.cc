// Nacos 2.x gRPC connection lifecycle against the real lever-server (nacos-protocol.md §8.5,
// §8.6; checklist 59–69, 88): ServerCheck, setup, SetupAck, 301/302/502, health checks, idle
// detection and ConnectReset on graceful shutdown.
#include <doctest/doctest.h>

#include <regex>

#include "integration/fixture.h"
#include "integration/grpc_fixture.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

GrpcClientOptions At(int grpc_port) {
  GrpcClientOptions o;
  o.target = "127.0.0.1:" + std::to_string(grpc_port);
  return o;
}

// §8.4 rules every unary reply must follow.
void CheckWireRules(const GrpcReply& reply) {
  CHECK_MESSAGE(reply.rpc_ok, reply.rpc_error);
  CHECK(reply.type_url.empty());
  CHECK(reply.client_ip.empty());
  CHECK(reply.header_count == 0);
  REQUIRE_MESSAGE(reply.body.is_object(), reply.raw_body);
  CHECK(reply.body.contains("resultCode"));
  CHECK(reply.body.contains("errorCode"));
  CHECK(reply.body.contains("success"));
  CHECK_FALSE(reply.body.contains("requestId"));
  CHECK(reply.raw_body.find("null") == std::string::npos);
}

TEST_CASE("grpc: ServerCheck on a fresh channel answers a connectionId (59, 62)") {
  const int port = SharedServer().grpc_port();
  REQUIRE(port > 0);
  NacosGrpcClient first(At(port));
  GrpcReply check = first.ServerCheck();
  CheckWireRules(check);
  CHECK(check.type == "ServerCheckResponse");
  CHECK(check.result_code() == 200);
  CHECK(check.error_code() == 0);
  CHECK(check.success());
  const std::string id = check.body.value("connectionId", "");
  CHECK_MESSAGE(std::regex_match(id, std::regex(R"(\d{13}_127\.0\.0\.1_\d+)")), id);
  CHECK(check.body["supportAbilityNegotiation"].is_boolean());

  // Same transport, same id: also once the stream is set up.
  CHECK(first.ServerCheck().body.value("connectionId", "") == id);
  REQUIRE(first.OpenStream());
  first.SendSetup();
  REQUIRE(WaitUntil([&] { return first.HealthCheck().success(); }, 5000ms));
  CHECK(first.ServerCheck().body.value("connectionId", "") == id);

  NacosGrpcClient second(At(port));
  CHECK(second.ServerCheck().body.value("connectionId", "") != id);
}

TEST_CASE("grpc: requests before ConnectionSetupRequest get ErrorResponse 301 (60)") {
  NacosGrpcClient client(At(SharedServer().grpc_port()));
  REQUIRE(client.ServerCheck().success());
  for (const char* type :
       {"ConfigQueryRequest", "HealthCheckRequest", "ConfigBatchListenRequest"}) {
    CAPTURE(type);
    GrpcReply reply =
        client.Request(type, {{"dataId", "a"}, {"group", "DEFAULT_GROUP"}, {"tenant", ""}});
    CheckWireRules(reply);
    CHECK(reply.type == "ErrorResponse");
    CHECK(reply.result_code() == 500);
    CHECK(reply.error_code() == 301);
    CHECK(reply.body.value("message", "") == "Connection is unregistered.");
    CHECK_FALSE(reply.success());
  }
}

TEST_CASE("grpc: setup then HealthCheck; SetupAck when negotiated (61, 63)") {
  const int port = SharedServer().grpc_port();
  auto client = Connected(port);  // Java flavor: waits for SetupAckRequest if negotiated
  GrpcReply health = client->HealthCheck();
  CheckWireRules(health);
  CHECK(health.type == "HealthCheckResponse");
  CHECK(health.result_code() == 200);
  CHECK(health.error_code() == 0);
  if (client->negotiated()) {
    auto acks = client->History();
    REQUIRE(!acks.empty());
    CHECK(acks.front().type == "SetupAckRequest");
    CHECK(acks.front().body["abilityTable"].is_object());
    CHECK_FALSE(acks.front().body.contains("requestId"));
  }
}

TEST_CASE("grpc: with negotiation off the server never sends SetupAck") {
  ServerOptions so;
  so.store = "memory";
  so.extra_args = {"--grpc-ability-negotiation=false"};
  ServerProcess server(so);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  auto client = Connected(server.grpc_port());  // Java flavor: sends abilityTable {}
  CHECK_FALSE(client->negotiated());
  CHECK(client->HealthCheck().success());
  CHECK_FALSE(client->WaitForType("SetupAckRequest", 300ms).has_value());
}

TEST_CASE("grpc: Go-style setup without abilityTable is accepted, no SetupAck (64)") {
  GrpcClientOptions o;
  o.flavor = SdkFlavor::kGo;
  auto client = Connected(SharedServer().grpc_port(), o);
  CHECK(client->HealthCheck().success());
  CHECK_FALSE(client->WaitForType("SetupAckRequest", 300ms).has_value());
}

TEST_CASE("grpc: Python-style client completes the lifecycle") {
  GrpcClientOptions o;
  o.flavor = SdkFlavor::kPython;
  auto client = Connected(SharedServer().grpc_port(), o);
  GrpcReply health = client->HealthCheck();
  CHECK(health.error_code() == 0);  // Python decides success by errorCode == 0
}

TEST_CASE("grpc: unknown type 302, non-JSON 502, cluster-only 502, extra fields accepted (65-69)") {
  auto client = Connected(SharedServer().grpc_port());

  GrpcReply unknown = client->Request("FooRequest", json::object());
  CheckWireRules(unknown);
  CHECK(unknown.type == "ErrorResponse");
  CHECK(unknown.error_code() == 302);

  GrpcReply garbage = client->RawRequest("ConfigQueryRequest", "this is {not json");
  CheckWireRules(garbage);
  CHECK(garbage.type == "ErrorResponse");
  CHECK(garbage.error_code() == 502);
  CHECK(client->HealthCheck().success());  // the connection stays usable

  GrpcReply sync =
      client->Request("ConfigChangeClusterSyncRequest", {{"dataId", "a"},
                                                         {"group", "DEFAULT_GROUP"},
                                                         {"tenant", ""},
                                                         {"lastModified", 1741665776000},
                                                         {"grayName", "beta"},
                                                         {"beta", false}});
  CheckWireRules(sync);
  CHECK(sync.type == "ErrorResponse");
  CHECK(sync.error_code() == 502);
  CHECK(sync.body.value("message", "").find("forbidden") != std::string::npos);

  const std::string id = UniqueId("grpc.extra");
  GrpcReply extra = client->Request("ConfigQueryRequest", {{"dataId", id},
                                                           {"group", "DEFAULT_GROUP"},
                                                           {"tenant", ""},
                                                           {"notify", false},
                                                           {"someFutureField", {{"x", 1}}},
                                                           {"tag", nullptr}});
  CheckWireRules(extra);
  CHECK(extra.type == "ConfigQueryResponse");
  CHECK(extra.error_code() == 300);
}

TEST_CASE("grpc: idle connections get ClientDetectionRequest; silent ones are unregistered (88)") {
  ServerOptions so;
  so.store = "memory";
  so.extra_args = {"--grpc-detect-idle-ms=500", "--grpc-detect-timeout-ms=700",
                   "--grpc-detect-interval-ms=100"};
  ServerProcess server(so);
  REQUIRE_MESSAGE(server.Start(), server.Describe());

  auto answering = Connected(server.grpc_port());
  GrpcClientOptions silent_options;
  silent_options.auto_ack = false;
  auto silent = Connected(server.grpc_port(), silent_options);

  auto probe = answering->WaitForType("ClientDetectionRequest", 5000ms);
  REQUIRE_MESSAGE(probe.has_value(), server.LogTail());
  CHECK(!probe->request_id().empty());
  CHECK(probe->body.value("module", "") == "internal");
  REQUIRE(silent->WaitForType("ClientDetectionRequest", 5000ms).has_value());

  // The silent one is unregistered and its stream completed; the answering one stays.
  CHECK_MESSAGE(silent->WaitStreamDone(5000ms), server.LogTail());
  CHECK(silent->HealthCheck().error_code() == 301);
  CHECK(answering->HealthCheck().success());
  CHECK_FALSE(answering->stream_done());
}

TEST_CASE("grpc: graceful shutdown sends ConnectResetRequest to every client") {
  ServerOptions so;
  so.store = "memory";
  ServerProcess server(so);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  auto a = Connected(server.grpc_port());
  GrpcClientOptions go;
  go.flavor = SdkFlavor::kGo;
  auto b = Connected(server.grpc_port(), go);

  CHECK(server.Stop() == 0);
  for (auto* client : {a.get(), b.get()}) {
    auto reset = client->WaitForType("ConnectResetRequest", 3000ms);
    REQUIRE_MESSAGE(reset.has_value(), server.LogTail());
    CHECK(!reset->request_id().empty());
    CHECK(reset->body.value("connectionId", "") == client->connection_id());
    CHECK_FALSE(reset->body.contains("serverIp"));  // reconnect to the next server of the list
    CHECK(client->WaitStreamDone(3000ms));
  }
}

}  // namespace
}  // namespace lever::testing
