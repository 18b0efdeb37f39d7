// AuthRuntime: the auth module of one lever-server process — accounts loaded from the Store,
// the install's signing key, the Authorizer — and the first-start admin (DESIGN.md decision 7).
//
// In a cluster (nodes sharing one Store on etcd) the signing key lives in the Store, so every node
// accepts every node's tokens, and accounts are re-read every `refresh_interval`, so a user,
// role or permission changed on one node takes effect on the others within that interval.
//
// Thread safety: Start() once from the owning thread; authorizer() from any thread after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

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
  // A cluster: the signing key is kept in the Store (key_dir is ignored) and shared by the nodes.
  bool key_in_store = false;
  // > 0: re-read the accounts from the Store this often (a cluster, where other nodes write).
  std::chrono::milliseconds refresh_interval{0};
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

  // Stops the refresh thread, if any.
  ~AuthRuntime();
  AuthRuntime(const AuthRuntime&) = delete;
  AuthRuntime& operator=(const AuthRuntime&) = delete;

  Authorizer* authorizer() { return authorizer_.get(); }

 private:
  AuthRuntime() = default;
  Status CreateFirstAdmin(const AuthRuntimeOptions& options);
  void RefreshLoop(std::chrono::milliseconds interval);

  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<Authorizer> authorizer_;
  std::mutex refresh_mutex_;
  std::condition_variable refresh_cv_;
  bool stopping_ = false;  // GUARDED_BY(refresh_mutex_)
  std::thread refresh_thread_;
};

}  // namespace lever::auth
