// Authentication and authorization against the real lever-server with --auth=on
// (nacos-protocol.md §9, docs/security.md): the route table, login, tokens, brute force, gRPC.
#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "api/http/routes.h"
#include "auth/account_store.h"
#include "auth/authorizer.h"
#include "core/config_service.h"
#include "fixture.h"
#include "storage/memory_store.h"
#include "support/grpc_test_client.h"
#include "watch/watch_hub.h"

namespace lever::testing {
namespace {

using http::Access;

struct RouteInfo {
  std::string method, path;
  Access access;
};

// Every route the server registers, from the same table (http::AddAllRoutes): a route added
// later is covered here without editing this test.
std::vector<RouteInfo> AllRoutes() {
  storage::MemoryStore store;
  core::ConfigService service(&store, {});
  watch::WatchHub hub;
  auth::AccountStore accounts(&store, 1000);
  auth::Authorizer authorizer(&accounts, {std::string(32, 'k')});
  http::HandlerDeps deps;
  deps.service = &service;
  deps.hub = &hub;
  deps.authorizer = &authorizer;
  http::HttpRouter router;
  http::AddAllRoutes(router, deps);
  std::vector<RouteInfo> out;
  for (const http::Route& r : router.routes()) out.push_back({r.method, r.path, r.access});
  return out;
}

HttpResponse Send(const HttpClient& c, const std::string& method, const std::string& path,
                  const Params& params, const Headers& headers = {}) {
  if (method == "GET") return c.Get(path, params, headers);
  if (method == "DELETE") return c.Delete(path, params, headers);
  if (method == "PUT") return c.PutForm(path, params, headers);
  return c.PostForm(path, params, headers);
}

std::string Login(const HttpClient& c, const std::string& user, const std::string& password) {
  HttpResponse r = c.PostForm("/nacos/v1/auth/users/login", {{"username", user}, {"password", password}});
  REQUIRE_MESSAGE(r.status == 200, r.Describe());
  nlohmann::json body = Json(r);
  CHECK(body["tokenTtl"].is_number());
  CHECK(body["globalAdmin"].is_boolean());
  CHECK(r.header("authorization") == "Bearer " + body["accessToken"].get<std::string>());
  return body["accessToken"];
}

void MustOk(const HttpResponse& r) { REQUIRE_MESSAGE(r.status == 200, r.Describe()); }

// Base64url and HS256 written here independently of the server's code.
std::string B64Url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  out.resize(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                             reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& ch : out) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  return out;
}
std::string Jwt(const std::string& key, const std::string& sub, int64_t exp) {
  std::string input = B64Url(R"({"alg":"HS256"})") + "." +
                      B64Url(R"({"sub":")" + sub + R"(","exp":)" + std::to_string(exp) + "}");
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), key.size(), reinterpret_cast<const unsigned char*>(input.data()),
       input.size(), mac, &len);
  return input + "." + B64Url(std::string(reinterpret_cast<char*>(mac), len));
}

// One auth server with namespaces A and B, a config in each, and three users:
// reader (r on A), writer (rw on A), admin nacos.
struct AuthWorld {
  ServerProcess server{[] { ServerOptions o; o.auth = true; return o; }()};
  std::string ns_a = UniqueNamespace("auth-a"), ns_b = UniqueNamespace("auth-b");
  std::string admin, reader, writer;
  HttpClient client{0};

  AuthWorld() {
    REQUIRE_MESSAGE(server.Start(), server.Describe());
    client = HttpClient(server.http_port());
    admin = Login(client, "nacos", server.admin_password());
    const Params as_admin = {{"accessToken", admin}};
    for (const std::string& ns : {ns_a, ns_b}) {
      MustOk(client.PostForm("/nacos/v1/console/namespaces",
                             WithOverrides(as_admin, {{"customNamespaceId", ns}, {"namespaceName", ns}})));
      MustOk(Publish(client, "cfg", "G", "v-" + ns, WithOverrides(as_admin, {{"tenant", ns}})));
    }
    for (auto [user, action] : {std::pair{"reader", "r"}, std::pair{"writer", "rw"}}) {
      MustOk(client.PostForm("/nacos/v1/auth/users", WithOverrides(as_admin, {{"username", user}, {"password", "pw-" + std::string(user)}})));
      MustOk(client.PostForm("/nacos/v1/auth/roles", WithOverrides(as_admin, {{"role", std::string("role_") + user}, {"username", user}})));
      MustOk(client.PostForm("/nacos/v1/auth/permissions",
                             WithOverrides(as_admin, {{"role", std::string("role_") + user}, {"resource", ns_a + ":*:*"}, {"action", action}})));
    }
    reader = Login(client, "reader", "pw-reader");
    writer = Login(client, "writer", "pw-writer");
  }

  // Parameters that point every namespace parameter and key a route may read at `ns`.
  Params Target(const std::string& ns, const std::string& token) const {
    Params p = {{"dataId", "cfg"}, {"group", "G"}, {"tenant", ns}, {"namespaceId", ns}, {"namespace", ns},
                {"Listening-Configs", ListenRecord("cfg", "G", "", ns)}, {"content", "x"}, {"nid", "1"},
                {"id", "1"}, {"ip", "127.0.0.1"}, {"namespaceName", "n"}};
    if (!token.empty()) p.push_back({"accessToken", token});
    return p;
  }
};

// The guard's own refusals carry the Nacos auth texts; a handler's 403 (e.g. history/previous for
// an id that does not match the key) is an answer, not a refusal.
bool RefusedByGuard(const HttpResponse& r) {
  if (r.status != 403 && r.status != 401) return false;
  for (const char* text : {"authorization failed!", "user not found!", "token invalid!", "token expired!"}) {
    if (r.body.find(text) != std::string::npos) return true;
  }
  return false;
}

bool IsLogin(const RouteInfo& r) { return r.path.find("/login") != std::string::npos; }
// Routes that need a valid identity but no config right (namespace list, own password).
bool IdentityOnly(const RouteInfo& r) {
  return r.path == "/nacos/v1/console/namespaces" || r.path.rfind("/nacos/v2/console/namespace", 0) == 0 ||
         (r.path == "/nacos/v1/auth/users" && r.method == "PUT");
}

TEST_CASE("route table: every route refuses strangers, scopes users by namespace and action, admits the admin") {
  AuthWorld w;
  const std::vector<RouteInfo> routes = AllRoutes();
  REQUIRE(routes.size() > 30);
  for (const RouteInfo& r : routes) {
    if (r.path == "/nacos/v1/console/events") continue;  // a stream; checked below
    CAPTURE(r.method);
    CAPTURE(r.path);
    HttpResponse none = Send(w.client, r.method, r.path, w.Target(w.ns_a, ""));
    if (r.access == Access::kPublic) {
      if (!IsLogin(r)) CHECK_MESSAGE(!RefusedByGuard(none), none.Describe());
      continue;
    }
    CHECK_MESSAGE(RefusedByGuard(none), none.Describe());
    CHECK(none.body.find("user not found!") != std::string::npos);

    HttpResponse bad_token = Send(w.client, r.method, r.path, w.Target(w.ns_a, "not-a-token"));
    CHECK_MESSAGE(RefusedByGuard(bad_token), bad_token.Describe());

    // A read-only user cannot write (or administer), even in its own namespace.
    if (r.access != Access::kRead && !IdentityOnly(r)) {
      HttpResponse ro = Send(w.client, r.method, r.path, w.Target(w.ns_a, w.reader));
      CHECK_MESSAGE(RefusedByGuard(ro), ro.Describe());
    }
    // A user of namespace A cannot touch namespace B.
    if (!IdentityOnly(r)) {
      HttpResponse other = Send(w.client, r.method, r.path, w.Target(w.ns_b, w.writer));
      CHECK_MESSAGE(RefusedByGuard(other), other.Describe());
    }
    // ... but reads its own.
    if (r.access == Access::kRead) {
      HttpResponse own = Send(w.client, r.method, r.path, w.Target(w.ns_a, w.reader));
      CHECK_MESSAGE(!RefusedByGuard(own), own.Describe());
    }
  }
  // The admin passes the guard everywhere (last: some writes delete the fixtures).
  for (const RouteInfo& r : routes) {
    if (r.path == "/nacos/v1/console/events" || r.access == Access::kPublic) continue;
    CAPTURE(r.method);
    CAPTURE(r.path);
    HttpResponse as_admin = Send(w.client, r.method, r.path, w.Target(w.ns_a, w.admin));
    CHECK_MESSAGE(!RefusedByGuard(as_admin), as_admin.Describe());
  }
}

TEST_CASE("credentials: header, query, Bearer, username/password; dialects keep their error format") {
  AuthWorld w;
  const Params key = {{"dataId", "cfg"}, {"group", "G"}, {"tenant", w.ns_a}};
  CHECK(w.client.Get(std::string(kConfigs), key, {{"accessToken", w.reader}}).body == "v-" + w.ns_a);
  CHECK(w.client.Get(std::string(kConfigs), key, {{"Authorization", "Bearer " + w.reader}}).status == 200);
  CHECK(w.client.Get(std::string(kConfigs), WithOverrides(key, {{"username", "reader"}, {"password", "pw-reader"}})).status == 200);
  CHECK(w.client.Get(std::string(kConfigs), WithOverrides(key, {{"username", "reader"}, {"password", "nope"}})).status == 403);

  HttpResponse v1 = w.client.Get(std::string(kConfigs), key);
  CHECK(v1.body == "caused: user not found!;");
  HttpResponse v2 = w.client.Get("/nacos/v2/cs/config", {{"dataId", "cfg"}, {"group", "G"}, {"namespaceId", w.ns_b}, {"accessToken", w.reader}});
  CHECK(v2.status == 403);
  CHECK(Json(v2)["data"] == "authorization failed!");

  // A user changes its own password, not someone else's.
  CHECK(w.client.PutForm("/nacos/v1/auth/users", {{"username", "writer"}, {"newPassword", "x"}, {"accessToken", w.reader}}).status == 403);
  MustOk(w.client.PutForm("/nacos/v1/auth/users", {{"username", "reader"}, {"newPassword", "pw2"}, {"accessToken", w.reader}}));
  Login(w.client, "reader", "pw2");
  CHECK(w.client.PostForm("/nacos/v1/auth/login", {{"username", "reader"}, {"password", "pw-reader"}}).body == "user not found!");
  CHECK(w.client.PostForm("/nacos/v1/auth/users", {{"username", "reader"}, {"password", "p"}, {"accessToken", w.admin}}).body ==
        "caused: user 'reader' already exist!;");
  CHECK(w.client.PostForm("/nacos/v1/auth/users/admin", {{"password", "p"}}).body ==
        R"({"code":409,"message":null,"data":"have admin user cannot use it"})");
  // Deleting a user revokes its tokens at once.
  MustOk(w.client.Delete("/nacos/v1/auth/users", {{"username", "writer"}, {"accessToken", w.admin}}));
  CHECK(w.client.Get(std::string(kConfigs), key, {{"accessToken", w.writer}}).status == 403);
}

TEST_CASE("cross-namespace operations by id check each addressed config's namespace") {
  AuthWorld w;
  const Params as_admin = {{"accessToken", w.admin}};
  auto id_of = [&](const std::string& ns) {
    HttpResponse r = w.client.Get(std::string(kConfigs), WithOverrides(as_admin, {{"dataId", "cfg"}, {"group", "G"}, {"tenant", ns}, {"show", "all"}}));
    MustOk(r);
    return Json(r)["id"].is_string() ? Json(r)["id"].get<std::string>() : Json(r)["id"].dump();
  };
  const std::string id_a = id_of(w.ns_a), id_b = id_of(w.ns_b);
  auto as = [](const std::string& token, Params p) { p.push_back({"accessToken", token}); return p; };

  CHECK(w.client.Get(std::string(kConfigs), as(w.reader, {{"export", "true"}, {"tenant", w.ns_a}, {"ids", id_b}})).status == 403);
  CHECK(w.client.Get(std::string(kConfigs), as(w.reader, {{"export", "true"}, {"tenant", w.ns_a}, {"ids", id_a}})).status == 200);
  CHECK(w.client.Delete(std::string(kConfigs), as(w.writer, {{"delType", "ids"}, {"ids", id_a + "," + id_b}})).status == 403);
  HttpResponse clone = w.client.PostRaw(std::string(kConfigs) + "?clone=true&policy=OVERWRITE&tenant=" + w.ns_a + "&accessToken=" + w.writer,
                                        R"([{"cfgId":)" + id_b + "}]", {}, "application/json");
  CHECK_MESSAGE(clone.status == 403, clone.Describe());
  CHECK(GetConfig(w.client, "cfg", "G", as(w.admin, {{"tenant", w.ns_b}})).body == "v-" + w.ns_b);  // untouched
  CHECK(w.client.Delete(std::string(kConfigs), as(w.writer, {{"delType", "ids"}, {"ids", id_a}})).status == 200);
}

TEST_CASE("tokens: expired or signed with another key are rejected; the key file is private and survives restarts") {
  AuthWorld w;
  const std::string key_path = w.server.data_dir() + "/auth/token.key";
  struct stat st {};
  REQUIRE(stat(key_path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(key_path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string key = bytes.str();
  const Params cfg = {{"dataId", "cfg"}, {"group", "G"}, {"tenant", w.ns_a}};
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();

  CHECK(w.client.Get(std::string(kConfigs), WithOverrides(cfg, {{"accessToken", Jwt(key, "nacos", now + 600)}})).status == 200);
  HttpResponse expired = w.client.Get(std::string(kConfigs), WithOverrides(cfg, {{"accessToken", Jwt(key, "nacos", now - 1)}}));
  CHECK(expired.status == 403);
  CHECK(expired.body == "caused: token expired!;");
  HttpResponse foreign = w.client.Get(std::string(kConfigs), WithOverrides(cfg, {{"accessToken", Jwt(std::string(32, 'x'), "nacos", now + 600)}}));
  CHECK(foreign.status == 403);
  CHECK(foreign.body == "caused: token invalid!;");

  // Another install has another key: its admin token means nothing here.
  ServerOptions other_options;
  other_options.auth = true;
  ServerProcess other(other_options);
  REQUIRE_MESSAGE(other.Start(), other.Describe());
  const std::string other_admin = Login(HttpClient(other.http_port()), "nacos", other.admin_password());
  CHECK(w.client.Get(std::string(kConfigs), WithOverrides(cfg, {{"accessToken", other_admin}})).status == 403);

  // Users and key survive a restart: the old token still works.
  REQUIRE(w.server.Restart());
  HttpClient after(w.server.http_port());
  CHECK(after.Get(std::string(kConfigs), WithOverrides(cfg, {{"accessToken", w.reader}})).status == 200);
}

TEST_CASE("login brute force is rate limited per client address") {
  ServerOptions options;
  options.auth = true;
  options.extra_args = {"--auth-login-attempts-per-minute=5"};
  ServerProcess server(options);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  HttpClient c(server.http_port());
  for (int i = 0; i < 5; ++i) {
    HttpResponse r = c.PostForm("/nacos/v1/auth/login", {{"username", "nacos"}, {"password", "guess" + std::to_string(i)}});
    CHECK_MESSAGE(r.status == 403, r.Describe());
  }
  HttpResponse limited = c.PostForm("/nacos/v1/auth/login", {{"username", "nacos"}, {"password", server.admin_password()}});
  CHECK_MESSAGE(limited.status == 429, limited.Describe());
  CHECK(limited.header("retry-after") == "60");
  // Per-request passwords draw on the same budget.
  CHECK(c.Get(std::string(kConfigs), {{"dataId", "a"}, {"group", "G"}, {"username", "nacos"}, {"password", server.admin_password()}}).status == 503);
  CHECK(server.Log().find("event=login_failed") != std::string::npos);
}

TEST_CASE("first start without LEVER_ADMIN_PASSWORD generates the admin password and logs it once") {
  ServerOptions options;
  options.auth = true;
  options.admin_password = "";
  ServerProcess server(options);
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  std::smatch m;
  const std::string log = server.Log();
  REQUIRE(std::regex_search(log, m, std::regex(R"(event=admin_created username=nacos password=([A-Za-z0-9]{20}))")));
  Login(HttpClient(server.http_port()), "nacos", m[1].str());
  REQUIRE(server.Restart());
  const std::string again = server.Log().substr(log.size());
  CHECK(again.find("admin_created") == std::string::npos);
  CHECK(again.find(m[1].str()) == std::string::npos);
}

TEST_CASE("gRPC: every config request type checks the accessToken in Metadata.headers") {
  AuthWorld w;
  auto connect = [&](const std::string& token) {
    GrpcClientOptions o;
    o.access_token = token;
    std::string error;
    auto c = NacosGrpcClient::ConnectTo(w.server.grpc_port(), o, &error);
    REQUIRE_MESSAGE(c != nullptr, error);
    return c;
  };
  auto none = connect("");
  CHECK(none->Query("cfg", "G", w.ns_a).error_code() == 403);
  CHECK(none->Publish("cfg", "G", w.ns_a, "x").error_code() == 403);
  CHECK(none->Remove("cfg", "G", w.ns_a).error_code() == 403);
  CHECK(none->BatchListen(true, {{"cfg", "G", w.ns_a, ""}}).error_code() == 403);
  CHECK(none->HealthCheck().success());

  auto reader = connect(w.reader);
  GrpcReply q = reader->Query("cfg", "G", w.ns_a);
  CHECK(q.success());
  CHECK(q.body.value("content", "") == "v-" + w.ns_a);
  CHECK(reader->Query("cfg", "G", w.ns_b).error_code() == 403);
  CHECK(reader->Publish("cfg", "G", w.ns_a, "x").error_code() == 403);
  CHECK(reader->Remove("cfg", "G", w.ns_a).error_code() == 403);
  CHECK(reader->BatchListen(true, {{"cfg", "G", w.ns_a, ""}}).success());
  CHECK(reader->BatchListen(true, {{"cfg", "G", w.ns_a, ""}, {"cfg", "G", w.ns_b, ""}}).error_code() == 403);

  auto writer = connect(w.writer);
  CHECK(writer->Publish("cfg", "G", w.ns_a, "by-writer").success());
  CHECK(writer->Publish("cfg", "G", w.ns_b, "x").error_code() == 403);

  auto admin = connect(w.admin);
  CHECK(admin->Publish("cfg", "G", w.ns_b, "by-admin").success());
  CHECK(admin->Query("cfg", "G", w.ns_b).body.value("content", "") == "by-admin");
}

}  // namespace
}  // namespace lever::testing
