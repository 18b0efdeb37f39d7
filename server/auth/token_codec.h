// Access tokens: HS256 JWTs `{"sub":"<username>","exp":<epoch seconds>}`, the format of the
// Nacos reference server (nacos-protocol.md §9.2). Clients treat them as opaque. Pure functions,
// thread safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace lever::auth {

struct TokenClaims {
  std::string subject;  // username
  int64_t expires_at_s = 0;
};

// header.payload.signature, signed with HMAC-SHA256 under `key`.
std::string SignToken(const std::string& key, const TokenClaims& claims);

// Checks the signature (constant time), the algorithm and the expiry. Errors are
// Unauthenticated with the Nacos messages: "token invalid!" (malformed, another key, another
// algorithm, no subject) and "token expired!" (exp <= now_s).
StatusOr<TokenClaims> VerifyToken(const std::string& key, std::string_view token, int64_t now_s);

// Standard base64 with padding, and its inverse (nullopt on malformed input).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace lever::auth
