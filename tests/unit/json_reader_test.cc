// ReadJsonObject (server/api/grpc/json_reader.h) against nlohmann's parser, whose results it must
// reproduce exactly: the same tree for every object, nullopt for everything else.
// tests/fuzz/fuzz_grpc_payload.cc checks the same on arbitrary input.
#include "api/grpc/json_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../support/json_identical.h"

namespace lever::rpc {
namespace {

using Json = nlohmann::ordered_json;

// What ParseBody answered before ReadJsonObject: nlohmann's tree when it is an object.
std::optional<Json> Nlohmann(std::string_view text) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

bool Agrees(const std::string& text) {
  const auto fast = ReadJsonObject(text);
  const auto reference = Nlohmann(text);
  if (fast.has_value() != reference.has_value()) return false;
  return !fast || testing::IdenticalJson(*fast, *reference);
}

// A ConfigPublishRequest as the Java SDK sends it, with the spark-hudi fixture's kind of content.
const std::string kPublish =
    R"({"headers":{"accessToken":"eyJhbGciOiJIUzI1NiJ9.e30.x","app":"unknown"},)"
    R"("dataId":"spark-hudi.properties","group":"DEFAULT_GROUP","tenant":"",)"
    R"("content":"otel.traces.sampler=parentbased_traceidratio\notel.traces.sampler.arg=0.25\n)"
    R"(hoodie.table.name=events\n","casMd5":null,"additionMap":{"type":"properties",)"
    R"("appName":"ingest"},"requestId":"1234","module":"config"})";

const std::string kBatchListen =
    R"({"headers":{},"listen":true,"configListenContexts":[{"group":"g","md5":"0123","dataId":"a",)"
    R"("tenant":""},{"group":"g","md5":"","dataId":"b","tenant":"ns-1"}],"module":"config"})";

TEST_CASE("json reader: SDK request bodies read as nlohmann reads them") {
  for (const std::string& text : {kPublish, kBatchListen}) {
    CAPTURE(text);
    REQUIRE(ReadJsonObject(text));
    CHECK(Agrees(text));
  }
  const auto body = ReadJsonObject(kPublish);
  CHECK((*body)["content"].get<std::string>().find("sampler.arg=0.25\n") != std::string::npos);
  CHECK((*body)["casMd5"].is_null());
  CHECK((*body)["additionMap"]["appName"] == "ingest");
}

TEST_CASE("json reader: edge cases agree with nlohmann, valid or not") {
  const std::vector<std::string> cases = {
      // not objects, or not JSON
      "",
      " ",
      "[]",
      "\"s\"",
      "1",
      "null",
      "{",
      "}",
      "{}x",
      "{} {}",
      "{,}",
      "{\"a\"}",
      "{\"a\":}",
      "{\"a\":1,}",
      "{\"a\":[1,]}",
      "{\"a\":[,1]}",
      "{a:1}",
      "{'a':1}",
      "{\"a\":1 \"b\":2}",
      // whitespace
      " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
      "{\"a\":1}\v",
      "\f{}",
      // literals
      "{\"a\":true,\"b\":false,\"c\":null}",
      "{\"a\":tru}",
      "{\"a\":nul}",
      "{\"a\":truex}",
      "{\"a\":TRUE}",
      // numbers: type and range
      "{\"n\":0,\"m\":-0,\"p\":42,\"q\":-42}",
      "{\"n\":01}",
      "{\"n\":-}",
      "{\"n\":+1}",
      "{\"n\":1.}",
      "{\"n\":1.5}",
      "{\"n\":-1e3}",
      "{\"n\":1E+2}",
      "{\"n\":.5}",
      "{\"n\":999999999999999999}",
      "{\"n\":18446744073709551615}",
      "{\"n\":18446744073709551616}",
      "{\"n\":-9223372036854775808}",
      "{\"n\":-9223372036854775809}",
      // strings: escapes, control characters, UTF-8
      R"({"s":"\"\\\/\b\f\n\r\t"})",
      R"({"s":"\u0041\u00e9\u4e2d\u0000z"})",
      R"({"s":"\ud83d\ude00"})",
      R"({"s":"\ud83d"})",
      R"({"s":"\ude00"})",
      R"({"s":"\ud83d\u0041"})",
      R"({"s":"\ud83dx"})",
      R"({"s":"\u12"})",
      R"({"s":"\u12g4"})",
      R"({"s":"\x"})",
      R"({"s":"\)",
      "{\"s\":\"a\tb\"}",
      "{\"s\":\"a\x7f"
      "b\"}",
      "{\"s\":\"ünïcode-键-😀\"}",
      "{\"s\":\"\xff\"}",
      "{\"s\":\"\xc0\xaf\"}",
      "{\"s\":\"\xe0\x80\xaf\"}",
      "{\"s\":\"\xed\xa0\x80\"}",
      "{\"s\":\"\xf4\x90\x80\x80\"}",
      "{\"s\":\"\xe4\xb8\"}",
      "{\"s\":\"\xe4\xb8",
      "{\"s\":\"abc",
      // keys: escapes, repeats (first slot, last value), empty
      R"({"\u0061b":1})",
      R"({"a":1,"b":2,"a":3})",
      R"({"a":{"x":1},"a":[2]})",
      R"({"":""})",
      // byte-order mark, embedded NUL
      "\xef\xbb\xbf{\"a\":1}",
      "\xef\xbb{}",
      std::string("{\"a\":1}\0", 8),
      std::string("{\"a\":1} \0x", 10),
      std::string("{\"a\":\0}", 7),
      std::string("{\"s\":\"a\0b\"}", 11),
  };
  for (const std::string& text : cases) {
    CAPTURE(text);
    CHECK(Agrees(text));
  }
}

TEST_CASE("json reader: a repeated key keeps its first position and its last value") {
  const auto body = ReadJsonObject(R"({"a":1,"b":2,"a":"three"})");
  REQUIRE(body);
  CHECK(body->dump() == R"({"a":"three","b":2})");
}

TEST_CASE("json reader: numbers keep nlohmann's types") {
  const auto body = ReadJsonObject(R"({"u":7,"i":-7,"z":-0,"f":0.5,"big":123456789012345678901})");
  REQUIRE(body);
  CHECK((*body)["u"].is_number_unsigned());
  CHECK((*body)["i"].is_number_integer());
  CHECK_FALSE((*body)["i"].is_number_unsigned());
  CHECK_FALSE((*body)["z"].is_number_unsigned());
  CHECK((*body)["f"].is_number_float());
  CHECK((*body)["big"].is_number_float());
}

TEST_CASE("json reader: nesting deeper than its own limit is still read, through nlohmann") {
  for (int depth : {63, 64, 65, 500}) {
    CAPTURE(depth);
    const std::string text = "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
    REQUIRE(ReadJsonObject(text));
    CHECK(Agrees(text));
    CHECK(Agrees(text.substr(0, text.size() - 2) + "}"));  // one bracket short
  }
}

// Every single-byte change of two real bodies: each mutant must read as nlohmann reads it.
TEST_CASE("json reader: every one-byte mutation of SDK bodies agrees with nlohmann") {
  const std::string replacements = "\"\\{}[],:0-9.eEtfnu \t\x01\x7f\x80\xc3\xe4\xed\xf0\xff";
  size_t mutants = 0;
  for (const std::string& original : {kPublish, kBatchListen}) {
    for (size_t i = 0; i < original.size(); ++i) {
      for (const char c : replacements) {
        std::string text = original;
        text[i] = c;
        CAPTURE(text);
        REQUIRE(Agrees(text));
        ++mutants;
      }
      REQUIRE(Agrees(original.substr(0, i)));                           // truncated
      REQUIRE(Agrees(original.substr(0, i) + original.substr(i + 1)));  // one byte dropped
    }
  }
  CHECK(mutants > 10000);
}

}  // namespace
}  // namespace lever::rpc
