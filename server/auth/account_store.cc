#include "auth/account_store.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>
#include <tuple>

#include "auth/password_hash.h"
#include "storage/store.h"

namespace lever::auth {
namespace {

using Json = nlohmann::json;

constexpr const char* kUserPrefix = "user/";
constexpr const char* kRolePrefix = "role/";
constexpr const char* kPermissionPrefix = "permission/";
constexpr int64_t kVerifiedCacheMs = 5 * 60 * 1000;

std::string UserKey(const std::string& u) { return kUserPrefix + u; }
std::string RoleKey(const std::string& role, const std::string& u) { return kRolePrefix + role + "/" + u; }
std::string PermissionKey(const Permission& p) {
  return kPermissionPrefix + p.role + "/" + p.action + "/" + p.resource;
}

bool ValidResource(const std::string& resource) {
  if (resource.empty() || resource.size() > 256) return false;
  for (char c : resource) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

// "a/b/rest" -> {"a", "b", "rest"}; false when there are fewer than two '/'.
bool SplitTwo(const std::string& s, std::string& a, std::string& b, std::string& rest) {
  size_t s1 = s.find('/');
  size_t s2 = s1 == std::string::npos ? s1 : s.find('/', s1 + 1);
  if (s2 == std::string::npos) return false;
  a = s.substr(0, s1);
  b = s.substr(s1 + 1, s2 - s1 - 1);
  rest = s.substr(s2 + 1);
  return true;
}

}  // namespace

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '@' || c == '-';
    if (!ok) return false;
  }
  return true;
}

AccountStore::AccountStore(storage::Store* store, int hash_iterations)
    : store_(store), hash_iterations_(hash_iterations) {
  StatusOr<std::string> secret = RandomBytes(32);
  // Without randomness the cache key is still an HMAC, just under a known key; the cache only
  // ever holds passwords that were verified, so this is not a bypass.
  cache_secret_ = secret.ok() ? *secret : std::string(32, 'x');
}

std::string AccountStore::Mac(const std::string& password) const {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), cache_secret_.data(), static_cast<int>(cache_secret_.size()),
       reinterpret_cast<const unsigned char*>(password.data()), password.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

Status AccountStore::Load() {
  StatusOr<std::vector<storage::AuthRecord>> records = store_->ListAuthRecords("");
  if (!records.ok()) return records.status();
  std::map<std::string, User> users;
  std::map<std::string, std::set<std::string>> roles;
  std::set<std::tuple<std::string, std::string, std::string>> permissions;
  for (const storage::AuthRecord& r : *records) {
    std::string a, b, rest;
    if (r.key.rfind(kUserPrefix, 0) == 0) {
      Json j = Json::parse(r.value, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object() || !j.contains("password") || !j["password"].is_string()) {
        return Status::Internal("corrupt auth record " + r.key);
      }
      users[r.key.substr(5)].password_hash = j["password"].get<std::string>();
    } else if (r.key.rfind(kRolePrefix, 0) == 0) {
      size_t slash = r.key.find('/', 5);
      if (slash == std::string::npos) return Status::Internal("corrupt auth record " + r.key);
      roles[r.key.substr(slash + 1)].insert(r.key.substr(5, slash - 5));
    } else if (r.key.rfind(kPermissionPrefix, 0) == 0 && SplitTwo(r.key.substr(11), a, b, rest)) {
      permissions.emplace(a, rest, b);
    } else if (r.key.rfind(kNonAccountRecordPrefix, 0) == 0) {
      continue;
    } else {
      return Status::Internal("corrupt auth record " + r.key);
    }
  }
  std::lock_guard lock(mutex_);
  for (auto& [name, user] : users) {
    auto cached = users_.find(name);
    if (cached != users_.end() && cached->second.password_hash == user.password_hash) {
      user.verified_mac = cached->second.verified_mac;
      user.verified_until_ms = cached->second.verified_until_ms;
    }
  }
  users_ = std::move(users);
  roles_by_user_ = std::move(roles);
  permissions_ = std::move(permissions);
  return Status::Ok();
}

bool AccountStore::HasUsers() const {
  std::lock_guard lock(mutex_);
  return !users_.empty();
}

bool AccountStore::UserExists(const std::string& username) const {
  std::lock_guard lock(mutex_);
  return users_.count(username) > 0;
}

std::vector<std::string> AccountStore::Usernames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, user] : users_) out.push_back(name);
  return out;
}

Status AccountStore::PutUser(const std::string& username, const std::string& password, bool create) {
  if (!ValidName(username)) {
    return Status::InvalidArgument("invalid username '" + username + "': 1-64 of [A-Za-z0-9_.@-]");
  }
  if (password.empty()) return Status::MissingParameter("password is blank");
  {
    std::lock_guard lock(mutex_);
    const bool exists = users_.count(username) > 0;
    if (create && exists) return Status::InvalidArgument("user '" + username + "' already exist!");
    if (!create && !exists) return Status::NotFound("user " + username + " not exist!");
  }
  StatusOr<std::string> hash = HashPassword(password, hash_iterations_);
  if (!hash.ok()) return hash.status();
  const std::string value = Json{{"password", *hash}}.dump();
  Status written = create ? store_->CreateAuthRecord(UserKey(username), value)
                          : store_->PutAuthRecord(UserKey(username), value);
  if (written.code() == StatusCode::kAlreadyExists) {
    return Status::InvalidArgument("user '" + username + "' already exist!");
  }
  LEVER_RETURN_IF_ERROR(written);
  std::lock_guard lock(mutex_);
  users_[username] = User{*hash, "", 0};
  return Status::Ok();
}

Status AccountStore::CreateUser(const std::string& username, const std::string& password) {
  return PutUser(username, password, /*create=*/true);
}

Status AccountStore::UpdatePassword(const std::string& username, const std::string& password) {
  return PutUser(username, password, /*create=*/false);
}

Status AccountStore::DeleteUser(const std::string& username) {
  std::set<std::string> roles;
  {
    std::lock_guard lock(mutex_);
    auto it = roles_by_user_.find(username);
    if (it != roles_by_user_.end()) roles = it->second;
  }
  if (roles.count(kAdminRole)) return Status::InvalidArgument("cannot delete admin: " + username);
  for (const std::string& role : roles) {
    LEVER_RETURN_IF_ERROR(store_->DeleteAuthRecord(RoleKey(role, username)));
  }
  LEVER_RETURN_IF_ERROR(store_->DeleteAuthRecord(UserKey(username)));
  std::lock_guard lock(mutex_);
  users_.erase(username);
  roles_by_user_.erase(username);
  return Status::Ok();
}

bool AccountStore::CheckPassword(const std::string& username, const std::string& password,
                                 int64_t now_ms) {
  std::string hash;
  const std::string mac = Mac(password);
  {
    std::lock_guard lock(mutex_);
    auto it = users_.find(username);
    if (it == users_.end()) return false;
    const User& u = it->second;
    if (!u.verified_mac.empty() && now_ms < u.verified_until_ms &&
        CRYPTO_memcmp(u.verified_mac.data(), mac.data(), mac.size()) == 0) {
      return true;
    }
    hash = u.password_hash;
  }
  if (!VerifyPassword(password, hash)) return false;  // slow: outside the lock
  std::lock_guard lock(mutex_);
  auto it = users_.find(username);
  if (it == users_.end() || it->second.password_hash != hash) return false;  // changed meanwhile
  it->second.verified_mac = mac;
  it->second.verified_until_ms = now_ms + kVerifiedCacheMs;
  return true;
}

Status AccountStore::AddRole(const std::string& role, const std::string& username) {
  if (!ValidName(role)) return Status::InvalidArgument("invalid role '" + role + "'");
  if (role == kAdminRole) {
    return Status::InvalidArgument("role '" + role + "' is not permitted to create!");
  }
  if (!UserExists(username)) return Status::InvalidArgument("user '" + username + "' not found!");
  LEVER_RETURN_IF_ERROR(store_->PutAuthRecord(RoleKey(role, username), ""));
  std::lock_guard lock(mutex_);
  roles_by_user_[username].insert(role);
  return Status::Ok();
}

Status AccountStore::DeleteRole(const std::string& role, const std::string& username) {
  if (role == kAdminRole) return Status::InvalidArgument("cannot delete role " + role);
  std::vector<std::string> users;
  std::vector<Permission> permissions;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [user, roles] : roles_by_user_) {
      if (roles.count(role) && (username.empty() || user == username)) users.push_back(user);
    }
    if (username.empty()) {
      for (const auto& [r, resource, action] : permissions_) {
        if (r == role) permissions.push_back({r, resource, action});
      }
    }
  }
  for (const std::string& user : users) {
    LEVER_RETURN_IF_ERROR(store_->DeleteAuthRecord(RoleKey(role, user)));
    std::lock_guard lock(mutex_);
    roles_by_user_[user].erase(role);
  }
  for (const Permission& p : permissions) LEVER_RETURN_IF_ERROR(DeletePermission(p));
  return Status::Ok();
}

std::vector<RoleBinding> AccountStore::RoleBindings() const {
  std::lock_guard lock(mutex_);
  std::vector<RoleBinding> out;
  for (const auto& [user, roles] : roles_by_user_) {
    for (const std::string& role : roles) out.push_back({role, user});
  }
  return out;
}

std::vector<std::string> AccountStore::RolesOf(const std::string& username) const {
  std::lock_guard lock(mutex_);
  auto it = roles_by_user_.find(username);
  if (it == roles_by_user_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

Status AccountStore::AddPermission(const Permission& p) {
  if (!ValidAction(p.action)) return Status::InvalidArgument("action must be r, w or rw");
  if (!ValidResource(p.resource)) return Status::InvalidArgument("invalid resource '" + p.resource + "'");
  bool known_role = false;
  for (const RoleBinding& b : RoleBindings()) known_role = known_role || b.role == p.role;
  if (!known_role) return Status::InvalidArgument("role " + p.role + " not found!");
  LEVER_RETURN_IF_ERROR(store_->PutAuthRecord(PermissionKey(p), ""));
  std::lock_guard lock(mutex_);
  permissions_.emplace(p.role, p.resource, p.action);
  return Status::Ok();
}

Status AccountStore::DeletePermission(const Permission& p) {
  LEVER_RETURN_IF_ERROR(store_->DeleteAuthRecord(PermissionKey(p)));
  std::lock_guard lock(mutex_);
  permissions_.erase({p.role, p.resource, p.action});
  return Status::Ok();
}

std::vector<Permission> AccountStore::Permissions() const {
  std::lock_guard lock(mutex_);
  std::vector<Permission> out;
  for (const auto& [role, resource, action] : permissions_) out.push_back({role, resource, action});
  return out;
}

bool AccountStore::IsGlobalAdmin(const std::string& username) const {
  std::lock_guard lock(mutex_);
  auto it = roles_by_user_.find(username);
  return it != roles_by_user_.end() && it->second.count(kAdminRole) > 0;
}

bool AccountStore::Allowed(const std::string& username, const std::string& resource,
                           Action action) const {
  std::lock_guard lock(mutex_);
  auto it = roles_by_user_.find(username);
  if (it == roles_by_user_.end()) return false;
  if (it->second.count(kAdminRole)) return true;
  for (const auto& [role, pattern, granted] : permissions_) {
    if (it->second.count(role) && ActionGrants(granted, action) &&
        ResourceMatches(pattern, resource)) {
      return true;
    }
  }
  return false;
}

Status AccountStore::CreateAdmin(const std::string& username, const std::string& password) {
  if (HasUsers()) return Status::AlreadyExists("users exist");
  LEVER_RETURN_IF_ERROR(PutUser(username, password, /*create=*/true));
  LEVER_RETURN_IF_ERROR(store_->PutAuthRecord(RoleKey(kAdminRole, username), ""));
  std::lock_guard lock(mutex_);
  roles_by_user_[username].insert(kAdminRole);
  return Status::Ok();
}

}  // namespace lever::auth
