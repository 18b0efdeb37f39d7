// Authorizer: who is calling (tokens, or username/password on the request) and may they do it
// (nacos-protocol.md §9.2-§9.4). Protocol adapters turn a request into Credentials and a
// resource, and map the returned Status through their one error table.
//
// Messages are the Nacos ones: "user not found!" (no or wrong credentials, unknown user),
// "token invalid!", "token expired!", "authorization failed!" (valid identity without the right).
//
// Thread safe: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "auth/account_store.h"
#include "auth/login_limiter.h"
#include "auth/resource.h"
#include "base/status.h"

namespace lever::auth {

struct AuthorizerOptions {
  std::string signing_key;         // HMAC key of tokens (signing_key.h); >= 32 bytes
  int64_t token_ttl_seconds = 18000;  // Nacos token.expire.seconds
  int login_attempts_per_minute = 10;  // failed password checks per client IP (LoginLimiter)
};

// What a request presents. Empty fields are absent.
struct Credentials {
  std::string token;  // accessToken, or the Bearer value of Authorization
  std::string username;
  std::string password;
  std::string client_ip;
};

struct Identity {
  std::string username;
  bool global_admin = false;
};

struct LoginResult {
  std::string access_token;
  int64_t token_ttl_seconds = 0;
  bool global_admin = false;
  std::string username;
};

class Authorizer {
 public:
  using Clock = std::function<int64_t()>;  // epoch milliseconds

  // `accounts` must outlive the authorizer. `clock` defaults to the system clock.
  Authorizer(AccountStore* accounts, AuthorizerOptions options, Clock clock = nullptr);

  // Checks the password and issues a token. Unauthenticated "user not found!" on a wrong
  // password or unknown user; ResourceExhausted when the client IP has used up its failed
  // attempts (the password is then not checked at all).
  StatusOr<LoginResult> Login(const std::string& username, const std::string& password,
                              const std::string& client_ip);

  // A token wins over username/password. Unauthenticated when nothing is presented, the token is
  // invalid or expired, its user no longer exists, or the password is wrong; ResourceExhausted
  // as for Login().
  StatusOr<Identity> Authenticate(const Credentials& credentials);

  // PermissionDenied "authorization failed!" unless `identity` may do `action` on `resource`.
  Status Authorize(const Identity& identity, const std::string& resource, Action action) const;
  // Authenticate() then Authorize(): the whole check of one request on one resource.
  Status Check(const Credentials& credentials, const std::string& resource, Action action);

  // PermissionDenied "authorization failed!" unless `identity` holds ROLE_ADMIN.
  Status RequireAdmin(const Identity& identity) const;

  // A token for `username` that expires at `expires_at_s` (tests and tooling).
  std::string IssueToken(const std::string& username, int64_t expires_at_s) const;

  AccountStore& accounts() { return *accounts_; }
  int64_t token_ttl_seconds() const { return options_.token_ttl_seconds; }

 private:
  StatusOr<Identity> CheckPassword(const std::string& username, const std::string& password,
                                   const std::string& client_ip);

  AccountStore* const accounts_;
  const AuthorizerOptions options_;
  const Clock clock_;
  LoginLimiter limiter_;
};

}  // namespace lever::auth
