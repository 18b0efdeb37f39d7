// The one table per HTTP dialect that turns a lever::Status into a Nacos error response
// (nacos-protocol.md §3.1, §6). Handlers call WriteError(); nothing else picks error statuses.
#pragma once

#include <string>

#include "api/http/http_router.h"
#include "base/status.h"

namespace lever::http {

struct V2Code {
  int http_status;
  int code;
  const char* message;
};

// HTTP status of a failure in the v1 dialect.
int V1HttpStatus(const Status& status);
// Status, Nacos v2 ErrorCode and its message.
V2Code V2CodeOf(const Status& status);

// Renders `status` (not OK) into `res` in the given dialect.
void WriteError(httplib::Response& res, Dialect dialect, const Status& status);

// Common successful bodies.
void WriteText(httplib::Response& res, int http_status, const std::string& body,
               const char* content_type = "text/plain;charset=UTF-8");
void WriteJsonText(httplib::Response& res, int http_status, const std::string& json);
// {"code":0,"message":"success","data":<data_json>}
void WriteV2Success(httplib::Response& res, const std::string& data_json);
// {"code":200,"message":<message or null>,"data":<data_json>}
void WriteConsoleSuccess(httplib::Response& res, const std::string& data_json,
                         const char* message = nullptr);

}  // namespace lever::http
