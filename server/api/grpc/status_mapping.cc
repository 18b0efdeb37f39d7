#include "api/grpc/status_mapping.h"

namespace lever::rpc {

namespace {

struct Row {
  StatusCode status;
  int error_code;
};

// One row per core status. Notes on the choices that are not obvious:
// - kNotFound -> 300 is the "config data not exist" contract of ConfigQueryResponse; clients
//   clear their snapshot on it. Only queries can produce it (removes of missing keys succeed).
// - kCasConflict -> 500 with the Nacos message "Cas publish fail, server md5 may have changed.".
// - kInternal -> 500 also for ConfigRemoveResponse, where Java leaves errorCode 0: Python decides
//   success by errorCode == 0, so a failed remove must not carry 0.
// - kUnavailable -> 500, not 300: on a query, 300 would make clients delete their snapshot.
constexpr Row kTable[] = {
    {StatusCode::kInvalidArgument, kCodeInvalidParam},
    {StatusCode::kMissingParameter, kCodeInvalidParam},
    {StatusCode::kNotFound, kCodeNotFound},
    {StatusCode::kAlreadyExists, kCodeInvalidParam},
    {StatusCode::kCasConflict, kCodeServerError},
    {StatusCode::kUnauthenticated, kCodeNoRight},
    {StatusCode::kPermissionDenied, kCodeNoRight},
    {StatusCode::kResourceExhausted, kCodeOverLimit},
    {StatusCode::kUnavailable, kCodeServerError},
    {StatusCode::kInternal, kCodeServerError},
};

}  // namespace

WireError WireErrorOf(const Status& status) {
  for (const Row& row : kTable) {
    if (row.status == status.code()) return {kResultFailure, row.error_code, status.message()};
  }
  return {kResultFailure, kCodeServerError, status.message()};
}

}  // namespace lever::rpc
