#include "app/server_options.h"

#include <doctest/doctest.h>

#include <fstream>

#include "temp_dir.h"

using lever::app::ServerOptions;

namespace {
lever::StatusOr<ServerOptions> Load(std::vector<std::string> args, std::vector<std::string> env = {}) {
  args.insert(args.begin(), "lever-server");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return ServerOptions::Load(static_cast<int>(argv.size()), argv.data(), env);
}
}  // namespace

TEST_CASE("defaults follow Nacos: HTTP 8848, gRPC port + 1000") {
  auto o = Load({});
  REQUIRE(o.ok());
  CHECK(o->port == 8848);
  CHECK(o->grpc_port == 9848);
  CHECK(o->store == "rocksdb");
  CHECK(o->sync_writes);
  auto moved = Load({"--port=18848"});
  CHECK(moved->grpc_port == 19848);
  CHECK(Load({"--port=0"})->grpc_port == 0);
}

TEST_CASE("flags beat the environment, which beats the config file") {
  lever::testing::TempDir dir;
  const std::string file = dir.path() + "/lever.conf";
  std::ofstream(file) << "# comment\nport = 1000\ndata-dir = /from/file\nlog-level = debug\n";
  auto o = Load({"--config=" + file, "--port=3000"}, {"LEVER_PORT=2000", "LEVER_DATA_DIR=/from/env", "PATH=/bin"});
  REQUIRE(o.ok());
  CHECK(o->port == 3000);
  CHECK(o->data_dir == "/from/env");
  CHECK(o->log_level == "debug");
  auto via_env = Load({}, {"LEVER_CONFIG=" + file});
  REQUIRE(via_env.ok());
  CHECK(via_env->port == 1000);
}

TEST_CASE("unknown names, malformed values and unavailable choices are errors") {
  CHECK(Load({"--nope=1"}).status().message().find("unknown option 'nope'") != std::string::npos);
  CHECK_FALSE(Load({"--port=abc"}).ok());
  CHECK_FALSE(Load({"--port=70000"}).ok());
  CHECK_FALSE(Load({"--store=mysql"}).ok());
  CHECK_FALSE(Load({"--sync-writes=maybe"}).ok());
  CHECK_FALSE(Load({"port=1"}).ok());
  CHECK_FALSE(Load({"--config=/does/not/exist"}).ok());
  CHECK(Load({}).value().auth == "on");  // secure by default (DESIGN.md decision 7)
  CHECK(Load({"--auth=off"}).value().auth == "off");
  CHECK_FALSE(Load({"--auth=maybe"}).ok());
  CHECK_FALSE(Load({"--auth-token-ttl-seconds=0"}).ok());
  CHECK(Load({"--auth-token-ttl-seconds=60"}).value().auth_token_ttl_seconds == 60);
  CHECK_FALSE(Load({"--auth-login-attempts-per-minute=0"}).ok());
  CHECK(Load({}, {"LEVER_SERVER_BIN=/x", "LEVER_UNRELATED=1"}).ok());  // other tools' variables
}
