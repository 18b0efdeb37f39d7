// The hand-written codecs of the push path (payload_json.h) against the JSON-tree ones they
// replace: the same bytes out, the same fields read. tests/fuzz/fuzz_grpc_payload.cc checks the
// same agreement on arbitrary input.
#include "api/grpc/payload_json.h"

#include <doctest/doctest.h>

#include <string>

namespace lever::rpc {
namespace {

std::string TreeNotify(const std::string& rid, const std::string& data_id, const std::string& group,
                       const std::string& tenant) {
  Json body = PushBody(rid);
  body["dataId"] = data_id;
  body["group"] = group;
  body["tenant"] = tenant;
  AddModule(body, "config");
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

TEST_CASE("payload json: the notify body is byte for byte the JSON tree's encoding") {
  const std::string control("a\x01\x1f\b\f\n\r\tz", 10);
  for (const auto& [data_id, group, tenant] : {
           std::tuple<std::string, std::string, std::string>{"spark-hudi.properties", "DEFAULT_GROUP", ""},
           {"quote\"back\\slash", "g/slash", "ns-1"},
           {control, "grp", "public"},
           {"ünïcode-键", "grp", ""},
           {std::string("bad\xff\xfeutf8", 10), "grp", ""},
       }) {
    CAPTURE(data_id);
    CHECK(NotifyBodyText("42", data_id, group, tenant) == TreeNotify("42", data_id, group, tenant));
  }
}

TEST_CASE("payload json: a push answer reads requestId and resultCode as the tree accessors do") {
  auto read = [](const std::string& text) { return ParsePushAnswer(text); };
  auto a = read(R"({"resultCode":200,"errorCode":0,"requestId":"17","success":true})");
  REQUIRE(a);
  CHECK(a->request_id == "17");
  CHECK(a->result_code == 200);

  a = read(R"({"resultCode":500,"requestId":17})");  // a number: its text, like StringField
  REQUIRE(a);
  CHECK(a->request_id == "17");
  CHECK(a->result_code == 500);

  a = read(R"({"resultCode":"500","requestId":"9"})");  // a numeric string, like IntField
  REQUIRE(a);
  CHECK(a->result_code == 500);

  // Only top-level fields count; nested ones with the same names are skipped.
  a = read(R"({"headers":{"requestId":"x","resultCode":1},"body":[{"requestId":"y"}],"requestId":"5"})");
  REQUIRE(a);
  CHECK(a->request_id == "5");
  CHECK(a->result_code == 200);

  a = read(R"({"requestId":null})");
  REQUIRE(a);
  CHECK(a->request_id.empty());

  // A repeated key: the last value wins, whatever its kind, as in the tree.
  a = read(R"({"requestId":"1","resultCode":500,"requestId":{"x":1},"resultCode":"oops"})");
  REQUIRE(a);
  CHECK(a->request_id.empty());
  CHECK(a->result_code == 200);

  a = read(R"({"requestId":1.5e1,"resultCode":18446744073709551615})");
  REQUIRE(a);
  CHECK(a->request_id == Json(15.0).dump());
  CHECK(a->result_code == -1);  // IntField's get<int64_t>() of the same value

  CHECK_FALSE(read("[1,2]"));
  CHECK_FALSE(read("\"text\""));
  CHECK_FALSE(read(R"({"requestId":"1")"));  // truncated
  CHECK_FALSE(read(""));
}

}  // namespace
}  // namespace lever::rpc
