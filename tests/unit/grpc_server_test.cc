// In-process tests of the gRPC adapter (server/api/grpc): core::ConfigService over MemoryStore,
// the WatchHub and a GrpcServer on a free port, driven by the SDK-shaped test client. They cover
// what the real-binary tests in tests/integration/grpc_*_test.cc cannot reach: the authorize
// hook, the stats/metrics, peer parsing, and concurrency under sanitizers (churn, retries, drops
// and a shutdown with live clients).
#include "api/grpc/grpc_server.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>

#include "api/grpc/connection_registry.h"
#include "api/grpc/grpc_metrics.h"
#include "grpc_runtime.h"
#include "core/config_service.h"
#include "storage/memory_store.h"
#include "support/grpc_test_client.h"
#include "support/wait_until.h"
#include "watch/watch_hub.h"

namespace lever {
namespace {

using namespace std::chrono_literals;
using testing::GrpcClientOptions;
using testing::NacosGrpcClient;

struct InProcessServer {
  explicit InProcessServer(rpc::GrpcServerOptions options = {}) : config(&store, {}) {
    REQUIRE(config.Start().ok());
    config.SetChangeListener(&hub);
    options.host = "127.0.0.1";
    options.port = 0;
    server = std::make_unique<rpc::GrpcServer>(&config, &hub, std::move(options));
    REQUIRE(server->Start().ok());
  }
  ~InProcessServer() { server->Shutdown(); }

  std::unique_ptr<NacosGrpcClient> Client(GrpcClientOptions o = {}) {
    o.target = "127.0.0.1:" + std::to_string(server->port());
    auto client = std::make_unique<NacosGrpcClient>(std::move(o));
    std::string error;
    REQUIRE_MESSAGE(client->Connect(&error), error);
    return client;
  }

  storage::MemoryStore store;
  core::ConfigService config;
  watch::WatchHub hub;
  std::unique_ptr<rpc::GrpcServer> server;
};

TEST_CASE("grpc unit: peers parse into ip and port; ids follow <millis>_<ip>_<port>") {
  CHECK(rpc::ParsePeer("ipv4:10.0.0.5:52344").ip == "10.0.0.5");
  CHECK(rpc::ParsePeer("ipv4:10.0.0.5:52344").port == "52344");
  CHECK(rpc::ParsePeer("ipv6:[::1]:9848").ip == "::1");
  CHECK(rpc::ParsePeer("ipv6:%5B::1%5D:9848").ip == "::1");
  CHECK(rpc::ParsePeer("ipv6:%5B::1%5D:9848").port == "9848");
  const std::string id = rpc::ConnectionRegistry::NewId("ipv4:10.0.0.5:52344");
  CHECK(id.size() == 13 + std::string("_10.0.0.5_52344").size());
  CHECK(id.ends_with("_10.0.0.5_52344"));
}

TEST_CASE("grpc unit: the server role turns off tcp_read_chunks unless the operator chose") {
  const char* saved = std::getenv("GRPC_EXPERIMENTS");
  const std::string restore = saved != nullptr ? saved : "";
  auto experiments_after = [](const char* before, GrpcRole role) {
    if (before != nullptr) {
      setenv("GRPC_EXPERIMENTS", before, 1);
    } else {
      unsetenv("GRPC_EXPERIMENTS");
    }
    PrepareGrpcRuntime(role);
    const char* after = std::getenv("GRPC_EXPERIMENTS");
    return std::string(after != nullptr ? after : "<unset>");
  };
  CHECK(experiments_after(nullptr, GrpcRole::kServer) == "-tcp_read_chunks");
  CHECK(experiments_after("", GrpcRole::kServer) == "-tcp_read_chunks");
  CHECK(experiments_after("tcp_rcv_lowat", GrpcRole::kServer) == "tcp_rcv_lowat,-tcp_read_chunks");
  CHECK(experiments_after("tcp_read_chunks", GrpcRole::kServer) == "tcp_read_chunks");
  CHECK(experiments_after(nullptr, GrpcRole::kClient) == "<unset>");
  if (saved != nullptr) {
    setenv("GRPC_EXPERIMENTS", restore.c_str(), 1);
  } else {
    unsetenv("GRPC_EXPERIMENTS");
  }
}

TEST_CASE("grpc unit: a port already in use is an error, not a shared port") {
  InProcessServer first;
  storage::MemoryStore store;
  core::ConfigService config(&store, {});
  REQUIRE(config.Start().ok());
  watch::WatchHub hub;
  rpc::GrpcServerOptions o;
  o.host = "127.0.0.1";
  o.port = first.server->port();
  rpc::GrpcServer second(&config, &hub, o);
  Status s = second.Start();
  CHECK_FALSE(s.ok());
  CHECK(s.code() == StatusCode::kUnavailable);
}

TEST_CASE("grpc unit: the authorize hook gates config requests with errorCode 403") {
  rpc::GrpcServerOptions o;
  o.authorize = [](const rpc::AuthRequest& r) {
    if (r.access_token != "good") return Status::PermissionDenied("no right");
    if (r.write && r.group == "READONLY") return Status::PermissionDenied("read only");
    return Status::Ok();
  };
  InProcessServer srv(o);
  auto anonymous = srv.Client();
  testing::GrpcReply denied = anonymous->Query("a", "DEFAULT_GROUP", "");
  CHECK(denied.type == "ConfigQueryResponse");
  CHECK(denied.error_code() == 403);
  CHECK(anonymous->Publish("a", "DEFAULT_GROUP", "", "x").error_code() == 403);
  CHECK(anonymous->BatchListen(true, {{"a", "DEFAULT_GROUP", "", ""}}).error_code() == 403);
  CHECK(anonymous->HealthCheck().success());  // connection messages are not config requests

  GrpcClientOptions with_token;
  with_token.access_token = "good";
  auto user = srv.Client(with_token);
  CHECK(user->Publish("a", "DEFAULT_GROUP", "", "x").success());
  CHECK(user->Query("a", "DEFAULT_GROUP", "").success());
  CHECK(user->Publish("a", "READONLY", "", "x").error_code() == 403);
}

TEST_CASE("grpc unit: stats count connections, pushes and acks; metrics render them") {
  InProcessServer srv;
  auto listener = srv.Client();
  REQUIRE(listener->Publish("m", "DEFAULT_GROUP", "", "v1").success());
  REQUIRE(listener->BatchListen(true, {{"m", "DEFAULT_GROUP", "", ""}}).success());
  REQUIRE(listener->Publish("m", "DEFAULT_GROUP", "", "v2").success());
  REQUIRE(listener->WaitForNotify("m", 2000ms).has_value());
  REQUIRE(testing::WaitUntil([&] { return srv.server->Stats().push_acks == 1; }, 2000ms));

  rpc::GrpcStats stats = srv.server->Stats();
  CHECK(stats.connections == 1);
  CHECK(stats.listens == 1);
  CHECK(stats.pushes_sent == 1);
  CHECK(stats.push_latency_count == 1);
  uint64_t in_buckets = 0;
  for (uint64_t n : stats.push_latency_buckets) in_buckets += n;
  CHECK(in_buckets == 1);
  const std::string text = rpc::FormatGrpcMetrics(stats);
  CHECK(text.find("\nlever_grpc_connections 1\n") != std::string::npos);
  CHECK(text.find("lever_grpc_push_latency_seconds_bucket{le=\"+Inf\"} 1\n") != std::string::npos);
  CHECK(text.find("lever_grpc_push_latency_seconds_count 1\n") != std::string::npos);

  listener->Disconnect();
  CHECK(testing::WaitUntil([&] { return srv.server->Stats().connections == 0; }, 2000ms));
  CHECK(srv.server->Stats().listens == 0);
  CHECK(srv.hub.subscription_count() == 0);
}

TEST_CASE("grpc unit: churn, retries, drops and a shutdown with live clients") {
  rpc::GrpcServerOptions o;
  o.push_ack_timeout_ms = 50;
  o.push_retry_delay_ms = 10;
  o.push_max_retries = 3;
  o.client_idle_ms = 200;
  o.client_detection_timeout_ms = 200;
  o.client_check_interval_ms = 20;
  auto srv = std::make_unique<InProcessServer>(o);
  std::vector<std::unique_ptr<NacosGrpcClient>> clients;
  for (int i = 0; i < 30; ++i) {
    GrpcClientOptions co;
    co.auto_ack = i % 3 != 0;  // every third client never answers: retried, then dropped
    co.flavor = static_cast<testing::SdkFlavor>(i % 3);
    auto c = srv->Client(co);
    for (int k = 0; k < 5; ++k) {
      REQUIRE(
          c->BatchListen(true, {{"churn" + std::to_string(k), "DEFAULT_GROUP", "", ""}}).success());
    }
    clients.push_back(std::move(c));
  }
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto w = srv->Client();
    for (int n = 0; !stop; ++n) {
      const std::string id = "churn" + std::to_string(n % 5);
      (void)w->Publish(id, "DEFAULT_GROUP", "", "v" + std::to_string(n));
      if (n % 7 == 0) (void)w->Remove(id, "DEFAULT_GROUP", "");
    }
  });
  for (int round = 0; round < 15; ++round) {
    std::this_thread::sleep_for(30ms);
    auto& c = clients[round % clients.size()];
    c->Disconnect();
    c = srv->Client();
    (void)c->BatchListen(true, {{"churn1", "DEFAULT_GROUP", "", ""}});
  }
  std::this_thread::sleep_for(400ms);
  stop = true;
  writer.join();
  const rpc::GrpcStats stats = srv->server->Stats();
  MESSAGE("sent=" << stats.pushes_sent << " acks=" << stats.push_acks
                  << " retries=" << stats.push_retries << " dropped=" << stats.connections_dropped
                  << " coalesced=" << stats.pushes_coalesced);
  CHECK(stats.push_acks > 0);
  CHECK(stats.push_retries > 0);
  CHECK(stats.connections_dropped > 0);
  srv.reset();  // ConnectReset to the live clients, cancel, tear down: must be clean under ASan
  for (auto& c : clients) CHECK(c->WaitStreamDone(3000ms));
  clients.clear();
}

}  // namespace
}  // namespace lever
