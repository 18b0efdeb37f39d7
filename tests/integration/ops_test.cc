// Operations: health and state endpoints (nacos-protocol.md §11, items 99-100), the ready line,
// request-body limit, graceful SIGTERM, and the memory store.
#include <doctest/doctest.h>

#include <string>

#include "integration/fixture.h"
#include "support/raw_connection.h"
#include "support/thread_names.h"

namespace lever::testing {
namespace {

using std::chrono::milliseconds;

TEST_CASE("ops: liveness and readiness answer OK (item 99)") {
  const HttpClient client = SharedClient();
  for (const char* path :
       {"/nacos/v1/console/health/liveness", "/nacos/v1/console/health/readiness"}) {
    CAPTURE(path);
    const HttpResponse response = client.Get(path);
    CHECK(response.status == 200);
    CHECK(response.body == "OK");
  }
}

TEST_CASE("ops: server/state is a flat map of strings with version and auth_enabled (item 100)") {
  const HttpResponse response = SharedClient().Get("/nacos/v1/console/server/state");
  REQUIRE_MESSAGE(response.status == 200, response.Describe());
  nlohmann::json state = Json(response);
  REQUIRE_MESSAGE(state.is_object(), response.Describe());
  CHECK(state["version"].is_string());
  CHECK(state["auth_enabled"] == "false");
  for (auto& [key, value] : state.items()) {
    CAPTURE(key);
    CHECK((value.is_string() || value.is_null()));
  }
}

TEST_CASE("ops: the ready line reports real ports") {
  ServerProcess& server = SharedServer();
  CHECK(server.http_port() > 0);
  CHECK(server.grpc_port() != 0);
  CHECK(server.grpc_port() != server.http_port());
  CHECK(server.Log().find("event=ready") != std::string::npos);
}

TEST_CASE("ops: the server's own threads are named for top -H and perf") {
  const std::multiset<std::string> names = ThreadNames(SharedServer().pid());
  CAPTURE(names.size());
  for (const char* name : {"lever-http-io", "lever-longpoll", "lever-watch", "lever-grpc-work", "lever-grpc-tmr"}) {
    CAPTURE(name);
    CHECK(names.count(name) >= 1);
  }
  CHECK(names.count("lever-http-io") == 2);  // HttpServerOptions::event_loops defaults to 2
}

TEST_CASE("ops: unknown paths are 404") {
  const HttpClient client = SharedClient();
  CHECK(client.Get("/nacos/v1/cs/nothing-here").status == 404);
  CHECK(client.Get("/not-nacos").status == 404);
}

TEST_CASE("ops: a 12 MB publish is refused, stores nothing, and the server stays up") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("oversized");
  const std::string content(12 * 1024 * 1024, 'x');
  const HttpResponse response = Publish(client, id, kDefaultGroup, content);
  CHECK_MESSAGE((response.status == 400 || response.status == 413), response.Describe());
  CHECK(client.Get("/nacos/v1/console/health/liveness").body == "OK");
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
  // Still serving writes.
  MustPublish(client, id, kDefaultGroup, "small");
  CHECK(GetConfig(client, id, kDefaultGroup).body == "small");
}

TEST_CASE("ops: content over 10485760 characters is 400 even when the body fits") {
  const HttpClient client = SharedClient();
  const std::string id = UniqueId("overcontent");
  const std::string content(10485761, 'y');
  const HttpResponse response = Publish(client, id, kDefaultGroup, content);
  CHECK_MESSAGE((response.status == 400 || response.status == 413), response.Describe());
  CHECK(GetConfig(client, id, kDefaultGroup).status == 404);
}

TEST_CASE("ops: SIGTERM exits 0, also with a long-poll held") {
  ServerProcess server;
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());
  MustPublish(client, "term.key", kDefaultGroup, kC);
  {
    LongPollRequest request;
    request.listening_configs = ListenRecord("term.key", kDefaultGroup, kCMd5);
    request.timeout_ms = 30000;
    AsyncLongPoll poll(server.http_port(), request);
    CHECK(WaitForListener(client, "term.key", kDefaultGroup, "", kCMd5));
    const auto start = std::chrono::steady_clock::now();
    const int code = server.Stop(milliseconds(10000));
    CHECK_MESSAGE(code == 0, "exit code " << code << "\n" << server.LogTail());
    CHECK(std::chrono::steady_clock::now() - start < milliseconds(10000));
    const HttpResponse cut = poll.Wait();
    CHECK_MESSAGE(cut.elapsed < milliseconds(15000), cut.Describe());
  }
  // The same data dir opens again after a clean shutdown.
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  CHECK(GetConfig(HttpClient(server.http_port()), "term.key", kDefaultGroup).body == kC);
  CHECK(server.Stop() == 0);
}

TEST_CASE("ops: SIGTERM exits promptly with an idle keep-alive connection open") {
  ServerProcess server;
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  // Clients such as the npm `nacos` package keep idle keep-alive connections in a pool.
  RawConnection idle(server.http_port());
  REQUIRE(idle.connected());
  REQUIRE(idle.Send("GET /nacos/v1/console/health/liveness HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string response = idle.ReadUntil("\r\n\r\nOK", milliseconds(5000));
  REQUIRE_MESSAGE(response.rfind("HTTP/1.1 200", 0) == 0, response);
  const auto start = std::chrono::steady_clock::now();
  const int code = server.Stop(milliseconds(10000));
  const auto took =
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
  CHECK_MESSAGE(code == 0, "exit code " << code << " after " << took.count() << " ms\n"
                                        << server.LogTail());
  CHECK_MESSAGE(took < milliseconds(5000), "SIGTERM took " << took.count() << " ms");
}

TEST_CASE("ops: --store=memory serves the same API") {
  ServerOptions options;
  options.store = "memory";
  ServerProcess server(options);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());
  MustPublish(client, "mem.key", kDefaultGroup, kC);
  CHECK(GetConfig(client, "mem.key", kDefaultGroup).body == kC);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace lever::testing
