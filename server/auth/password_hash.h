// Password hashing for stored accounts: PBKDF2-HMAC-SHA256 (OpenSSL) with a random 16-byte salt
// per password and the iteration count stored next to the hash, so the cost can be raised later
// without invalidating existing accounts.
//
// Encoded form: "pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>". Pure functions,
// thread safe.
#pragma once

#include <string>

#include "base/status.h"

namespace lever::auth {

// OWASP's 2023 floor for PBKDF2-HMAC-SHA256 is 600,000; logins are rare and rate limited, and
// per-request password checks are cached (AccountStore), so the server can afford it.
inline constexpr int kDefaultHashIterations = 600000;

// Hashes `password` with a fresh random salt. Internal only when the random source fails.
StatusOr<std::string> HashPassword(const std::string& password,
                                   int iterations = kDefaultHashIterations);

// True when `password` matches `encoded` (a HashPassword() result). A malformed `encoded`
// never matches. Compares in constant time.
bool VerifyPassword(const std::string& password, const std::string& encoded);

// `bytes` random bytes from OpenSSL's CSPRNG, or Internal.
StatusOr<std::string> RandomBytes(size_t bytes);

// A random password of `length` characters from [A-Za-z0-9], for the first-start admin.
StatusOr<std::string> RandomPassword(size_t length = 20);

}  // namespace lever::auth
