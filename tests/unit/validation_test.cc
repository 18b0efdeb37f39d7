#include <doctest/doctest.h>

#include <string>

#include "core/validation.h"

using namespace lever;
using namespace lever::core;

namespace {
const Limits kLimits;
}

TEST_CASE("dataId and group: charset and length from nacos-protocol.md §2.1") {
  struct Row {
    std::string value;
    StatusCode data_id;
    StatusCode group;
  };
  const Row rows[] = {
      {"app.yaml", StatusCode::kOk, StatusCode::kOk},
      {"a-b_c:d.e", StatusCode::kOk, StatusCode::kOk},
      {"a b", StatusCode::kInvalidArgument, StatusCode::kInvalidArgument},
      {"a/b", StatusCode::kInvalidArgument, StatusCode::kInvalidArgument},
      {"中文", StatusCode::kInvalidArgument, StatusCode::kInvalidArgument},
      {"", StatusCode::kMissingParameter, StatusCode::kMissingParameter},
      {"   ", StatusCode::kMissingParameter, StatusCode::kMissingParameter},
      {std::string(128, 'g'), StatusCode::kOk, StatusCode::kOk},
      {std::string(129, 'g'), StatusCode::kOk, StatusCode::kInvalidArgument},
      {std::string(256, 'd'), StatusCode::kOk, StatusCode::kInvalidArgument},
      {std::string(257, 'd'), StatusCode::kInvalidArgument, StatusCode::kInvalidArgument},
  };
  for (const auto& row : rows) {
    CAPTURE(row.value);
    CHECK(ValidateDataId(row.value, kLimits).code() == row.data_id);
    CHECK(ValidateGroup(row.value, kLimits).code() == row.group);
  }
  CHECK(ValidateDataId("a b", kLimits).message() ==
        "Param 'dataId' is illegal, illegal characters should not appear in the param.");
}

TEST_CASE("tenant normalisation: blank, public and null are the public namespace") {
  CHECK(NormalizeTenant("") == "");
  CHECK(NormalizeTenant("  ") == "");
  CHECK(NormalizeTenant("public") == "");
  CHECK(NormalizeTenant("PUBLIC") == "");
  CHECK(NormalizeTenant("null") == "");
  CHECK(NormalizeTenant("dev") == "dev");
  CHECK(NormalizeTenant("publicx") == "publicx");
  CHECK(ValidateTenant("dev-1_x", kLimits).ok());
  CHECK(ValidateTenant("a/b", kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateTenant("a.b", kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateTenant(std::string(129, 't'), kLimits).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("content: blank rejected, size limit enforced") {
  CHECK(ValidateContent("a: 1", kLimits).ok());
  CHECK(ValidateContent("", kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateContent(" \n\t", kLimits).code() == StatusCode::kInvalidArgument);
  Limits small;
  small.max_content_bytes = 4;
  CHECK(ValidateContent("abcd", small).ok());
  CHECK(ValidateContent("abcde", small).message() == "invalid content, over 4");
}

TEST_CASE("gray tag, desc and config_tags limits use Nacos messages") {
  CHECK(ValidateTag("", kLimits).ok());
  CHECK(ValidateTag(std::string(16, 't'), kLimits).ok());
  CHECK(ValidateTag(std::string(17, 't'), kLimits).message() == "too long tag, over 16");
  CHECK(ValidateTag("a b", kLimits).message() == "invalid tag : a b");
  CHECK(ValidatePublishMetadata({.desc = std::string(128, 'd')}, kLimits).ok());
  CHECK(ValidatePublishMetadata({.desc = std::string(129, 'd')}, kLimits).message() == "too long desc, over 128");
  CHECK(ValidatePublishMetadata({.config_tags = "a,b,c,d,e"}, kLimits).ok());
  CHECK(ValidatePublishMetadata({.config_tags = "a,b,c,d,e,f"}, kLimits).message() == "too much config_tags, over 5");
  CHECK(ValidatePublishMetadata({.config_tags = std::string(65, 't')}, kLimits).message() == "too long tag, over 64");
}

TEST_CASE("type: known types kept, anything else becomes text") {
  for (const char* t : {"properties", "xml", "json", "text", "html", "yaml", "toml", "unset"}) {
    CHECK(NormalizeType(t) == t);
  }
  CHECK(NormalizeType("") == "text");
  CHECK(NormalizeType("foo") == "text");
  CHECK(NormalizeType("YAML") == "text");
}

TEST_CASE("namespace id and name") {
  CHECK(ValidateNamespaceId("dev", kLimits).ok());
  CHECK(ValidateNamespaceId("a.b", kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateNamespaceId(std::string(65, 'n'), kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateNamespaceName("Dev env", kLimits).ok());
  CHECK(ValidateNamespaceName("a@b", kLimits).code() == StatusCode::kInvalidArgument);
  CHECK(ValidateNamespaceName("", kLimits).code() == StatusCode::kMissingParameter);
}
