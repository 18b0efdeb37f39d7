// Rendering of errors in each HTTP dialect (server/api/http/error_mapping.h). Regression of
// tests/fuzz/regressions/fuzz_http_params/invalid-utf8-in-error-message: error messages quote
// client bytes, and the JSON dialects used to throw on bytes that are not UTF-8.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "api/http/error_mapping.h"

using namespace lever;
using namespace lever::http;

TEST_CASE("error_mapping: a message with invalid UTF-8 renders in every dialect, bytes replaced") {
  const Status bad = Status::InvalidArgument("invalid number for 'pageNo': \xFF" "x");
  for (Dialect dialect : {Dialect::kV1, Dialect::kV2, Dialect::kConsole, Dialect::kPlain}) {
    httplib::Response res;
    REQUIRE_NOTHROW(WriteError(res, dialect, bad));
    CHECK(res.status == 400);
  }
  httplib::Response v2;
  WriteError(v2, Dialect::kV2, bad);
  const auto body = nlohmann::json::parse(v2.body);
  CHECK(body["data"] == "invalid number for 'pageNo': \xEF\xBF\xBDx");  // U+FFFD
  httplib::Response console;
  WriteError(console, Dialect::kConsole, bad);
  CHECK(nlohmann::json::parse(console.body)["message"] == "invalid number for 'pageNo': \xEF\xBF\xBDx");
  httplib::Response v1;
  WriteError(v1, Dialect::kV1, bad);
  CHECK(v1.body == "caused: invalid number for 'pageNo': \xFFx;");  // plain text keeps the bytes
}
