#include <doctest/doctest.h>

#include "api/http/listening_configs.h"

using namespace lever;
using namespace lever::http;

TEST_CASE("parse 3- and 4-field records") {
  auto r = ParseListeningConfigs("app.yaml\x02" "DEFAULT_GROUP\x02" "abc\x01" "db\x02" "G\x02\x02" "dev\x01", 10);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].data_id == "app.yaml");
  CHECK((*r)[0].group == "DEFAULT_GROUP");
  CHECK((*r)[0].md5 == "abc");
  CHECK((*r)[0].tenant == "");
  CHECK((*r)[1].md5 == "");
  CHECK((*r)[1].tenant == "dev");
}

TEST_CASE("Python-style empty 4th field is the public namespace") {
  auto r = ParseListeningConfigs("a\x02g\x02m\x02\x01", 10);
  REQUIRE(r.ok());
  CHECK((*r)[0].tenant == "");
}

TEST_CASE("the value is URL-decoded once more, as Nacos does") {
  auto r = ParseListeningConfigs("a%3Ab%02g%02m%01", 10);
  REQUIRE(r.ok());
  CHECK((*r)[0].data_id == "a:b");
  CHECK((*r)[0].group == "g");
}

TEST_CASE("malformed input is rejected with Nacos messages") {
  CHECK(ParseListeningConfigs("", 10).status().message() == "invalid probeModify");
  CHECK(ParseListeningConfigs("   ", 10).status().message() == "invalid probeModify");
  CHECK(ParseListeningConfigs("a\x02g\x02m\x02t\x02x\x01", 10).status().message() == "invalid protocol,too much key");
  CHECK(!ParseListeningConfigs("a\x02g\x01", 10).ok());
  CHECK(!ParseListeningConfigs("\x01", 10).ok());
  std::string many;
  for (int i = 0; i < 11; ++i) many += "a\x02g\x02m\x01";
  CHECK(ParseListeningConfigs(many, 10).status().message() == "invalid protocol, too much listener");
  CHECK(ParseListeningConfigs(many, 11).ok());
}

TEST_CASE("an unterminated trailing record is ignored") {
  auto r = ParseListeningConfigs("a\x02g\x02m\x01" "b\x02g\x02m", 10);
  REQUIRE(r.ok());
  CHECK(r->size() == 1);
  CHECK(!ParseListeningConfigs("b\x02g\x02m", 10).ok());
}

TEST_CASE("changed keys are encoded like Java URLEncoder with a trailing newline") {
  CHECK(EncodeChangedKeys({{"app.yaml", "DEFAULT_GROUP", "", ""}}) == "app.yaml%02DEFAULT_GROUP%01\n");
  CHECK(EncodeChangedKeys({{"app.yaml", "DEFAULT_GROUP", "x", "dev"}, {"db.properties", "DEFAULT_GROUP", "", ""}}) ==
        "app.yaml%02DEFAULT_GROUP%02dev%01db.properties%02DEFAULT_GROUP%01\n");
  CHECK(EncodeChangedKeys({{"app:conf", "DEFAULT_GROUP", "", ""}}) == "app%3Aconf%02DEFAULT_GROUP%01\n");
}
