#include "auth/authorizer.h"

#include <spdlog/spdlog.h>

#include "auth/token_codec.h"
#include "base/clock.h"

namespace lever::auth {
namespace {

constexpr const char* kUserNotFound = "user not found!";
constexpr const char* kDenied = "authorization failed!";

}  // namespace

Authorizer::Authorizer(AccountStore* accounts, AuthorizerOptions options, Clock clock)
    : accounts_(accounts),
      options_(std::move(options)),
      clock_(clock ? std::move(clock) : Clock([] { return NowEpochMillis(); })),
      limiter_(options_.login_attempts_per_minute) {}

StatusOr<Identity> Authorizer::CheckPassword(const std::string& username,
                                             const std::string& password,
                                             const std::string& client_ip) {
  const int64_t now = clock_();
  if (!limiter_.Allow(client_ip, now)) {
    return Status::ResourceExhausted("too many failed logins from " + client_ip +
                                     ", try again later");
  }
  if (!accounts_->CheckPassword(username, password, now)) {
    limiter_.RecordFailure(client_ip, now);
    if (auto log = spdlog::get("auth")) {
      log->warn("event=login_failed username=\"{}\" client_ip={}", username, client_ip);
    }
    return Status::Unauthenticated(kUserNotFound);
  }
  return Identity{username, accounts_->IsGlobalAdmin(username)};
}

StatusOr<LoginResult> Authorizer::Login(const std::string& username, const std::string& password,
                                        const std::string& client_ip) {
  StatusOr<Identity> identity = CheckPassword(username, password, client_ip);
  if (!identity.ok()) return identity.status();
  const int64_t expires = clock_() / 1000 + options_.token_ttl_seconds;
  return LoginResult{IssueToken(username, expires), options_.token_ttl_seconds,
                     identity->global_admin, username};
}

StatusOr<Identity> Authorizer::Authenticate(const Credentials& c) {
  if (!c.token.empty()) {
    StatusOr<TokenClaims> claims = VerifyToken(options_.signing_key, c.token, clock_() / 1000);
    if (!claims.ok()) return claims.status();
    if (!accounts_->UserExists(claims->subject)) return Status::Unauthenticated(kUserNotFound);
    return Identity{claims->subject, accounts_->IsGlobalAdmin(claims->subject)};
  }
  if (c.username.empty()) return Status::Unauthenticated(kUserNotFound);
  return CheckPassword(c.username, c.password, c.client_ip);
}

Status Authorizer::Authorize(const Identity& identity, const std::string& resource,
                             Action action) const {
  if (accounts_->Allowed(identity.username, resource, action)) return Status::Ok();
  return Status::PermissionDenied(kDenied);
}

Status Authorizer::Check(const Credentials& credentials, const std::string& resource,
                         Action action) {
  StatusOr<Identity> identity = Authenticate(credentials);
  if (!identity.ok()) return identity.status();
  return Authorize(*identity, resource, action);
}

Status Authorizer::RequireAdmin(const Identity& identity) const {
  if (accounts_->IsGlobalAdmin(identity.username)) return Status::Ok();
  return Status::PermissionDenied(kDenied);
}

std::string Authorizer::IssueToken(const std::string& username, int64_t expires_at_s) const {
  return SignToken(options_.signing_key, TokenClaims{username, expires_at_s});
}

}  // namespace lever::auth
