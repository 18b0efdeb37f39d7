// The one table that turns a lever::Status into the Nacos gRPC error fields (nacos-protocol.md
// §8.7, §8.9). Handlers never pick error codes themselves: they call WireErrorOf().
#pragma once

#include <string>

#include "base/status.h"

namespace lever::rpc {

// errorCode values of §8.9.
inline constexpr int kCodeOk = 0;
inline constexpr int kCodeNotFound = 300;  // config not found (query) / server starting
inline constexpr int kCodeUnregistered = 301;
inline constexpr int kCodeNoHandler = 302;
inline constexpr int kCodeInvalidParam = 400;
inline constexpr int kCodeNoRight = 403;
inline constexpr int kCodeServerError = 500;
inline constexpr int kCodeBadRequest = 502;
inline constexpr int kCodeOverLimit = 503;

// resultCode of every failed response. (Java's ErrorResponse built from an exception copies the
// errorCode here; clients only test != 200, so Lever always writes 500.)
inline constexpr int kResultFailure = 500;

struct WireError {
  int result_code;
  int error_code;
  std::string message;
};

// `status` must not be OK. The message is the Status message (Nacos texts come from core).
WireError WireErrorOf(const Status& status);

}  // namespace lever::rpc
