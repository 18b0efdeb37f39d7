// Status and StatusOr: the error currency at every module edge of lever-server.
//
// A Status is a code plus a human-readable message. Codes are protocol-neutral; each protocol
// adapter maps them through exactly one table (see api/http/error_mapping.h). Messages are the
// Nacos texts wherever Nacos has one (e.g. "config data not exist"), because adapters pass them
// through to clients unchanged.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace lever {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // a parameter is present but illegal (charset, length, range)
  kMissingParameter,  // a required parameter is absent or blank
  kNotFound,          // the addressed config / history row / namespace does not exist
  kAlreadyExists,     // create of something that exists (namespaces)
  kCasConflict,       // compare-and-set publish lost: the stored md5 differs from casMd5
  kUnauthenticated,   // no or invalid credentials
  kPermissionDenied,  // valid identity without the right
  kResourceExhausted, // a limit was hit (too many listeners, body too large, server busy)
  kUnavailable,       // the server is starting or shutting down
  kInternal,          // storage or other failure; the request's effect is unknown-to-none
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status MissingParameter(std::string m) { return {StatusCode::kMissingParameter, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status CasConflict(std::string m) { return {StatusCode::kCasConflict, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }

  // "<CodeName>: <message>", for logs.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status. Accessing value() of an error is a programming error.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  const T& value() const& { assert(ok()); return *value_; }
  T& value() & { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace lever

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define LEVER_RETURN_IF_ERROR(expr)              \
  do {                                           \
    ::lever::Status lever_status_ = (expr);      \
    if (!lever_status_.ok()) return lever_status_; \
  } while (0)
