// The HTTP port's event-loop transport (docs/design.md "HTTP transport"), seen from raw sockets:
// pipelining, 100-continue, chunked uploads, HEAD, refusals that close the connection, idle
// keep-alive expiry, and a held long-poll that leaves every other connection served.
#include <doctest/doctest.h>

#include "integration/fixture.h"
#include "support/raw_connection.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;

ServerProcess StartTransportServer(std::vector<std::string> extra = {}) {
  ServerOptions options;
  options.store = "memory";
  options.extra_args = std::move(extra);
  return ServerProcess(options);
}

size_t Count(const std::string& haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string ToHex(size_t n) {
  char text[24];
  std::snprintf(text, sizeof text, "%zx", n);
  return text;
}

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(extra_headers) + "\r\n";
}

}  // namespace

TEST_CASE("http transport: raw HTTP/1.1 behaviour of the HTTP port") {
  ServerProcess server(StartTransportServer({"--http-keep-alive-seconds=2"}));
  REQUIRE_MESSAGE(server.Start(), server.Describe());
  const HttpClient client(server.http_port());
  MustPublish(client, "transport.a", "G", "alpha");
  MustPublish(client, "transport.b", "G", "beta");

  SUBCASE("pipelined requests are answered in order on one connection") {
    RawConnection c(server.http_port());
    REQUIRE(c.connected());
    // A GET answered inline, a publish handed to a worker, then reads that must see it.
    const std::string publish_body = "dataId=transport.c&group=G&content=gamma";
    REQUIRE(c.Send(Get("/nacos/v1/cs/configs?dataId=transport.a&group=G") +
                   "POST /nacos/v1/cs/configs HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                   std::to_string(publish_body.size()) + "\r\n\r\n" + publish_body +
                   Get("/nacos/v1/cs/configs?dataId=transport.c&group=G") +
                   Get("/nacos/v1/cs/configs?dataId=transport.b&group=G", "Connection: close\r\n")));
    const std::string all = c.ReadToClose(5s);
    CHECK(Count(all, "HTTP/1.1 200 OK") == 4);
    const size_t alpha = all.find("\r\n\r\nalpha"), ok = all.find("\r\n\r\ntrue"), gamma = all.find("\r\n\r\ngamma"),
                 beta = all.find("\r\n\r\nbeta");
    CHECK(alpha != std::string::npos);
    CHECK(ok > alpha);
    CHECK(gamma != std::string::npos);
    CHECK(gamma > ok);
    CHECK(beta > gamma);
    CHECK(c.closed_by_peer());
  }
  SUBCASE("Expect: 100-continue gets 100 Continue before the body is sent") {
    RawConnection c(server.http_port());
    const std::string body = "dataId=transport.continue&group=G&content=after-continue";
    REQUIRE(c.Send("POST /nacos/v1/cs/configs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n"));
    CHECK(c.ReadUntil("\r\n\r\n", 5s).rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
    REQUIRE(c.Send(body));
    CHECK(c.ReadUntil("true", 5s).find("HTTP/1.1 200 OK") != std::string::npos);
    CHECK(GetConfig(client, "transport.continue", "G").body == "after-continue");
  }
  SUBCASE("a chunked upload is decoded") {
    const std::string body = "dataId=transport.chunked&group=G&content=in+two+chunks";
    const std::string first = body.substr(0, 20), second = body.substr(20);
    const std::string reply = RawExchange(
        server.http_port(),
        "POST /nacos/v1/cs/configs HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n" +
            ToHex(first.size()) + "\r\n" + first + "\r\n" + ToHex(second.size()) + "\r\n" + second + "\r\n0\r\n\r\n");
    CHECK_MESSAGE(reply.find("HTTP/1.1 200 OK") == 0, reply);
    CHECK(GetConfig(client, "transport.chunked", "G").body == "in two chunks");
  }
  SUBCASE("HEAD answers a GET's headers without the body") {
    const std::string reply =
        RawExchange(server.http_port(), "HEAD /nacos/v1/cs/configs?dataId=transport.a&group=G HTTP/1.1\r\n"
                                        "Host: x\r\nConnection: close\r\n\r\n");
    CHECK(reply.find("HTTP/1.1 200 OK") == 0);
    CHECK(reply.find("Content-Length: 5\r\n") != std::string::npos);
    CHECK(reply.find("Content-MD5: " + Md5Hex("alpha")) != std::string::npos);
    CHECK(reply.substr(reply.size() - 4) == "\r\n\r\n");  // no body
  }
  SUBCASE("malformed requests are answered in v1 text and the connection is closed") {
    RawConnection c(server.http_port());
    REQUIRE(c.Send("GET /nacos/v1/cs/configs HTTP/1.1\r\nHost: x\r\nbroken header line\r\n\r\n"));
    const std::string reply = c.ReadToClose(5s);
    CHECK(reply.find("HTTP/1.1 400 Bad Request") == 0);
    CHECK(reply.find("Connection: close") != std::string::npos);
    CHECK(reply.find("caused: malformed header line;") != std::string::npos);
    CHECK(c.closed_by_peer());

    const std::string huge = RawExchange(server.http_port(), Get("/nacos/v1/cs/configs", "X-Big: " + std::string(70000, 'x') + "\r\n"));
    CHECK(huge.find("HTTP/1.1 431") == 0);
    CHECK(huge.find("caused: request head over 65536 bytes;") != std::string::npos);

    const std::string version = RawExchange(server.http_port(), "GET / HTTP/2.0\r\n\r\n");
    CHECK(version.find("HTTP/1.1 505") == 0);
  }
  SUBCASE("unknown paths get 404, known paths with another method 405") {
    const std::string missing = RawExchange(server.http_port(), Get("/nacos/v1/no/such", "Connection: close\r\n"));
    CHECK(missing.find("HTTP/1.1 404") == 0);
    CHECK(missing.find("no such endpoint: /nacos/v1/no/such") != std::string::npos);
    const std::string method = RawExchange(
        server.http_port(), "PATCH /nacos/v1/cs/configs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(method.find("HTTP/1.1 405") == 0);
    CHECK(method.find("caused: Request method 'PATCH' not supported;") != std::string::npos);
  }
  SUBCASE("an idle keep-alive connection is closed after --http-keep-alive-seconds") {
    RawConnection c(server.http_port());
    REQUIRE(c.Send(Get("/nacos/v1/console/health/liveness")));
    CHECK(c.ReadUntil("OK", 5s).find("Connection: keep-alive") != std::string::npos);
    c.ReadToClose(10s);
    CHECK(c.closed_by_peer());
  }
  SUBCASE("a held long-poll leaves the other connections served") {
    RawConnection poll(server.http_port());
    const std::string records = "Listening-Configs=" + PercentEncode(ListenRecord("transport.a", "G", Md5Hex("alpha"), ""));
    REQUIRE(poll.Send("POST /nacos/v1/cs/configs/listener HTTP/1.1\r\nHost: x\r\nLong-Pulling-Timeout: 30000\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      std::to_string(records.size()) + "\r\n\r\n" + records));
    // While it is held, reads and publishes on other connections go through.
    for (int i = 0; i < 20; ++i) CHECK(GetConfig(client, "transport.b", "G").body == "beta");
    CHECK(poll.ReadUntil("HTTP/1.1", 200ms).empty());
    MustPublish(client, "transport.a", "G", "alpha-2");
    const std::string answer = poll.ReadUntil("transport.a", 5s);
    CHECK(answer.find("HTTP/1.1 200 OK") == 0);
    CHECK(answer.find("transport.a%02G%01") != std::string::npos);
  }
}

}  // namespace lever::testing
