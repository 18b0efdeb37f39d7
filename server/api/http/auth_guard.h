// AuthGuard: the RequestGuard of lever-server when --auth=on. It authenticates every non-public
// route (nacos-protocol.md §9.3) and authorizes it against the Nacos resource model (§9.4):
//   kAdmin  -> ROLE_ADMIN;
//   kRead / kWrite -> r / w on every config resource the request can reach: its key (or
//     "<ns>:*:config/*" for namespace-wide operations such as searches, history lists, import and
//     the console feed), each key of a long-poll's Listening-Configs, and — for operations that
//     address configs by id across namespaces (export by ids, delete by ids, clone sources) —
//     each addressed config's own key;
//   routes under /nacos/v1/auth/ and the namespace list only need a valid identity (handlers
//     check the rest).
// Every namespace parameter a request carries (tenant, namespaceId, namespace) is checked, so a
// handler reading any one of them is covered.
//
// Thread safe; Admit() runs on HTTP request threads.
#pragma once

#include "api/http/http_router.h"
#include "auth/authorizer.h"

namespace lever::core {
class ConfigService;
}

namespace lever::http {

// The credentials a request presents: accessToken (parameter or header), else the Bearer token
// of Authorization; username/password parameters or headers. The client IP for login limits is
// the TCP peer address (X-Forwarded-For is client-controlled).
auth::Credentials CredentialsOf(const HttpRequest& request);

class AuthGuard final : public RequestGuard {
 public:
  // Both must outlive the guard.
  AuthGuard(auth::Authorizer* authorizer, core::ConfigService* configs);

  Status Admit(const HttpRequest& request, const Route& route) override;

 private:
  auth::Authorizer* const authorizer_;
  core::ConfigService* const configs_;
};

}  // namespace lever::http
