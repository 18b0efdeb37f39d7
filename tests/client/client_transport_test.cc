// Get, publish (plain, typed, CAS), remove and listen on both transports against the real server.
#include <doctest/doctest.h>

#include "client_fixture.h"
#include "support/thread_names.h"

namespace lever::testing {

namespace {

void ExerciseCrud(Transport transport) {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(transport, {port}));
  REQUIRE(client.ok());
  ConfigClient& c = **client;
  const ConfigKey key{UniqueDataId("crud"), "DEFAULT_GROUP"};

  auto missing = c.Get(key);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);

  REQUIRE(c.Publish(key, "a: 1", {.cas_md5 = "", .type = "yaml"}).ok());
  auto got = c.Get(key);
  REQUIRE_MESSAGE(got.ok(), got.error().ToString());
  CHECK(got->content == "a: 1");
  CHECK(got->md5 == "270f9e65a80226eccd82c99cdd0dd2fb");
  CHECK(got->type == "yaml");
  CHECK(got->source == ConfigSource::kServer);

  auto conflict = c.Publish(key, "a: 2", {.cas_md5 = "00000000000000000000000000000000", .type = ""});
  REQUIRE_FALSE(conflict.ok());
  CHECK(conflict.error().code == ErrorCode::kConflict);
  CHECK(c.Get(key)->content == "a: 1");
  REQUIRE(c.Publish(key, "a: 2", {.cas_md5 = "270f9e65a80226eccd82c99cdd0dd2fb", .type = ""}).ok());
  CHECK(c.Get(key)->content == "a: 2");

  auto invalid = c.Publish({"bad id", "DEFAULT_GROUP"}, "x");
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == ErrorCode::kInvalidArgument);

  REQUIRE(c.Remove(key).ok());
  CHECK(c.Get(key).error().code == ErrorCode::kNotFound);
  CHECK(c.Remove(key).ok());  // removing a missing config succeeds
}

void ExerciseListen(Transport transport) {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(transport, {port}));
  REQUIRE(client.ok());
  const ConfigKey key{UniqueDataId("listen"), "DEFAULT_GROUP"};
  PublishVia(port, key, "v1");

  EventLog log;
  auto handle = (*client)->AddListener(key, log.Listener());
  REQUIRE(handle.ok());
  REQUIRE_MESSAGE(log.WaitForContent("v1"), "events: ", log.Contents().size());
  PublishVia(port, key, "v2");
  REQUIRE(log.WaitForContent("v2"));
  REQUIRE((*client)->Remove(key).ok());
  REQUIRE(log.WaitForDeleted());
  PublishVia(port, key, "v3");
  REQUIRE(log.WaitForContent("v3"));
  CHECK(log.Contents() == std::vector<std::string>{"v1", "v2", "<deleted>", "v3"});
  CHECK((*client)->metrics().versions_received >= 4);
  CHECK((*client)->metrics().connected);

  // A key that does not exist yet is delivered when it is created.
  const ConfigKey later{UniqueDataId("later"), "DEFAULT_GROUP"};
  EventLog later_log;
  auto later_handle = (*client)->AddListener(later, later_log.Listener());
  REQUIRE(later_handle.ok());
  PublishVia(port, later, "born");
  REQUIRE(later_log.WaitForContent("born"));

  // A second listener on a known key gets the current value at once.
  EventLog second;
  auto second_handle = (*client)->AddListener(key, second.Listener());
  REQUIRE(second.WaitForContent("v3"));

  // The client's threads carry lever-* names for the application's top -H and debuggers.
  const auto names = ThreadNames();
  CHECK(names.count("lever-sync") >= 1);
  CHECK(names.count("lever-callback") >= 1);
  CHECK(names.count(transport == Transport::kGrpc ? "lever-grpc" : "lever-longpoll") >= 1);
}

}  // namespace

TEST_CASE("client: get, publish, CAS and remove over gRPC") { ExerciseCrud(Transport::kGrpc); }
TEST_CASE("client: get, publish, CAS and remove over HTTP") { ExerciseCrud(Transport::kHttp); }
TEST_CASE("client: listeners see every change over gRPC") { ExerciseListen(Transport::kGrpc); }
TEST_CASE("client: listeners see every change over HTTP long-poll") { ExerciseListen(Transport::kHttp); }

TEST_CASE("client: history, rollback and namespaces") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  auto client = ConfigClient::Create(TestOptions(Transport::kGrpc, {port}));
  REQUIRE(client.ok());
  const ConfigKey key{UniqueDataId("history"), "DEFAULT_GROUP"};
  REQUIRE((*client)->Publish(key, "one").ok());
  REQUIRE((*client)->Publish(key, "two").ok());
  auto history = (*client)->History(key);
  REQUIRE_MESSAGE(history.ok(), history.error().ToString());
  REQUIRE(history->size() == 2);
  CHECK((*history)[0].op_type == "U");
  CHECK((*history)[0].content == "one");  // an update row holds the replaced content
  REQUIRE((*client)->Rollback(key, (*history)[0].nid).ok());
  CHECK((*client)->Get(key)->content == "one");
  REQUIRE((*client)->Rollback(key, (*history)[1].nid).ok());  // the "I" row: back to not existing
  CHECK((*client)->Get(key).error().code == ErrorCode::kNotFound);
  CHECK((*client)->Rollback(key, 999999).error().code == ErrorCode::kNotFound);

  auto namespaces = (*client)->ListNamespaces();
  REQUIRE(namespaces.ok());
  REQUIRE_FALSE(namespaces->empty());
  CHECK((*namespaces)[0].id.empty());
  CHECK((*namespaces)[0].name == "public");
}

TEST_CASE("client: logs in when the server has auth on") {
  const int port = FreePortPair();
  auto server = StartServerOn(port, /*auth=*/true);
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    CAPTURE(static_cast<int>(transport));
    const ConfigKey key{UniqueDataId("auth"), "DEFAULT_GROUP"};
    ClientOptions options = TestOptions(transport, {port});
    {
      auto anonymous = ConfigClient::Create(options);
      REQUIRE(anonymous.ok());
      auto refused = (*anonymous)->Publish(key, "x");
      REQUIRE_FALSE(refused.ok());
      CHECK((refused.error().code == ErrorCode::kUnauthenticated ||
             refused.error().code == ErrorCode::kPermissionDenied));
    }
    options.username = "nacos";
    options.password = server->admin_password();
    auto client = ConfigClient::Create(options);
    REQUIRE(client.ok());
    auto published = (*client)->Publish(key, "secret");
    REQUIRE_MESSAGE(published.ok(), published.error().ToString());
    CHECK((*client)->Get(key)->content == "secret");
    EventLog log;
    auto handle = (*client)->AddListener(key, log.Listener());
    REQUIRE(log.WaitForContent("secret"));
    REQUIRE((*client)->Publish(key, "secret-2").ok());
    REQUIRE(log.WaitForContent("secret-2"));
  }
}

TEST_CASE("client: bad options are refused") {
  CHECK(ConfigClient::Create(ClientOptions{}).error().code == ErrorCode::kInvalidArgument);
  ClientOptions bad_port;
  bad_port.servers = {"127.0.0.1:99999"};
  auto refused = ConfigClient::Create(bad_port);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("127.0.0.1:99999") != std::string::npos);
}

}  // namespace lever::testing
