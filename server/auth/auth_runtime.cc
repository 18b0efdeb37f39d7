#include "auth/auth_runtime.h"

#include <spdlog/spdlog.h>

#include "auth/password_hash.h"
#include "auth/signing_key.h"

namespace lever::auth {

StatusOr<std::unique_ptr<AuthRuntime>> AuthRuntime::Start(storage::Store* store,
                                                          const AuthRuntimeOptions& options) {
  std::unique_ptr<AuthRuntime> rt(new AuthRuntime());
  rt->accounts_ = std::make_unique<AccountStore>(store, options.hash_iterations);
  LEVER_RETURN_IF_ERROR(rt->accounts_->Load());

  StatusOr<std::string> key = options.key_dir.empty()
                                  ? RandomBytes(32)
                                  : LoadOrCreateSigningKey(options.key_dir + "/token.key");
  if (!key.ok()) return key.status();

  auto log = spdlog::get("server");
  if (!log) log = spdlog::default_logger();
  if (options.bootstrap_admin && !rt->accounts_->HasUsers()) {
    std::string password = options.admin_password;
    const bool generated = password.empty();
    if (generated) {
      StatusOr<std::string> random = RandomPassword();
      if (!random.ok()) return random.status();
      password = *random;
    }
    LEVER_RETURN_IF_ERROR(rt->accounts_->CreateAdmin(kDefaultAdmin, password));
    if (generated) {
      log->warn("event=admin_created username={} password={} note=\"generated on first start and shown only "
                "this once; change it with PUT /nacos/v1/auth/users or set LEVER_ADMIN_PASSWORD before the first "
                "start\"",
                kDefaultAdmin, password);
    } else {
      log->info("event=admin_created username={} password_source=LEVER_ADMIN_PASSWORD", kDefaultAdmin);
    }
  }

  AuthorizerOptions ao;
  ao.signing_key = std::move(*key);
  ao.token_ttl_seconds = options.token_ttl_seconds;
  ao.login_attempts_per_minute = options.login_attempts_per_minute;
  rt->authorizer_ = std::make_unique<Authorizer>(rt->accounts_.get(), std::move(ao));
  return rt;
}

}  // namespace lever::auth
