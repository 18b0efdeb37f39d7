#include <doctest/doctest.h>

#include "base/compact_string.h"
#include "base/md5.h"
#include "base/url_codec.h"

using namespace lever;

TEST_CASE("md5 is lowercase hex of the UTF-8 bytes (nacos-protocol.md §2.1)") {
  CHECK(Md5Hex("a: 1") == "270f9e65a80226eccd82c99cdd0dd2fb");
  CHECK(Md5Hex("中文") == "a7bac2239fcdcb3a067903d8077c4a07");
  CHECK(Md5Hex("") == "d41d8cd98f00b204e9800998ecf8427e");
}

TEST_CASE("FormUrlEncode matches Java URLEncoder") {
  CHECK(FormUrlEncode("app.yaml\x02" "DEFAULT_GROUP\x01") == "app.yaml%02DEFAULT_GROUP%01");
  CHECK(FormUrlEncode("app:conf") == "app%3Aconf");
  CHECK(FormUrlEncode("a b*c-d_e.f~") == "a+b*c-d_e.f%7E");
  CHECK(FormUrlEncode("中") == "%E4%B8%AD");
}

TEST_CASE("FormUrlDecode matches Java URLDecoder and tolerates malformed escapes") {
  CHECK(FormUrlDecode("a+b%20c") == "a b c");
  CHECK(FormUrlDecode("%E4%B8%AD") == "中");
  CHECK(FormUrlDecode("100%") == "100%");
  CHECK(FormUrlDecode("%zz%4") == "%zz%4");
  CHECK(FormUrlDecode(FormUrlEncode("x\x01y\x02z +%")) == "x\x01y\x02z +%");
}

TEST_CASE("CompactString holds no heap string when empty and reads as a std::string") {
  using lever::base::CompactString;
  CompactString empty;
  CHECK(empty.empty());
  CHECK(empty.str().empty());
  CHECK(sizeof(CompactString) == sizeof(void*));

  CompactString name = std::string("pipeline-app");
  CHECK_FALSE(name.empty());
  CHECK(name == "pipeline-app");
  CHECK(name == std::string("pipeline-app"));
  CHECK(std::string("pipeline-app") == name);
  CHECK(name.size() == 12);
  const std::string& as_string = name;
  CHECK(as_string == "pipeline-app");

  CompactString copy = name;  // deep copy: changing one leaves the other
  copy = "other";
  CHECK(name == "pipeline-app");
  CHECK(copy == "other");
  CHECK(copy != name);
  CHECK(CompactString("a") < CompactString("b"));

  copy = std::string();  // assigning "" frees the string
  CHECK(copy.empty());
  CHECK(copy == CompactString());
  CompactString moved = std::move(name);
  CHECK(moved == "pipeline-app");
}
