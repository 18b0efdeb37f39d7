// The HTTP/1.1 wire layer of the event-loop transport: request parsing (byte by byte as well as
// whole, pipelining, chunked bodies, every refusal), multipart bodies and response bytes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "api/http/wire/multipart.h"
#include "api/http/wire/request_parser.h"
#include "api/http/wire/response_writer.h"

using namespace lever::http::wire;

namespace {

// Feeds `bytes` in pieces of `step` and collects every finished request; stops at a failure.
struct Fed {
  std::vector<ParsedRequest> requests;
  bool failed = false;
  ParseError error;
  size_t unused = 0;  // bytes left over (an incomplete request)
};

Fed Feed(const std::string& bytes, size_t step, RequestLimits limits = {}) {
  RequestParser parser(limits);
  Fed fed;
  std::string pending;
  for (size_t i = 0; i < bytes.size(); i += step) {
    pending += bytes.substr(i, step);
    for (;;) {
      const size_t used = parser.Consume(pending);
      pending.erase(0, used);
      if (parser.failed()) {
        fed.failed = true;
        fed.error = parser.error();
        return fed;
      }
      if (!parser.done()) break;
      fed.requests.push_back(parser.Take());
    }
  }
  fed.unused = pending.size();
  return fed;
}

}  // namespace

TEST_CASE("wire: a GET is parsed the same whole and byte by byte") {
  const std::string bytes =
      "GET /nacos/v1/cs/configs?dataId=a%2Bb&group=G+1&tenant=&flag HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nAccept:  text/plain \r\nX-Empty:\r\n\r\n";
  for (size_t step : {bytes.size(), size_t{1}, size_t{7}}) {
    CAPTURE(step);
    Fed fed = Feed(bytes, step);
    REQUIRE_FALSE(fed.failed);
    REQUIRE(fed.requests.size() == 1);
    const httplib::Request& raw = fed.requests[0].raw;
    CHECK(raw.method == "GET");
    CHECK(raw.path == "/nacos/v1/cs/configs");
    CHECK(raw.version == "HTTP/1.1");
    CHECK(raw.get_param_value("dataId") == "a+b");
    CHECK(raw.get_param_value("group") == "G 1");
    CHECK(raw.has_param("tenant"));
    CHECK(raw.get_param_value("flag") == "");
    CHECK(raw.get_header_value("accept") == "text/plain");  // trimmed, case-insensitive name
    CHECK(raw.has_header("X-Empty"));
    CHECK(fed.requests[0].body.empty());
    CHECK(fed.requests[0].keep_alive);
    CHECK(fed.unused == 0);
  }
}

TEST_CASE("wire: the path is percent-decoded but '+' stays") {
  Fed fed = Feed("GET /nacos/a%20b+c HTTP/1.1\r\n\r\n", 100);
  REQUIRE(fed.requests.size() == 1);
  CHECK(fed.requests[0].raw.path == "/nacos/a b+c");
}

TEST_CASE("wire: pipelined requests with Content-Length bodies come out in order") {
  const std::string bytes =
      "POST /a HTTP/1.1\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nx=1&y"
      "\r\n"  // a stray empty line between requests is allowed
      "DELETE /b?id=2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
      "GET /c HTTP/1.0\r\n\r\n"
      "GET /d HTTP/1.1\r\n";  // incomplete
  for (size_t step : {bytes.size(), size_t{1}, size_t{3}}) {
    CAPTURE(step);
    Fed fed = Feed(bytes, step);
    REQUIRE_FALSE(fed.failed);
    REQUIRE(fed.requests.size() == 3);
    CHECK(fed.requests[0].raw.method == "POST");
    CHECK(fed.requests[0].body == "x=1&y");
    CHECK(fed.requests[1].raw.method == "DELETE");
    CHECK(fed.requests[1].raw.get_param_value("id") == "2");
    CHECK(fed.requests[2].raw.path == "/c");
    CHECK_FALSE(fed.requests[2].keep_alive);  // HTTP/1.0 without keep-alive
    CHECK(fed.unused == std::string("GET /d HTTP/1.1\r\n").size());
  }
}

TEST_CASE("wire: Connection header decides keep-alive") {
  CHECK_FALSE(Feed("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n", 100).requests.at(0).keep_alive);
  CHECK(Feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 100).requests.at(0).keep_alive);
  CHECK_FALSE(Feed("GET / HTTP/1.1\r\nConnection: upgrade, close\r\n\r\n", 100).requests.at(0).keep_alive);
}

TEST_CASE("wire: a chunked body is decoded, extensions and trailers skipped") {
  const std::string bytes =
      "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n"
      "1A\r\n" + std::string(26, 'z') + "\r\n"
      "0\r\nX-Trailer: t\r\n\r\n"
      "GET /next HTTP/1.1\r\n\r\n";
  for (size_t step : {bytes.size(), size_t{1}, size_t{4}}) {
    CAPTURE(step);
    Fed fed = Feed(bytes, step);
    REQUIRE_FALSE(fed.failed);
    REQUIRE(fed.requests.size() == 2);
    CHECK(fed.requests[0].body == "hello" + std::string(26, 'z'));
    CHECK(fed.requests[1].raw.path == "/next");
  }
}

TEST_CASE("wire: a chunk line or trailer over 1 KiB is refused however the bytes arrive") {
  const std::string head = "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
  const std::string longest = head + "T: " + std::string(1021, 't') + "\r\n\r\n";  // 1,024 bytes
  const std::string over = head + "T: " + std::string(1022, 't') + "\r\n\r\n";
  for (size_t step : {size_t{100000}, size_t{1}, size_t{7}}) {
    CAPTURE(step);
    Fed fits = Feed(longest, step);
    CHECK_FALSE(fits.failed);
    CHECK(fits.requests.size() == 1);
    Fed refused = Feed(over, step);
    REQUIRE(refused.failed);
    CHECK(refused.error.status == 400);
  }
}

TEST_CASE("wire: Expect: 100-continue is reported until the body arrives") {
  RequestParser parser({});
  std::string head = "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
  CHECK(parser.Consume(head) == head.size());
  CHECK(parser.awaiting_body_after_continue());
  CHECK(parser.Consume("abc") == 3);
  CHECK(parser.done());
  CHECK_FALSE(parser.awaiting_body_after_continue());
  CHECK(parser.Take().body == "abc");
  // Nothing to continue to without a body.
  CHECK(parser.Consume("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n") > 0);
  CHECK(parser.done());
  CHECK_FALSE(parser.awaiting_body_after_continue());
}

TEST_CASE("wire: refusals carry the status a client should see") {
  RequestLimits small;
  small.max_head_bytes = 256;
  small.max_headers = 3;
  small.max_body_bytes = 10;
  struct Case {
    std::string bytes;
    int status;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"GET /a HTTP/1.1\r\nX: " + std::string(300, 'h') + "\r\n\r\n", 431, "head over 256"},
      {"GET /a HTTP/1.1\r\nX: " + std::string(300, 'h'), 431, "head over 256"},  // never ends
      {"GET /a HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431, "more than 3"},
      {"POST /a HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413, "body over 10"},
      {"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nB\r\n", 413, "body over 10"},
      {"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\n", 413, "body over 10"},
      {"POST /a HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "Content-Length"},
      {"POST /a HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "Content-Length"},
      {"POST /a HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "both"},
      {"POST /a HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "Transfer-Encoding"},
      {"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, "chunked"},
      {"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc", 400, "chunked"},
      {"GET /a HTTP/2.0\r\n\r\n", 505, "version"},
      {"GET /a\r\n\r\n", 400, "request line"},
      {"GET  /a HTTP/1.1\r\n\r\n", 400, "request line"},
      {"get /a HTTP/1.1\r\n\r\n", 400, "method"},
      {"GET a HTTP/1.1\r\n\r\n", 400, "target"},
      {"GET /a HTTP/1.1\r\nNo colon here\r\n\r\n", 400, "header line"},
      {"GET /a HTTP/1.1\r\n folded: x\r\n\r\n", 400, "header line"},
      {"GET /a HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", 417, "Expect"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes);
    Fed fed = Feed(c.bytes, c.bytes.size(), small);
    REQUIRE(fed.failed);
    CHECK(fed.error.status == c.status);
    CHECK_MESSAGE(fed.error.message.find(c.message_part) != std::string::npos, fed.error.message);
  }
}

TEST_CASE("wire: an absolute-form target is served by its path") {
  Fed fed = Feed("GET http://example.com:8848/nacos/v1/cs/configs?dataId=x HTTP/1.1\r\n\r\n", 100);
  REQUIRE(fed.requests.size() == 1);
  CHECK(fed.requests[0].raw.path == "/nacos/v1/cs/configs");
  CHECK(fed.requests[0].raw.get_param_value("dataId") == "x");
}

TEST_CASE("wire: multipart/form-data parts, fields and files") {
  const std::string type = "multipart/form-data; boundary=\"----b0undary\"";
  const std::string body =
      "preamble\r\n"
      "------b0undary\r\n"
      "Content-Disposition: form-data; name=\"policy\"\r\n\r\n"
      "OVERWRITE\r\n"
      "------b0undary\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"a;b \\\"c\\\".zip\"\r\n"
      "Content-Type: application/zip\r\n\r\n"
      "PK\x03\x04\r\n--not-a-boundary\r\n"
      "------b0undary--\r\n";
  CHECK(IsMultipartFormData(type));
  CHECK(IsMultipartFormData("Multipart/Form-Data;boundary=x"));
  CHECK_FALSE(IsMultipartFormData("application/x-www-form-urlencoded"));
  auto parts = ParseMultipart(type, body);
  REQUIRE(parts.ok());
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].name == "policy");
  CHECK((*parts)[0].filename.empty());
  CHECK((*parts)[0].content == "OVERWRITE");
  CHECK((*parts)[1].name == "file");
  CHECK((*parts)[1].filename == "a;b \"c\".zip");
  CHECK((*parts)[1].content_type == "application/zip");
  CHECK((*parts)[1].content == std::string("PK\x03\x04\r\n--not-a-boundary"));
}

TEST_CASE("wire: malformed multipart bodies are refused") {
  const std::string type = "multipart/form-data; boundary=b";
  CHECK_FALSE(ParseMultipart("multipart/form-data", "--b\r\n\r\nx\r\n--b--").ok());  // no boundary
  CHECK_FALSE(ParseMultipart(type, "no delimiter at all").ok());
  CHECK_FALSE(ParseMultipart(type, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed").ok());
  CHECK_FALSE(ParseMultipart(type, "--bX\r\n").ok());
  auto empty = ParseMultipart(type, "--b--\r\n");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("wire: response bytes: status line, the handler's headers, framing and Connection") {
  httplib::Response res;
  res.status = 404;
  res.set_content("caused: config data not exist;", "text/plain;charset=UTF-8");
  res.set_header("Content-Length", "999");  // the transport frames the body itself
  std::string out;
  AppendResponse(out, res, /*keep_alive=*/true, /*head_only=*/false);
  CHECK(out.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
  CHECK(out.find("Content-Type: text/plain;charset=UTF-8\r\n") != std::string::npos);
  CHECK(out.find("Content-Length: 30\r\n") != std::string::npos);
  CHECK(out.find("999") == std::string::npos);
  CHECK(out.find("Connection: keep-alive\r\n\r\ncaused: config data not exist;") != std::string::npos);

  std::string head;
  AppendResponse(head, res, /*keep_alive=*/false, /*head_only=*/true);
  CHECK(head.find("Content-Length: 30\r\nConnection: close\r\n\r\n") != std::string::npos);
  CHECK(head.substr(head.size() - 4) == "\r\n\r\n");

  httplib::Response redirect;
  redirect.set_redirect("/nacos/");
  std::string r;
  AppendResponse(r, redirect, true, false);
  CHECK(r.rfind("HTTP/1.1 302 Found\r\n", 0) == 0);
  CHECK(r.find("Location: /nacos/\r\n") != std::string::npos);

  httplib::Response closing;
  closing.status = 200;
  closing.set_header("Connection", "close");
  CHECK(ResponseClosesConnection(closing));
  CHECK_FALSE(ResponseClosesConnection(res));
}
