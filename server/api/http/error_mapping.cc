#include "api/http/error_mapping.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

namespace lever::http {

int V1HttpStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    // Nacos 2.5 answers 500 for a missing Spring parameter; we answer 400 (clients only test
    // for non-2xx, and a missing parameter is the caller's fault, not a server failure).
    case StatusCode::kMissingParameter: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kCasConflict: return 500;  // Nacos: "Cas publish fail" is a 500
    case StatusCode::kUnauthenticated: return 403;  // Nacos answers 403 for missing tokens too
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kResourceExhausted: return 503;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

V2Code V2CodeOf(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return {200, 0, "success"};
    case StatusCode::kInvalidArgument: return {400, 20002, "parameter validate error"};
    case StatusCode::kMissingParameter: return {400, 10000, "parameter missing"};
    case StatusCode::kNotFound: return {404, 20004, "resource not found"};
    case StatusCode::kAlreadyExists: return {409, 22002, "namespace already exist"};
    case StatusCode::kCasConflict: return {500, 20005, "resource conflict"};
    case StatusCode::kUnauthenticated: return {403, 10001, "access denied"};
    case StatusCode::kPermissionDenied: return {403, 10001, "access denied"};
    case StatusCode::kResourceExhausted: return {503, 30000, "server error"};
    case StatusCode::kUnavailable: return {503, 30000, "server error"};
    case StatusCode::kInternal: return {500, 30000, "server error"};
  }
  return {500, 30000, "server error"};
}

void WriteText(httplib::Response& res, int http_status, const std::string& body,
               const char* content_type) {
  res.status = http_status;
  res.set_content(body, content_type);
}

void WriteJsonText(httplib::Response& res, int http_status, const std::string& json) {
  res.status = http_status;
  res.set_content(json, "application/json;charset=UTF-8");
}

void WriteV2Success(httplib::Response& res, const std::string& data_json) {
  WriteJsonText(res, 200, R"({"code":0,"message":"success","data":)" + data_json + "}");
}

void WriteConsoleSuccess(httplib::Response& res, const std::string& data_json, const char* message) {
  std::string msg = message ? nlohmann::json(message).dump() : "null";
  WriteJsonText(res, 200, R"({"code":200,"message":)" + msg + R"(,"data":)" + data_json + "}");
}

namespace {

// Error messages quote client input (an unparsable number, a bad id), which need not be UTF-8;
// strict dump() would throw on it (found by fuzz_http_params). Invalid bytes become U+FFFD.
std::string DumpLenient(const nlohmann::ordered_json& body) {
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

void WriteError(httplib::Response& res, Dialect dialect, const Status& status) {
  switch (dialect) {
    case Dialect::kV1:
      WriteText(res, V1HttpStatus(status), "caused: " + status.message() + ";");
      return;
    case Dialect::kV2: {
      V2Code c = V2CodeOf(status);
      nlohmann::ordered_json body = {{"code", c.code}, {"message", c.message}, {"data", status.message()}};
      WriteJsonText(res, c.http_status, DumpLenient(body));
      return;
    }
    case Dialect::kConsole: {
      int http = V1HttpStatus(status);
      nlohmann::ordered_json body = {{"code", http}, {"message", status.message()}, {"data", nullptr}};
      WriteJsonText(res, http, DumpLenient(body));
      return;
    }
    case Dialect::kPlain:
      WriteText(res, V1HttpStatus(status), status.message() + "\n");
      return;
  }
}

}  // namespace lever::http
