#include "auth/auth_runtime.h"

#include <spdlog/spdlog.h>

#include "auth/password_hash.h"
#include "auth/signing_key.h"
#include "base/thread_name.h"

namespace lever::auth {

StatusOr<std::unique_ptr<AuthRuntime>> AuthRuntime::Start(storage::Store* store,
                                                          const AuthRuntimeOptions& options) {
  std::unique_ptr<AuthRuntime> rt(new AuthRuntime());
  rt->accounts_ = std::make_unique<AccountStore>(store, options.hash_iterations);
  LEVER_RETURN_IF_ERROR(rt->accounts_->Load());

  StatusOr<std::string> key = options.key_in_store     ? LoadOrCreateSharedSigningKey(*store)
                              : options.key_dir.empty() ? RandomBytes(32)
                                                        : LoadOrCreateSigningKey(options.key_dir + "/token.key");
  if (!key.ok()) return key.status();
  if (options.bootstrap_admin && !rt->accounts_->HasUsers()) {
    LEVER_RETURN_IF_ERROR(rt->CreateFirstAdmin(options));
  }

  AuthorizerOptions ao;
  ao.signing_key = std::move(*key);
  ao.token_ttl_seconds = options.token_ttl_seconds;
  ao.login_attempts_per_minute = options.login_attempts_per_minute;
  rt->authorizer_ = std::make_unique<Authorizer>(rt->accounts_.get(), std::move(ao));
  if (options.refresh_interval.count() > 0) {
    rt->refresh_thread_ = std::thread([r = rt.get(), interval = options.refresh_interval] { r->RefreshLoop(interval); });
  }
  return rt;
}

AuthRuntime::~AuthRuntime() {
  {
    std::lock_guard lock(refresh_mutex_);
    stopping_ = true;
  }
  refresh_cv_.notify_all();
  if (refresh_thread_.joinable()) refresh_thread_.join();
}

Status AuthRuntime::CreateFirstAdmin(const AuthRuntimeOptions& options) {
  auto log = spdlog::get("server");
  if (!log) log = spdlog::default_logger();
  std::string password = options.admin_password;
  const bool generated = password.empty();
  if (generated) {
    StatusOr<std::string> random = RandomPassword();
    if (!random.ok()) return random.status();
    password = *random;
  }
  Status created = accounts_->CreateAdmin(kDefaultAdmin, password);
  if (!created.ok()) {
    // Nodes of a cluster starting together race for the first admin: the loser finds it made.
    LEVER_RETURN_IF_ERROR(accounts_->Load());
    if (accounts_->UserExists(kDefaultAdmin)) {
      log->info("event=admin_exists username={} note=\"created by another node\"", kDefaultAdmin);
      return Status::Ok();
    }
    return created;
  }
  if (generated) {
    log->warn("event=admin_created username={} password={} note=\"generated on first start and shown only "
              "this once; change it with PUT /nacos/v1/auth/users or set LEVER_ADMIN_PASSWORD before the first "
              "start\"",
              kDefaultAdmin, password);
  } else {
    log->info("event=admin_created username={} password_source=LEVER_ADMIN_PASSWORD", kDefaultAdmin);
  }
  return Status::Ok();
}

void AuthRuntime::RefreshLoop(std::chrono::milliseconds interval) {
  SetCurrentThreadName("lever-auth-sync");
  auto log = spdlog::get("auth");
  if (!log) log = spdlog::default_logger();
  std::unique_lock lock(refresh_mutex_);
  while (!refresh_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    Status s = accounts_->Load();
    if (!s.ok()) log->warn("event=accounts_refresh_failed error=\"{}\"", s.ToString());
    lock.lock();
  }
}

}  // namespace lever::auth
