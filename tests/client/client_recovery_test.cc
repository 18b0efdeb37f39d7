// Outages: server restart and kill -9 while the client runs, the server down at start (snapshot),
// the failover directory, and rotation over two servers when one is killed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "client_fixture.h"

namespace lever::testing {

namespace {

// Publishes `content` to the data dir of the stopped `server` through a second server process on
// other ports, so the change happens while every client of `server` is disconnected.
void PublishWhileDown(const ServerProcess& server, const ConfigKey& key, const std::string& content) {
  const int side_port = FreePortPair();
  ServerOptions options;
  options.extra_args = {"--data-dir=" + server.data_dir(), "--port=" + std::to_string(side_port),
                        "--grpc-port=" + std::to_string(side_port + 1000)};
  ServerProcess side(options);
  REQUIRE_MESSAGE(side.Start(), side.Describe());
  PublishVia(side_port, key, content);
  REQUIRE(side.Stop() == 0);
}

void ExerciseOutage(Transport transport, bool crash) {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(transport, {port}));
  REQUIRE(client.ok());
  const ConfigKey key{UniqueDataId("outage"), "DEFAULT_GROUP"};
  PublishVia(port, key, "before");
  EventLog log;
  auto handle = (*client)->AddListener(key, log.Listener());
  REQUIRE(handle.ok());
  REQUIRE(log.WaitForContent("before"));

  if (crash) {
    server->Kill9();
  } else {
    REQUIRE(server->Stop() == 0);
  }
  REQUIRE(WaitUntil([&] { return !(*client)->metrics().connected; }, kEventDeadline));
  PublishWhileDown(*server, key, "while-down");
  REQUIRE_MESSAGE(server->Start(), server->Describe());

  // The version published while the client was away is delivered after it reconnects...
  REQUIRE_MESSAGE(log.WaitForContent("while-down"), "events so far: ", log.Contents().size());
  // ...and the key is listened again: later changes arrive too.
  PublishVia(port, key, "after");
  REQUIRE(log.WaitForContent("after"));
  CHECK(log.Contents().back() == "after");
  CHECK((*client)->metrics().reconnects >= 1);
  CHECK((*client)->Get(key)->content == "after");
}

}  // namespace

TEST_CASE("client: server restart over gRPC") { ExerciseOutage(Transport::kGrpc, false); }
TEST_CASE("client: server kill -9 over gRPC") { ExerciseOutage(Transport::kGrpc, true); }
TEST_CASE("client: server restart over HTTP") { ExerciseOutage(Transport::kHttp, false); }
TEST_CASE("client: server kill -9 over HTTP") { ExerciseOutage(Transport::kHttp, true); }

TEST_CASE("client: the snapshot is served when the server is down at start") {
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    CAPTURE(static_cast<int>(transport));
    const int port = FreePortPair();
    auto server = StartServerOn(port);
    TempDir dir;
    ClientOptions options = TestOptions(transport, {port});
    options.snapshot_dir = dir.Sub("snapshot");
    const ConfigKey key{UniqueDataId("snap"), "DEFAULT_GROUP"};
    PublishVia(port, key, "saved");
    {
      auto client = ConfigClient::Create(options);
      REQUIRE(client.ok());
      EventLog log;
      auto handle = (*client)->AddListener(key, log.Listener());
      REQUIRE(log.WaitForContent("saved"));  // a received version is written to the snapshot
    }
    CHECK(std::filesystem::exists(options.snapshot_dir + "/snapshot/DEFAULT_GROUP/" + key.data_id));
    REQUIRE(server->Stop() == 0);

    auto client = ConfigClient::Create(options);
    REQUIRE(client.ok());
    auto got = (*client)->Get(key);
    REQUIRE_MESSAGE(got.ok(), got.error().ToString());
    CHECK(got->content == "saved");
    CHECK(got->source == ConfigSource::kSnapshot);
    EventLog log;
    auto handle = (*client)->AddListener(key, log.Listener());
    REQUIRE(log.WaitForContent("saved"));
    CHECK(log.Events().front().config.source == ConfigSource::kSnapshot);
    CHECK((*client)->metrics().snapshot_served >= 2);
    CHECK((*client)->Get({UniqueDataId("never"), "DEFAULT_GROUP"}).error().code == ErrorCode::kUnavailable);

    // When the server comes back, its newer version replaces the snapshot.
    PublishWhileDown(*server, key, "newer");
    REQUIRE_MESSAGE(server->Start(), server->Describe());
    REQUIRE(log.WaitForContent("newer"));
    CHECK(log.Events().back().config.source == ConfigSource::kServer);
  }
}

TEST_CASE("client: a namespace keeps its configs apart, in the snapshot-tenant layout") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  TempDir dir;
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    CAPTURE(static_cast<int>(transport));
    ClientOptions options = TestOptions(transport, {port});
    options.namespace_id = "dev";
    options.snapshot_dir = dir.Sub("snapshot");
    auto dev = ConfigClient::Create(options);
    auto pub = ConfigClient::Create(TestOptions(transport, {port}));
    REQUIRE(dev.ok());
    REQUIRE(pub.ok());
    const ConfigKey key{UniqueDataId("tenant"), "DEFAULT_GROUP"};
    EventLog log;
    auto handle = (*dev)->AddListener(key, log.Listener());
    REQUIRE((*dev)->Publish(key, "in-dev").ok());
    REQUIRE(log.WaitForContent("in-dev"));
    CHECK((*pub)->Get(key).error().code == ErrorCode::kNotFound);
    REQUIRE((*pub)->Publish(key, "in-public").ok());
    CHECK((*dev)->Get(key)->content == "in-dev");
    CHECK(std::filesystem::exists(options.snapshot_dir + "/snapshot-tenant/dev/DEFAULT_GROUP/" + key.data_id));
  }
}

TEST_CASE("client: the failover directory overrides the server") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  TempDir dir;
  ClientOptions options = TestOptions(Transport::kGrpc, {port});
  options.failover_dir = dir.Sub("failover");
  const ConfigKey key{UniqueDataId("failover"), "DEFAULT_GROUP"};
  PublishVia(port, key, "from-server");
  auto client = ConfigClient::Create(options);
  REQUIRE(client.ok());
  EventLog log;
  auto handle = (*client)->AddListener(key, log.Listener());
  REQUIRE(log.WaitForContent("from-server"));

  // The Nacos Java client's layout: <dir>/data/config-data/<group>/<dataId>.
  const auto file = std::filesystem::path(options.failover_dir) / "data" / "config-data" / "DEFAULT_GROUP" / key.data_id;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << "from-failover";
  REQUIRE(log.WaitForContent("from-failover"));
  CHECK(log.Events().back().config.source == ConfigSource::kFailover);
  auto got = (*client)->Get(key);
  REQUIRE(got.ok());
  CHECK(got->content == "from-failover");
  CHECK(got->source == ConfigSource::kFailover);

  PublishVia(port, key, "server-v2");  // hidden while the failover file exists
  CHECK((*client)->Get(key)->content == "from-failover");
  std::filesystem::remove(file);
  REQUIRE(log.WaitForContent("server-v2"));
  CHECK(log.Contents().back() == "server-v2");
  CHECK((*client)->metrics().failover_served >= 2);
}

TEST_CASE("client: rotates to the other server when one is killed") {
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    CAPTURE(static_cast<int>(transport));
    const int port_a = FreePortPair();
    auto server_a = StartServerOn(port_a);
    const int port_b = FreePortPair();
    auto server_b = StartServerOn(port_b);
    const ConfigKey key{UniqueDataId("rotate"), "DEFAULT_GROUP"};
    PublishVia(port_a, key, "v1");
    PublishVia(port_b, key, "v1");
    auto client = ConfigClient::Create(TestOptions(transport, {port_a, port_b}));
    REQUIRE(client.ok());
    EventLog log;
    auto handle = (*client)->AddListener(key, log.Listener());
    REQUIRE(log.WaitForContent("v1"));
    REQUIRE(WaitUntil([&] { return (*client)->metrics().connected; }, kEventDeadline));
    CHECK((*client)->metrics().server == "127.0.0.1:" + std::to_string(port_a));

    server_a->Kill9();
    PublishVia(port_b, key, "v2-on-b");
    REQUIRE_MESSAGE(log.WaitForContent("v2-on-b"), "events: ", log.Contents().size());
    CHECK((*client)->metrics().server == "127.0.0.1:" + std::to_string(port_b));
    auto got = (*client)->Get(key);
    REQUIRE(got.ok());
    CHECK(got->content == "v2-on-b");
    CHECK(got->source == ConfigSource::kServer);
  }
}

}  // namespace lever::testing
