// lever::Error and lever::Result<T>: how every liblever call reports failure.
//
// The client's public API returns Result<T> (a value or an Error) and never throws for expected
// failures (not found, conflict, server unreachable, invalid config). Errors carry a code a program
// can branch on and a message a person can read; for a rejected config value the message names the
// offending key, e.g. "otel.traces.sampler.arg: ratio 1.7 is outside [0, 1]".
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lever {

enum class ErrorCode {
  kNotFound,         // the config does not exist (Nacos 404 / gRPC errorCode 300)
  kConflict,         // a compare-and-set publish lost: the stored md5 differs
  kInvalidArgument,  // the request or a config value is malformed; the message names the field
  kUnauthenticated,  // no or bad credentials (HTTP 401 / 403 "user not found")
  kPermissionDenied, // valid identity without the right (HTTP 403)
  kUnavailable,      // no server answered (connection refused, timeout, 503)
  kInternal,         // anything else the server or the client could not do
};

// "NotFound", "Conflict", ...: stable names for logs and CLI output.
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // "<CodeName>: <message>".
  std::string ToString() const { return std::string(ErrorCodeName(code)) + ": " + message; }
};

// A value of T or an Error. Check ok() before value(); value() on an error is a programming bug.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace lever
