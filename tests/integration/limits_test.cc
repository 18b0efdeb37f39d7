// Limits (issue 6, docs/security.md): request body size, content size, listeners per request
// (nacos-protocol.md §5: 10 000) for HTTP long-poll and gRPC BatchListen, and connection caps on
// both ports. Each limit is set low by its flag so the test can cross it, and each refusal must
// come in the protocol's own error format.
#include <doctest/doctest.h>

#include "integration/fixture.h"
#include "support/grpc_test_client.h"
#include "support/raw_connection.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;

ServerProcess StartWith(std::vector<std::string> args) {
  ServerOptions options;
  options.store = "memory";
  options.extra_args = std::move(args);
  return ServerProcess(options);
}

// `count` long-poll records for keys "<prefix>.<i>" with an empty md5.
std::string ListeningConfigs(const std::string& prefix, int count) {
  std::string value;
  for (int i = 0; i < count; ++i) value += prefix + "." + std::to_string(i) + "\x02" + "DEFAULT_GROUP\x02\x01";
  return value;
}

std::vector<ListenContext> Contexts(const std::string& prefix, int count) {
  std::vector<ListenContext> contexts;
  for (int i = 0; i < count; ++i) contexts.push_back({prefix + "." + std::to_string(i), "DEFAULT_GROUP", "", ""});
  return contexts;
}

TEST_CASE("limits: body, content and listeners per request are refused in each protocol's format") {
  ServerProcess server(StartWith({"--max-body-bytes=4096", "--max-content-bytes=100", "--max-listeners-per-request=3"}));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());

  SUBCASE("request body over --max-body-bytes: 413 with a v1 body, nothing stored") {
    HttpResponse big = Publish(client, "limits.body", "DEFAULT_GROUP", std::string(5000, 'b'));
    CHECK_MESSAGE(big.status == 413, big.Describe());
    CHECK(big.body == "caused: request body over 4096 bytes;");
    CHECK(GetConfig(client, "limits.body", "DEFAULT_GROUP").status == 404);
  }
  SUBCASE("content over --max-content-bytes: 400 over HTTP, errorCode 400 over gRPC") {
    HttpResponse over = Publish(client, "limits.content", "DEFAULT_GROUP", std::string(101, 'c'));
    CHECK_MESSAGE(over.status == 400, over.Describe());
    CHECK(over.body == "caused: invalid content, over 100;");
    MustPublish(client, "limits.content", "DEFAULT_GROUP", std::string(100, 'c'));

    auto grpc_client = NacosGrpcClient::ConnectTo(server.grpc_port());
    REQUIRE(grpc_client != nullptr);
    GrpcReply refused = grpc_client->Publish("limits.content.grpc", "DEFAULT_GROUP", "", std::string(101, 'c'));
    CHECK(refused.type == "ConfigPublishResponse");
    CHECK(refused.error_code() == 400);
    CHECK(refused.body.value("message", "") == "invalid content, over 100");
  }
  SUBCASE("a gRPC message over the 10 MiB inbound limit is refused by the transport, nothing stored") {
    auto grpc_client = NacosGrpcClient::ConnectTo(server.grpc_port());
    REQUIRE(grpc_client != nullptr);
    GrpcReply big = grpc_client->Publish("limits.grpc.size", "DEFAULT_GROUP", "", std::string(11 << 20, 'g'));
    CHECK_FALSE(big.rpc_ok);
    CHECK_MESSAGE(big.rpc_error.find("larger than max") != std::string::npos, big.rpc_error);
    CHECK(GetConfig(client, "limits.grpc.size", "DEFAULT_GROUP").status == 404);
    CHECK(grpc_client->HealthCheck().success());  // the connection itself is still usable
  }
  SUBCASE("long-poll with more records than --max-listeners-per-request: 400 too much listener") {
    HttpResponse over = client.PostForm(kListener, {{"Listening-Configs", ListeningConfigs("limits.lp", 4)}},
                                        {{"Long-Pulling-Timeout", "30000"}});
    CHECK_MESSAGE(over.status == 400, over.Describe());
    CHECK(over.body == "caused: invalid protocol, too much listener;");
    // At the limit the poll is served: one of the keys exists, so it differs from the client's
    // empty md5 and the answer comes at once.
    MustPublish(client, "limits.lp.0", "DEFAULT_GROUP", "x");
    HttpResponse at = client.PostForm(kListener, {{"Listening-Configs", ListeningConfigs("limits.lp", 3)}},
                                      {{"Long-Pulling-Timeout", "30000"}});
    CHECK_MESSAGE(at.status == 200, at.Describe());
    CHECK(at.body == "limits.lp.0%02DEFAULT_GROUP%01\n");
  }
  SUBCASE("BatchListen with more contexts than --max-listeners-per-request: errorCode 400") {
    auto grpc_client = NacosGrpcClient::ConnectTo(server.grpc_port());
    REQUIRE(grpc_client != nullptr);
    GrpcReply over = grpc_client->BatchListen(true, Contexts("limits.bl", 4));
    CHECK(over.type == "ConfigChangeBatchListenResponse");
    CHECK_FALSE(over.success());
    CHECK(over.error_code() == 400);
    CHECK(over.body.value("message", "") == "invalid protocol, too much listener");
    GrpcReply at = grpc_client->BatchListen(true, Contexts("limits.bl", 3));
    CHECK(at.success());
  }
}

TEST_CASE("limits: HTTP connections past --http-max-connections get 503 and are closed") {
  ServerProcess server(StartWith({"--http-max-connections=2", "--http-keep-alive-seconds=60"}));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const std::string health = "GET /nacos/v1/console/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  {
    // Two keep-alive connections, each answered once and then left open: the cap is reached.
    RawConnection first(server.http_port()), second(server.http_port());
    for (RawConnection* c : {&first, &second}) {
      REQUIRE(c->connected());
      REQUIRE(c->Send(health));
      CHECK(c->ReadUntil("OK", 5s).find("200 OK") != std::string::npos);
    }
    const std::string refused = RawExchange(server.http_port(), health, 5s);
    CHECK_MESSAGE(refused.find("HTTP/1.1 503") == 0, refused);
    CHECK(refused.find("Connection: close") != std::string::npos);
    CHECK(refused.find("caused: too many connections, over 2; retry later;") != std::string::npos);
  }
  // Once they close, new connections are served again.
  const HttpClient client(server.http_port());
  CHECK(WaitUntil([&] { return client.Get("/nacos/v1/console/health/liveness").status == 200; }, 10s));
  HttpResponse metrics = client.Get("/metrics");
  CHECK(metrics.body.find("lever_http_connections_refused_total 0") == std::string::npos);
  CHECK(metrics.body.find("lever_http_connections_refused_total") != std::string::npos);
}

TEST_CASE("limits: gRPC connections past --grpc-max-connections get ConnectResetRequest and 301") {
  ServerProcess server(StartWith({"--grpc-max-connections=1"}));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  auto first = NacosGrpcClient::ConnectTo(server.grpc_port());
  REQUIRE(first != nullptr);
  CHECK(first->HealthCheck().success());

  GrpcClientOptions options;
  options.target = "127.0.0.1:" + std::to_string(server.grpc_port());
  options.auto_ack = false;
  NacosGrpcClient second(options);
  REQUIRE(second.ServerCheck().rpc_ok);
  REQUIRE(second.OpenStream());
  second.SendSetup();
  CHECK(second.WaitForType("ConnectResetRequest", 5s).has_value());
  CHECK(second.WaitStreamDone(5s));
  CHECK(second.HealthCheck().error_code() == 301);
  CHECK(first->HealthCheck().success());  // the registered one is untouched

  first->Disconnect();
  CHECK(WaitUntil(
      [&] {
        auto next = NacosGrpcClient::ConnectTo(server.grpc_port());
        return next != nullptr && next->HealthCheck().success();
      },
      10s, 100ms));
}

}  // namespace
}  // namespace lever::testing
