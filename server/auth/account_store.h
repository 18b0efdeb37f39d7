// AccountStore: users, role bindings and permissions (nacos-protocol.md §9.5), kept in
// storage::Store auth records and cached in memory for the per-request checks.
//
// Record layout (keys of Store::*AuthRecord, values JSON or empty):
//   user/<username>                          {"password":"<password_hash.h encoding>"}
//   role/<role>/<username>                   ""
//   permission/<role>/<action>/<resource>    ""
//   key/...                                  not accounts (the cluster's shared signing key,
//                                            auth/signing_key.h); skipped here
// Usernames and roles are 1-64 characters of [A-Za-z0-9_.@-] (so they never contain '/');
// resources are 1-256 printable ASCII characters without spaces.
//
// The cache is loaded by Load() and written through by every mutation; a change made by another
// process on a shared store (a cluster on etcd) is seen after this process's next Load(), which
// AuthRuntime repeats every few seconds in that case. A reload keeps the remembered password
// checks of users whose password hash did not change.
//
// Thread safe: every method may be called from any thread. Mutations are serialised.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "auth/resource.h"
#include "base/status.h"

namespace lever::storage {
class Store;
}

namespace lever::auth {

inline constexpr const char* kAdminRole = "ROLE_ADMIN";
inline constexpr const char* kDefaultAdmin = "nacos";
// Auth records under this prefix are not accounts; Load() skips them.
inline constexpr const char* kNonAccountRecordPrefix = "key/";
// The token signing key shared by the nodes of a cluster (auth/signing_key.h).
inline constexpr const char* kSharedSigningKeyRecord = "key/token-signing";

struct RoleBinding {
  std::string role;
  std::string username;
};

struct Permission {
  std::string role;
  std::string resource;
  std::string action;  // r | w | rw
};

class AccountStore {
 public:
  // `store` must outlive this object. `hash_iterations` is the PBKDF2 cost of new passwords.
  AccountStore(storage::Store* store, int hash_iterations);

  // (Re)reads every auth record. Internal on storage failure or a corrupt record.
  Status Load();

  bool HasUsers() const;
  bool UserExists(const std::string& username) const;
  // Usernames in ascending order.
  std::vector<std::string> Usernames() const;

  // InvalidArgument "user '<u>' already exist!" when taken; InvalidArgument on a bad name or a
  // blank password.
  Status CreateUser(const std::string& username, const std::string& password);
  // NotFound "user <u> not exist!" when absent.
  Status UpdatePassword(const std::string& username, const std::string& password);
  // Removes the user and its role bindings. InvalidArgument "cannot delete admin: <u>" for a
  // ROLE_ADMIN user; OK when absent.
  Status DeleteUser(const std::string& username);

  // True when `password` is the user's password. Slow (PBKDF2) the first time; a success is
  // remembered for a few minutes (keyed by an HMAC of the password under a per-process secret),
  // and forgotten when the password changes.
  bool CheckPassword(const std::string& username, const std::string& password, int64_t now_ms);

  // InvalidArgument when the user is missing or the role is ROLE_ADMIN (only the first-start
  // admin holds it); OK when the binding already exists.
  Status AddRole(const std::string& role, const std::string& username);
  // Blank `username` removes the role from everyone and drops its permissions.
  Status DeleteRole(const std::string& role, const std::string& username);
  std::vector<RoleBinding> RoleBindings() const;
  std::vector<std::string> RolesOf(const std::string& username) const;

  // InvalidArgument for an unknown role, a bad resource or an action other than r/w/rw.
  Status AddPermission(const Permission& permission);
  Status DeletePermission(const Permission& permission);
  std::vector<Permission> Permissions() const;

  bool IsGlobalAdmin(const std::string& username) const;
  // Whether any role of `username` is ROLE_ADMIN or has a permission matching `resource` that
  // grants `action`.
  bool Allowed(const std::string& username, const std::string& resource, Action action) const;

  // First-start bootstrap: creates `username` with `password` and binds it to ROLE_ADMIN, unless
  // some user exists already (then AlreadyExists, nothing written).
  Status CreateAdmin(const std::string& username, const std::string& password);

 private:
  struct User {
    std::string password_hash;
    std::string verified_mac;  // HMAC of the last verified password; "" = none
    int64_t verified_until_ms = 0;
  };
  Status PutUser(const std::string& username, const std::string& password, bool create);
  std::string Mac(const std::string& password) const;

  storage::Store* const store_;
  const int hash_iterations_;
  std::string cache_secret_;  // random per process

  mutable std::mutex mutex_;
  std::map<std::string, User> users_;                           // GUARDED_BY(mutex_)
  std::map<std::string, std::set<std::string>> roles_by_user_;  // GUARDED_BY(mutex_)
  std::set<std::tuple<std::string, std::string, std::string>> permissions_;  // role, resource, action
};

// Whether `name` is a valid username or role name (see above).
bool ValidName(const std::string& name);

}  // namespace lever::auth
