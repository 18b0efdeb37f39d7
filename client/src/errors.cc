#include <algorithm>
#include <cctype>

#include "internal.h"
#include "lever/config_client.h"
#include "lever/result.h"

namespace lever {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kNotFound:
      return "NotFound";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kInvalidArgument:
      return "InvalidArgument";
    case ErrorCode::kUnauthenticated:
      return "Unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "PermissionDenied";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kInternal:
      return "Internal";
  }
  return "Internal";
}

const char* ConfigSourceName(ConfigSource source) {
  switch (source) {
    case ConfigSource::kServer:
      return "server";
    case ConfigSource::kSnapshot:
      return "snapshot";
    case ConfigSource::kFailover:
      return "failover";
  }
  return "server";
}

namespace detail {

std::string WireNamespace(const std::string& namespace_id) {
  std::string lower = namespace_id;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "public" ? std::string() : namespace_id;
}

}  // namespace detail
}  // namespace lever
