// The auth module: password hashing, tokens, the signing key file, resource matching, the login
// limiter, accounts and the authorizer (on MemoryStore), and the Store auth-record contract on
// both stores.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "auth/account_store.h"
#include "auth/authorizer.h"
#include "auth/login_limiter.h"
#include "auth/password_hash.h"
#include "auth/resource.h"
#include "auth/signing_key.h"
#include "auth/token_codec.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "temp_dir.h"

namespace lever::auth {
namespace {

using testing::TempDir;

constexpr int kFastIterations = 1000;  // the stored count is honoured; tests need no real cost

TEST_CASE("passwords: salted PBKDF2, verified in constant time, malformed never matches") {
  auto a = HashPassword("s3cret", kFastIterations);
  auto b = HashPassword("s3cret", kFastIterations);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->rfind("pbkdf2-sha256$1000$", 0) == 0);
  CHECK(*a != *b);  // a fresh salt each time
  CHECK(VerifyPassword("s3cret", *a));
  CHECK(VerifyPassword("s3cret", *b));
  CHECK_FALSE(VerifyPassword("s3cret!", *a));
  CHECK_FALSE(VerifyPassword("", *a));
  CHECK_FALSE(VerifyPassword("s3cret", ""));
  CHECK_FALSE(VerifyPassword("s3cret", "pbkdf2-sha256$0$AAAA$AAAA"));
  CHECK_FALSE(VerifyPassword("s3cret", "pbkdf2-sha256$99999999999$AAAA$AAAA"));
  CHECK_FALSE(VerifyPassword("s3cret", "md5$1$x$y"));
  auto pw = RandomPassword(20);
  REQUIRE(pw.ok());
  CHECK(pw->size() == 20);
  CHECK(*pw != *RandomPassword(20));
}

TEST_CASE("tokens: HS256 JWT with sub and exp; expired and foreign-key tokens are rejected") {
  const std::string key(32, 'k'), other(32, 'o');
  const std::string token = SignToken(key, {"alice", 2000});
  CHECK(token.rfind("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 0) == 0);  // {"alg":"HS256",...}
  auto ok = VerifyToken(key, token, 1999);
  REQUIRE(ok.ok());
  CHECK(ok->subject == "alice");
  CHECK(ok->expires_at_s == 2000);

  auto expired = VerifyToken(key, token, 2000);
  CHECK(expired.status().code() == StatusCode::kUnauthenticated);
  CHECK(expired.status().message() == "token expired!");

  auto foreign = VerifyToken(other, token, 1000);
  CHECK(foreign.status().message() == "token invalid!");

  // A payload swapped in under the old signature.
  const std::string forged_payload = SignToken(key, {"admin", 9999});
  const std::string forged = token.substr(0, token.find('.')) +
                             forged_payload.substr(forged_payload.find('.'), forged_payload.rfind('.') - forged_payload.find('.')) +
                             token.substr(token.rfind('.'));
  CHECK(VerifyToken(key, forged, 1000).status().message() == "token invalid!");
  // The signature's last character carries 2 unused bits: spelling them differently decodes to
  // the same bytes, and is still refused (only the canonical token is valid).
  const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string alias = token;
  alias.back() = kAlphabet[kAlphabet.find(alias.back()) ^ 1];
  CHECK(VerifyToken(key, alias, 1000).status().message() == "token invalid!");
  // alg "none", garbage and empty tokens.
  CHECK_FALSE(VerifyToken(key, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIiwiZXhwIjo5OTk5fQ.", 1).ok());
  CHECK_FALSE(VerifyToken(key, "a.b.c", 1).ok());
  CHECK_FALSE(VerifyToken(key, "", 1).ok());
  CHECK_FALSE(VerifyToken(key, std::string(10000, 'a'), 1).ok());
}

TEST_CASE("base64 round-trips every length") {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    auto back = Base64Decode(Base64Encode(bytes));
    REQUIRE(back.has_value());
    CHECK(*back == bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  CHECK_FALSE(Base64Decode("abc").has_value());
}

TEST_CASE("signing key: created once per install with mode 0600, then reused") {
  TempDir dir;
  const std::string path = dir.path() + "/auth/token.key";
  auto first = LoadOrCreateSigningKey(path);
  REQUIRE(first.ok());
  CHECK(first->size() == 32);
  struct stat st {};
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto again = LoadOrCreateSigningKey(path);
  REQUIRE(again.ok());
  CHECK(*again == *first);

  TempDir other;
  auto second_install = LoadOrCreateSigningKey(other.path() + "/token.key");
  REQUIRE(second_install.ok());
  CHECK(*second_install != *first);

  chmod(path.c_str(), 0644);  // loosened by hand: tightened again on load
  REQUIRE(LoadOrCreateSigningKey(path).ok());
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  std::ofstream(other.path() + "/short.key") << "short";
  CHECK_FALSE(LoadOrCreateSigningKey(other.path() + "/short.key").ok());
}

TEST_CASE("resources: the Nacos 2.x string and glob matching") {
  CHECK(ConfigResource("", "DEFAULT_GROUP", "app.yaml") == ":DEFAULT_GROUP:config/app.yaml");
  CHECK(ConfigResource("public", "G", "d") == ":G:config/d");
  CHECK(ConfigResource("dev", "", "") == "dev:*:config/*");
  CHECK(ResourceMatches("dev:*:*", "dev:G:config/d"));
  CHECK(ResourceMatches(":*:*", ":G:config/d"));
  CHECK_FALSE(ResourceMatches(":*:*", "dev:G:config/d"));
  CHECK_FALSE(ResourceMatches("dev:*:*", "devx:G:config/d"));
  CHECK(ResourceMatches("dev:G:config/app.*", "dev:G:config/app.yaml"));
  CHECK_FALSE(ResourceMatches("dev:G:config/app.yaml", "dev:G:config/appXyaml"));  // '.' is literal
  CHECK_FALSE(ResourceMatches("dev:G:config/app.yaml", "dev:G:config/*"));  // a search is wider
  CHECK(ResourceMatches("*", ""));
  CHECK(ActionGrants("rw", Action::kWrite));
  CHECK(ActionGrants("r", Action::kRead));
  CHECK_FALSE(ActionGrants("r", Action::kWrite));
  CHECK_FALSE(ActionGrants("w", Action::kRead));
}

TEST_CASE("login limiter: a burst of failures, then refusal until the bucket refills") {
  LoginLimiter limiter(3);
  for (int i = 0; i < 3; ++i) {
    CHECK(limiter.Allow("10.0.0.1", 0));
    limiter.RecordFailure("10.0.0.1", 0);
  }
  CHECK_FALSE(limiter.Allow("10.0.0.1", 0));
  CHECK(limiter.Allow("10.0.0.2", 0));      // other addresses are not affected
  CHECK_FALSE(limiter.Allow("10.0.0.1", 19999));
  CHECK(limiter.Allow("10.0.0.1", 20000));  // 3 per minute: one token back after 20 s

  LoginLimiter bounded(1, 2);  // remembers at most two addresses
  bounded.RecordFailure("a", 0);
  bounded.RecordFailure("b", 0);
  bounded.RecordFailure("c", 0);
  CHECK_FALSE(bounded.Allow("c", 0));
}

struct Accounts {
  storage::MemoryStore store;
  AccountStore accounts{&store, kFastIterations};
  int64_t now_ms = 1'000'000;
  Authorizer authorizer{&accounts, {std::string(32, 'k'), 60, 3}, [this] { return now_ms; }};
};

TEST_CASE("accounts: users, roles and permissions persist and decide access") {
  Accounts a;
  REQUIRE(a.accounts.CreateAdmin("nacos", "adminpw").ok());
  CHECK(a.accounts.CreateAdmin("other", "x").code() == StatusCode::kAlreadyExists);
  REQUIRE(a.accounts.CreateUser("reader", "pw").ok());
  CHECK(a.accounts.CreateUser("reader", "pw").message() == "user 'reader' already exist!");
  CHECK_FALSE(a.accounts.CreateUser("bad/name", "pw").ok());
  CHECK(a.accounts.AddRole("ROLE_ADMIN", "reader").code() == StatusCode::kInvalidArgument);
  CHECK(a.accounts.AddRole("devs", "nobody").code() == StatusCode::kInvalidArgument);
  REQUIRE(a.accounts.AddRole("devs", "reader").ok());
  CHECK(a.accounts.AddPermission({"ghosts", "dev:*:*", "r"}).code() == StatusCode::kInvalidArgument);
  CHECK(a.accounts.AddPermission({"devs", "dev:*:*", "x"}).code() == StatusCode::kInvalidArgument);
  REQUIRE(a.accounts.AddPermission({"devs", "dev:*:*", "r"}).ok());

  CHECK(a.accounts.Allowed("reader", "dev:G:config/d", Action::kRead));
  CHECK_FALSE(a.accounts.Allowed("reader", "dev:G:config/d", Action::kWrite));
  CHECK_FALSE(a.accounts.Allowed("reader", "prod:G:config/d", Action::kRead));
  CHECK(a.accounts.Allowed("nacos", "prod:G:config/d", Action::kWrite));
  CHECK(a.accounts.DeleteUser("nacos").message() == "cannot delete admin: nacos");

  // Everything is in the store: a fresh AccountStore sees the same.
  AccountStore reloaded(&a.store, kFastIterations);
  REQUIRE(reloaded.Load().ok());
  CHECK(reloaded.Usernames() == std::vector<std::string>{"nacos", "reader"});
  CHECK(reloaded.IsGlobalAdmin("nacos"));
  CHECK(reloaded.Allowed("reader", "dev:G:config/d", Action::kRead));
  CHECK(reloaded.CheckPassword("reader", "pw", 0));

  REQUIRE(a.accounts.DeleteRole("devs", "").ok());  // the role and its permissions go
  CHECK(a.accounts.Permissions().empty());
  CHECK_FALSE(a.accounts.Allowed("reader", "dev:G:config/d", Action::kRead));
}

TEST_CASE("authorizer: login, tokens, per-request passwords, deleted users, brute force") {
  Accounts a;
  REQUIRE(a.accounts.CreateAdmin("nacos", "adminpw").ok());
  REQUIRE(a.accounts.CreateUser("bob", "bobpw").ok());

  auto login = a.authorizer.Login("bob", "bobpw", "1.1.1.1");
  REQUIRE(login.ok());
  CHECK(login->token_ttl_seconds == 60);
  CHECK_FALSE(login->global_admin);
  auto who = a.authorizer.Authenticate({login->access_token, "", "", "1.1.1.1"});
  REQUIRE(who.ok());
  CHECK(who->username == "bob");
  CHECK(a.authorizer.Authorize(*who, ":G:config/d", Action::kRead).message() == "authorization failed!");

  CHECK(a.authorizer.Authenticate({}).status().message() == "user not found!");
  CHECK(a.authorizer.Authenticate({"", "bob", "bobpw", "1.1.1.1"}).ok());
  CHECK(a.authorizer.Authenticate({"", "bob", "nope", "1.1.1.1"}).status().message() == "user not found!");

  a.now_ms += 61'000;  // past the 60 s TTL
  CHECK(a.authorizer.Authenticate({login->access_token, "", "", ""}).status().message() == "token expired!");

  auto admin = a.authorizer.Login("nacos", "adminpw", "1.1.1.1");
  REQUIRE(admin.ok());
  CHECK(admin->global_admin);
  auto fresh = a.authorizer.Login("bob", "bobpw", "1.1.1.1");
  REQUIRE(fresh.ok());
  REQUIRE(a.accounts.DeleteUser("bob").ok());
  CHECK(a.authorizer.Authenticate({fresh->access_token, "", "", ""}).status().message() == "user not found!");

  // 3 failures per minute per IP (one was spent above): then even the right password is refused.
  CHECK(a.authorizer.Login("nacos", "x", "6.6.6.6").status().code() == StatusCode::kUnauthenticated);
  CHECK(a.authorizer.Login("nacos", "y", "6.6.6.6").status().code() == StatusCode::kUnauthenticated);
  CHECK(a.authorizer.Login("nacos", "z", "6.6.6.6").status().code() == StatusCode::kUnauthenticated);
  CHECK(a.authorizer.Login("nacos", "adminpw", "6.6.6.6").status().code() == StatusCode::kResourceExhausted);
  CHECK(a.authorizer.Login("nacos", "adminpw", "7.7.7.7").ok());
  a.now_ms += 20'000;
  CHECK(a.authorizer.Login("nacos", "adminpw", "6.6.6.6").ok());
}

void AuthRecordContract(storage::Store& store) {
  auto empty = store.ListAuthRecords("");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
  REQUIRE(store.PutAuthRecord("user/b", "1").ok());
  REQUIRE(store.PutAuthRecord("user/a", "2").ok());
  REQUIRE(store.PutAuthRecord("role/x/a", "").ok());
  REQUIRE(store.PutAuthRecord("user/a", "3").ok());  // overwrite
  CHECK(store.CreateAuthRecord("user/a", "4").code() == StatusCode::kAlreadyExists);
  REQUIRE(store.CreateAuthRecord("user/c", "5").ok());
  auto users = store.ListAuthRecords("user/");
  REQUIRE(users.ok());
  REQUIRE(users->size() == 3);
  CHECK((*users)[0].key == "user/a");
  CHECK((*users)[0].value == "3");
  CHECK((*users)[1].key == "user/b");
  CHECK((*users)[2].value == "5");
  REQUIRE(store.DeleteAuthRecord("user/b").ok());
  REQUIRE(store.DeleteAuthRecord("user/never").ok());
  auto all = store.ListAuthRecords("");
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
  // Auth records are not configs: the config side of the store does not see them.
  uint64_t revision = 99;
  int items = 0;
  REQUIRE(store.LoadAll([&](core::ConfigItem&&) { ++items; }, [](core::Namespace&&) {}, &revision).ok());
  CHECK(items == 0);
  CHECK(revision == 0);
}

TEST_CASE("MemoryStore honours the auth record contract") {
  storage::MemoryStore store;
  AuthRecordContract(store);
}

TEST_CASE("RocksDbStore honours the auth record contract and keeps records across reopen") {
  TempDir dir;
  {
    auto store = storage::RocksDbStore::Open({dir.db()});
    REQUIRE(store.ok());
    AuthRecordContract(**store);
  }
  auto reopened = storage::RocksDbStore::Open({dir.db()});
  REQUIRE(reopened.ok());
  auto all = (*reopened)->ListAuthRecords("");
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
}

}  // namespace
}  // namespace lever::auth
