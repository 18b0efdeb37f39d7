// AuthRuntime: the auth module of one lever-server process — accounts loaded from the Store,
// the install's signing key, the Authorizer — and the first-start admin (DESIGN.md decision 7).
//
// Thread safety: Start() once from the owning thread; authorizer() from any thread after.
#pragma once

#include <memory>
#include <string>

#include "auth/account_store.h"
#include "auth/authorizer.h"
#include "auth/password_hash.h"
#include "base/status.h"

namespace lever::storage {
class Store;
}

namespace lever::auth {

struct AuthRuntimeOptions {
  // Where the signing key lives (<key_dir>/token.key, mode 0600). Empty: a random key kept in
  // memory only (tokens die with the process), for --store=memory.
  std::string key_dir;
  int64_t token_ttl_seconds = 18000;
  int login_attempts_per_minute = 10;
  int hash_iterations = kDefaultHashIterations;
  // Create the admin when the store has no user yet (auth on). The password is
  // `admin_password` when not empty, else generated and logged once.
  bool bootstrap_admin = true;
  std::string admin_password;
};

class AuthRuntime {
 public:
  // Loads accounts, the signing key and creates the first admin when due. `store` must outlive
  // the runtime.
  static StatusOr<std::unique_ptr<AuthRuntime>> Start(storage::Store* store,
                                                      const AuthRuntimeOptions& options);

  Authorizer* authorizer() { return authorizer_.get(); }

 private:
  AuthRuntime() = default;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<Authorizer> authorizer_;
};

}  // namespace lever::auth
