// Login and the users / roles / permissions API (nacos-protocol.md §9.2, §9.5). The guard has
// already authenticated and, for kAdmin routes, authorized the caller.
#include <httplib.h>

#include <algorithm>

#include "api/http/auth_guard.h"
#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/request_params.h"
#include "api/http/routes.h"
#include "auth/password_hash.h"

namespace lever::http {
namespace {

using auth::Authorizer;

void Login(Authorizer& authorizer, const HttpRequest& req, httplib::Response& res) {
  auto result = authorizer.Login(req.Param("username"), req.Param("password"), req.raw().remote_addr);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kResourceExhausted) {
      res.set_header("Retry-After", "60");
      return WriteText(res, 429, result.status().message());
    }
    return WriteText(res, 403, result.status().message());  // Nacos: 403 "user not found!"
  }
  res.set_header("Authorization", "Bearer " + result->access_token);
  // tokenTtl must be a JSON number and globalAdmin a boolean (Go and the C++ SDK insist).
  Json body = {{"accessToken", result->access_token},
               {"tokenTtl", result->token_ttl_seconds},
               {"globalAdmin", result->global_admin},
               {"username", result->username}};
  WriteJsonText(res, 200, body.dump());
}

void Ok(httplib::Response& res, const std::string& text) { WriteConsoleSuccess(res, Json(text).dump()); }

// accurate: equal; blur: contains; blank filter: everything.
bool Matches(const std::string& value, const std::string& filter, const std::string& search) {
  if (filter.empty()) return true;
  if (search == "blur") return value.find(filter) != std::string::npos;
  return value == filter;
}

// {"totalCount","pageNumber","pagesAvailable","pageItems"} of `rows` (already filtered).
void WritePage(const HttpRequest& req, httplib::Response& res, const std::vector<Json>& rows) {
  auto page_no = IntParam(req, "pageNo", 1);
  auto page_size = IntParam(req, "pageSize", 100);
  if (!page_no.ok()) return WriteError(res, Dialect::kV1, page_no.status());
  if (!page_size.ok()) return WriteError(res, Dialect::kV1, page_size.status());
  const int64_t size = std::clamp<int64_t>(*page_size, 1, 1000);
  const int64_t number = std::max<int64_t>(*page_no, 1);
  const int64_t total = static_cast<int64_t>(rows.size());
  Json items = Json::array();
  for (int64_t i = (number - 1) * size; i < total && i < number * size; ++i) items.push_back(rows[i]);
  Json page = {{"totalCount", total},
               {"pageNumber", number},
               {"pagesAvailable", (total + size - 1) / size},
               {"pageItems", std::move(items)}};
  WriteJsonText(res, 200, page.dump());
}

void AddUserRoutes(HttpRouter& router, Authorizer* a) {
  const std::string users = "/nacos/v1/auth/users";
  router.Add({"GET", users, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                std::vector<Json> rows;
                for (const std::string& u : a->accounts().Usernames()) {
                  // The hash stays on the server (Nacos shows its bcrypt hash here).
                  if (Matches(u, req.Param("username"), req.Param("search"))) rows.push_back({{"username", u}, {"password", ""}});
                }
                WritePage(req, res, rows);
              }});
  router.Add({"POST", users, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"username", "password"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                Status s = a->accounts().CreateUser(req.Param("username"), req.Param("password"));
                if (!s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, "create user ok!");
              }});
  // Any signed-in user may change their own password; only an admin someone else's.
  router.Add({"PUT", users, Access::kRead, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"username", "newPassword"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                // Without a token the guard has checked `username`'s own password: the caller is
                // the target. With one, the token's user must be the target or an admin.
                const std::string& target = req.Param("username");
                if (auth::Credentials caller = CredentialsOf(req); !caller.token.empty()) {
                  auto identity = a->Authenticate({caller.token, "", "", caller.client_ip});
                  if (!identity.ok()) return WriteError(res, Dialect::kV1, identity.status());
                  if (!identity->global_admin && identity->username != target) {
                    return WriteError(res, Dialect::kV1, Status::PermissionDenied("authorization failed!"));
                  }
                }
                Status s = a->accounts().UpdatePassword(target, req.Param("newPassword"));
                if (!s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, "update user ok!");
              }});
  router.Add({"DELETE", users, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"username"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                if (Status s = a->accounts().DeleteUser(req.Param("username")); !s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, "delete user ok!");
              }});
  router.Add({"GET", users + "/search", Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                Json names = Json::array();
                for (const std::string& u : a->accounts().Usernames()) {
                  if (Matches(u, req.Param("username"), "blur")) names.push_back(u);
                }
                WriteJsonText(res, 200, names.dump());
              }});
}

void AddRoleRoutes(HttpRouter& router, Authorizer* a) {
  const std::string roles = "/nacos/v1/auth/roles";
  router.Add({"GET", roles, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                std::vector<Json> rows;
                const std::string& search = req.Param("search");
                for (const auth::RoleBinding& b : a->accounts().RoleBindings()) {
                  if (Matches(b.username, req.Param("username"), search) && Matches(b.role, req.Param("role"), search)) {
                    rows.push_back({{"role", b.role}, {"username", b.username}});
                  }
                }
                WritePage(req, res, rows);
              }});
  router.Add({"POST", roles, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"role", "username"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                if (Status s = a->accounts().AddRole(req.Param("role"), req.Param("username")); !s.ok()) {
                  return WriteError(res, Dialect::kV1, s);
                }
                Ok(res, "add role ok!");
              }});
  router.Add({"DELETE", roles, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"role"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                const std::string& user = req.Param("username");
                if (Status s = a->accounts().DeleteRole(req.Param("role"), user); !s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, user.empty() ? "delete role ok!" : "delete role of user " + user + " ok!");
              }});
  router.Add({"GET", roles + "/search", Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                std::vector<std::string> names;
                for (const auth::RoleBinding& b : a->accounts().RoleBindings()) {
                  if (Matches(b.role, req.Param("role"), "blur")) names.push_back(b.role);
                }
                std::sort(names.begin(), names.end());
                names.erase(std::unique(names.begin(), names.end()), names.end());
                WriteJsonText(res, 200, Json(names).dump());
              }});
}

void AddPermissionRoutes(HttpRouter& router, Authorizer* a) {
  const std::string permissions = "/nacos/v1/auth/permissions";
  auto from = [](const HttpRequest& req) {
    return auth::Permission{req.Param("role"), req.Param("resource"), req.Param("action")};
  };
  router.Add({"GET", permissions, Access::kAdmin, Dialect::kV1, [a](const HttpRequest& req, httplib::Response& res) {
                std::vector<Json> rows;
                for (const auth::Permission& p : a->accounts().Permissions()) {
                  if (Matches(p.role, req.Param("role"), req.Param("search"))) {
                    rows.push_back({{"role", p.role}, {"resource", p.resource}, {"action", p.action}});
                  }
                }
                WritePage(req, res, rows);
              }});
  router.Add({"POST", permissions, Access::kAdmin, Dialect::kV1, [a, from](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"role", "resource", "action"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                if (Status s = a->accounts().AddPermission(from(req)); !s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, "add permission ok!");
              }});
  router.Add({"DELETE", permissions, Access::kAdmin, Dialect::kV1, [a, from](const HttpRequest& req, httplib::Response& res) {
                if (Status s = RequireParams(req, {"role", "resource", "action"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
                if (Status s = a->accounts().DeletePermission(from(req)); !s.ok()) return WriteError(res, Dialect::kV1, s);
                Ok(res, "delete permission ok!");
              }});
}

}  // namespace

void AddAuthRoutes(HttpRouter& router, const HandlerDeps& deps) {
  Authorizer* a = deps.authorizer;
  if (a == nullptr) return;
  auto login = [a](const HttpRequest& req, httplib::Response& res) { Login(*a, req, res); };
  router.Add({"POST", "/nacos/v1/auth/login", Access::kPublic, Dialect::kV1, login});
  router.Add({"POST", "/nacos/v1/auth/users/login", Access::kPublic, Dialect::kV1, login});
  // Nacos 2.4+ first-admin endpoint: answers only while no user exists (auth off, fresh data).
  router.Add({"POST", "/nacos/v1/auth/users/admin", Access::kPublic, Dialect::kV1,
              [a](const HttpRequest& req, httplib::Response& res) {
                std::string password = req.Param("password");
                if (password.empty()) {
                  auto generated = auth::RandomPassword();
                  if (!generated.ok()) return WriteError(res, Dialect::kV1, generated.status());
                  password = *generated;
                }
                Status s = a->accounts().CreateAdmin(auth::kDefaultAdmin, password);
                if (s.code() == StatusCode::kAlreadyExists) {
                  return WriteJsonText(res, 200, R"({"code":409,"message":null,"data":"have admin user cannot use it"})");
                }
                if (!s.ok()) return WriteError(res, Dialect::kV1, s);
                WriteJsonText(res, 200, Json{{"username", auth::kDefaultAdmin}, {"password", password}}.dump());
              }});
  AddUserRoutes(router, a);
  AddRoleRoutes(router, a);
  AddPermissionRoutes(router, a);
}

}  // namespace lever::http
