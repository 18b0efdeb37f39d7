// TLS (issue 6, docs/security.md): --tls-cert/--tls-key turn the HTTP port into HTTPS and the
// gRPC port into gRPC over TLS. The test makes its own self-signed certificate with the openssl
// CLI, starts the real server with it, and talks to both ports through clients that trust only
// that certificate; plaintext clients and clients that do not trust it get nowhere.
#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdlib>
#include <future>
#include <fstream>
#include <sstream>

#include "integration/fixture.h"
#include "support/grpc_test_client.h"
#include "unit/temp_dir.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;

// A temp dir with cert.pem/key.pem: a self-signed certificate for localhost and 127.0.0.1.
class SelfSignedCert {
 public:
  SelfSignedCert() {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost"
        " -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
        " -keyout '" + key_path() + "' -out '" + cert_path() + "' >'" + dir() + "/openssl.log' 2>&1";
    const int rc = std::system(command.c_str());
    REQUIRE_MESSAGE(rc == 0, "openssl failed: " << ReadAll(dir() + "/openssl.log"));
    pem_ = ReadAll(cert_path());
    REQUIRE(pem_.find("BEGIN CERTIFICATE") != std::string::npos);
  }

  std::string cert_path() const { return dir() + "/cert.pem"; }
  std::string key_path() const { return dir() + "/key.pem"; }
  const std::string& pem() const { return pem_; }
  const std::string& dir() const { return temp_.path(); }

  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  TempDir temp_;
  std::string pem_;
};

ServerOptions TlsServer(const SelfSignedCert& cert) {
  ServerOptions options;
  options.store = "memory";
  options.extra_args = {"--tls-cert=" + cert.cert_path(), "--tls-key=" + cert.key_path()};
  return options;
}

// An HTTPS client that trusts exactly `ca_file` ("" = the system store) and checks the host.
std::unique_ptr<httplib::SSLClient> Https(int port, const std::string& ca_file) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", port);
  if (!ca_file.empty()) client->set_ca_cert_path(ca_file.c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(10, 0);
  return client;
}

TEST_CASE("tls: HTTPS and gRPC over TLS serve a self-signed certificate; plaintext gets nowhere") {
  SelfSignedCert cert;
  ServerProcess server(TlsServer(cert));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  CHECK(server.Log().find("https://127.0.0.1:") != std::string::npos);

  auto https = Https(server.http_port(), cert.cert_path());
  const std::string id = UniqueId("tls.http");
  httplib::Params form{{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", "over tls"}};
  auto published = https->Post("/nacos/v1/cs/configs", form);
  REQUIRE_MESSAGE(published, "HTTPS publish failed: " << httplib::to_string(published.error()));
  CHECK(published->status == 200);
  CHECK(published->body == "true");
  auto read = https->Get(("/nacos/v1/cs/configs?dataId=" + id + "&group=DEFAULT_GROUP").c_str());
  REQUIRE(read);
  CHECK(read->status == 200);
  CHECK(read->body == "over tls");

  // A long-poll over HTTPS: answered at once for a stale md5; held with the current one, then
  // completed by a change (the asynchronous route, waited for on cpp-httplib's thread).
  const std::string stale = id + "\x02" + "DEFAULT_GROUP\x02stale\x01";
  auto at_once = https->Post("/nacos/v1/cs/configs/listener", {{"Long-Pulling-Timeout", "30000"}},
                             httplib::Params{{"Listening-Configs", stale}});
  REQUIRE(at_once);
  CHECK(at_once->body == id + "%02DEFAULT_GROUP%01\n");
  const std::string current = id + "\x02" + "DEFAULT_GROUP\x02" + Md5Hex("over tls") + "\x01";
  auto held = std::async(std::launch::async, [&] {
    auto poller = Https(server.http_port(), cert.cert_path());
    poller->set_read_timeout(40, 0);
    return poller->Post("/nacos/v1/cs/configs/listener", {{"Long-Pulling-Timeout", "30000"}},
                        httplib::Params{{"Listening-Configs", current}});
  });
  CHECK(held.wait_for(300ms) == std::future_status::timeout);  // held, not answered
  REQUIRE(https->Post("/nacos/v1/cs/configs", httplib::Params{{"dataId", id}, {"group", "DEFAULT_GROUP"},
                                                             {"content", "over tls, again"}}));
  REQUIRE(held.wait_for(10s) == std::future_status::ready);
  auto woken = held.get();
  REQUIRE(woken);
  CHECK(woken->status == 200);
  CHECK(woken->body == id + "%02DEFAULT_GROUP%01\n");
  form = {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", "over tls"}};
  REQUIRE(https->Post("/nacos/v1/cs/configs", form));

  // Plain HTTP on the same port: the TLS handshake fails, no HTTP answer comes back.
  HttpResponse plain = HttpClient(server.http_port(), "127.0.0.1", 3000ms).Get("/nacos/v1/console/health/liveness");
  CHECK_MESSAGE(plain.status != 200, plain.Describe());

  // gRPC over TLS: the SDK start sequence, a query of the config published over HTTPS, and a
  // push on the TLS bi-stream when it changes.
  GrpcClientOptions tls;
  tls.target = "127.0.0.1:" + std::to_string(server.grpc_port());
  tls.tls_root_cert_pem = cert.pem();
  std::string error;
  auto grpc_client = NacosGrpcClient::ConnectTo(server.grpc_port(), tls, &error);
  REQUIRE_MESSAGE(grpc_client != nullptr, "gRPC over TLS failed: " << error);
  GrpcReply query = grpc_client->Query(id, "DEFAULT_GROUP", "");
  CHECK(query.result_code() == 200);
  CHECK(query.body.value("content", "") == "over tls");
  GrpcReply listen = grpc_client->BatchListen(true, {{id, "DEFAULT_GROUP", "", query.body.value("md5", "")}});
  CHECK(listen.success());
  form = {{"dataId", id}, {"group", "DEFAULT_GROUP"}, {"content", "changed over tls"}};
  REQUIRE(https->Post("/nacos/v1/cs/configs", form));
  CHECK(grpc_client->WaitForNotify(id, 5s).has_value());
  GrpcReply publish = grpc_client->Publish(UniqueId("tls.grpc"), "DEFAULT_GROUP", "", "from grpc");
  CHECK(publish.success());

  // A plaintext gRPC channel to the TLS port never gets an answer.
  GrpcClientOptions plaintext;
  plaintext.target = tls.target;
  plaintext.rpc_timeout = 2000ms;
  NacosGrpcClient plain_grpc(plaintext);
  GrpcReply check = plain_grpc.ServerCheck();
  CHECK_FALSE(check.rpc_ok);
}

TEST_CASE("tls: clients that do not trust the certificate are refused") {
  SelfSignedCert cert;
  SelfSignedCert other;  // a different self-signed certificate: the wrong CA
  ServerProcess server(TlsServer(cert));
  REQUIRE_MESSAGE(server.Start(), server.Describe());

  auto wrong_ca = Https(server.http_port(), other.cert_path());
  auto result = wrong_ca->Get("/nacos/v1/console/health/liveness");
  CHECK_FALSE(result);
  // The server is fine: the right CA still works.
  auto right_ca = Https(server.http_port(), cert.cert_path());
  auto ok = right_ca->Get("/nacos/v1/console/health/liveness");
  REQUIRE(ok);
  CHECK(ok->status == 200);

  GrpcClientOptions untrusted;
  untrusted.target = "127.0.0.1:" + std::to_string(server.grpc_port());
  untrusted.tls_root_cert_pem = other.pem();
  untrusted.rpc_timeout = 2000ms;
  NacosGrpcClient client(untrusted);
  CHECK_FALSE(client.ServerCheck().rpc_ok);
}

TEST_CASE("tls: a missing key or an unreadable certificate stops the server with a clear error") {
  SelfSignedCert cert;
  {
    ServerOptions options;
    options.store = "memory";
    options.extra_args = {"--tls-cert=" + cert.cert_path()};
    ServerProcess server(options);
    CHECK_FALSE(server.Start());
    CHECK_MESSAGE(server.Log().find("--tls-cert and --tls-key go together") != std::string::npos, server.Log());
  }
  {
    ServerOptions options;
    options.store = "memory";
    options.extra_args = {"--tls-cert=" + cert.dir() + "/missing.pem", "--tls-key=" + cert.key_path()};
    ServerProcess server(options);
    CHECK_FALSE(server.Start());
    CHECK_MESSAGE(server.Log().find("cannot load TLS certificate") != std::string::npos, server.Log());
  }
}

}  // namespace
}  // namespace lever::testing
