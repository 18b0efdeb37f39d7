// Auth in a cluster: two lever-server nodes with --auth=on on one etcd. A token issued by one node
// is accepted by the other (the signing key lives in etcd, not in each data dir), and a user,
// role or permission created on one node works on the other within the account refresh interval.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "support/etcd_process.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/wait_until.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<ServerProcess> StartAuthNode(const EtcdCluster& etcd) {
  ServerOptions o;
  o.store = "etcd";
  o.auth = true;
  o.extra_args = {"--etcd-endpoints=" + etcd.endpoints(), "--host=127.0.0.1"};
  auto node = std::make_unique<ServerProcess>(o);
  REQUIRE_MESSAGE(node->Start(), node->Describe());
  return node;
}

// The accessToken of a login, or "" when the login is refused.
std::string Login(int port, const std::string& user, const std::string& password) {
  HttpResponse r = HttpClient(port).PostForm("/nacos/v1/auth/login", {{"username", user}, {"password", password}});
  if (r.status != 200) return "";
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  return body.is_object() && body.contains("accessToken") ? body["accessToken"].get<std::string>() : "";
}

HttpResponse PublishWith(int port, const std::string& token, const std::string& data_id, const std::string& content) {
  return HttpClient(port).PostForm("/nacos/v1/cs/configs", {{"dataId", data_id},
                                                            {"group", "DEFAULT_GROUP"},
                                                            {"content", content},
                                                            {"accessToken", token}});
}

}  // namespace

TEST_CASE("cluster auth: one admin, tokens valid on every node, account changes reach every node") {
  EtcdCluster etcd(1);
  REQUIRE_MESSAGE(etcd.Start(), etcd.Describe());
  auto first = StartAuthNode(etcd);
  auto second = StartAuthNode(etcd);
  const int a = first->http_port(), b = second->http_port();

  // The second node found the admin the first one created (same password, no second admin).
  const std::string admin = Login(a, "nacos", first->admin_password());
  REQUIRE_FALSE(admin.empty());
  CHECK(second->Log().find("event=admin_created") == std::string::npos);

  // A token from node A works on node B, and the reverse.
  HttpResponse on_b = PublishWith(b, admin, "cluster.auth", "from a token of node A");
  CHECK_MESSAGE(on_b.status == 200, on_b.Describe());
  const std::string admin_b = Login(b, "nacos", first->admin_password());
  REQUIRE_FALSE(admin_b.empty());
  HttpResponse on_a = PublishWith(a, admin_b, "cluster.auth", "from a token of node B");
  CHECK_MESSAGE(on_a.status == 200, on_a.Describe());
  // A forged token is still refused everywhere.
  std::string forged = admin;
  forged[forged.rfind('.') + 1] = forged[forged.rfind('.') + 1] == 'A' ? 'B' : 'A';  // a signature byte
  CHECK(PublishWith(b, forged, "cluster.auth", "forged").status == 403);

  // A user with rights on the public namespace, created on node A, logs in and writes on node B.
  HttpClient client_a(a);
  auto with = [&](const Params& p) { return WithOverrides(p, {{"accessToken", admin}}); };
  REQUIRE(client_a.PostForm("/nacos/v1/auth/users", with({{"username", "carol"}, {"password", "carol-pw"}})).status == 200);
  REQUIRE(client_a.PostForm("/nacos/v1/auth/roles", with({{"role", "writers"}, {"username", "carol"}})).status == 200);
  REQUIRE(client_a.PostForm("/nacos/v1/auth/permissions",
                            with({{"role", "writers"}, {"resource", ":*:*"}, {"action", "rw"}}))
              .status == 200);
  std::string carol;
  CHECK(WaitUntil([&] { return !(carol = Login(b, "carol", "carol-pw")).empty(); }, 10000ms));
  CHECK(WaitUntil([&] { return PublishWith(b, carol, "cluster.auth", "by carol on node B").status == 200; },
                  10000ms));

  // Removing the permission on node B takes her write right away on node A too.
  HttpClient client_b(b);
  REQUIRE(client_b.Delete("/nacos/v1/auth/permissions",
                          {{"role", "writers"}, {"resource", ":*:*"}, {"action", "rw"}, {"accessToken", admin}})
              .status == 200);
  CHECK(WaitUntil([&] { return PublishWith(a, carol, "cluster.auth", "after revoke").status == 403; }, 10000ms));
}

}  // namespace lever::testing
