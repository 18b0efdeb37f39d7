#include "api/http/auth_guard.h"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http/listening_configs.h"
#include "api/http/transfer_handlers.h"
#include "core/config_service.h"
#include "core/validation.h"

namespace lever::http {
namespace {

using auth::Action;
using auth::ConfigResource;

struct Need {
  std::string resource;
  Action action;
};

// The namespaces a request names; the public one when it names none.
std::vector<std::string> NamespacesOf(const HttpRequest& req) {
  std::vector<std::string> out;
  for (const char* name : {"tenant", "namespaceId", "namespace"}) {
    if (req.Has(name)) out.push_back(core::NormalizeTenant(req.Param(name)));
  }
  if (out.empty()) out.push_back("");
  return out;
}

void AddNamespaceWide(const HttpRequest& req, Action action, std::vector<Need>& needs) {
  for (const std::string& ns : NamespacesOf(req)) needs.push_back({ConfigResource(ns, "*", "*"), action});
}

void AddKeyed(const HttpRequest& req, Action action, std::vector<Need>& needs) {
  for (const std::string& ns : NamespacesOf(req)) {
    needs.push_back({ConfigResource(ns, req.Param("group"), req.Param("dataId")), action});
  }
}

// cfgIds of a clone body; InvalidArgument when an entry is not one the guard understands (the
// handler refuses those too), so no source escapes the check.
StatusOr<std::vector<uint64_t>> CloneSources(const std::string& body) {
  const Status bad = Status::InvalidArgument("the clone body must be a JSON array of {\"cfgId\":<id>}");
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) return bad;
  std::vector<uint64_t> ids;
  for (const auto& bean : json) {
    if (bean.is_null()) continue;
    if (!bean.is_object()) return bad;
    auto id = bean.find("cfgId");
    if (id == bean.end()) return bad;
    if (id->is_number_unsigned()) {
      ids.push_back(id->get<uint64_t>());
    } else if (id->is_string()) {
      auto parsed = ParseConfigIds(id->get<std::string>());
      if (!parsed.ok()) return parsed.status();
      ids.insert(ids.end(), parsed->begin(), parsed->end());
    } else {
      return bad;
    }
  }
  return ids;
}

void AddById(core::ConfigService& configs, const std::vector<uint64_t>& ids, Action action,
             std::vector<Need>& needs) {
  for (const core::ItemPtr& item : configs.FindByIds(ids)) {
    needs.push_back({ConfigResource(item->key.tenant, item->key.group, item->key.data_id), action});
  }
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// What `req` on `route` must be allowed to do. `admin_only` is set for requests only ROLE_ADMIN
// may make beyond the route's declared access.
StatusOr<std::vector<Need>> NeedsOf(const HttpRequest& req, const Route& route,
                                    core::ConfigService& configs, bool& admin_only) {
  const Action action = route.access == Access::kWrite ? Action::kWrite : Action::kRead;
  const std::string& path = route.path;
  std::vector<Need> needs;
  if (StartsWith(path, "/nacos/v1/auth/") || path == "/nacos/v1/console/namespaces" ||
      StartsWith(path, "/nacos/v2/console/namespace")) {
    return needs;  // identity only
  }
  if (path == "/nacos/v1/cs/configs/listener" && route.method == "POST") {
    auto records = ParseListeningConfigs(req.Param("Listening-Configs"), SIZE_MAX);
    if (!records.ok()) return needs;  // the handler answers the error; nothing is read
    for (const ListenRecord& r : *records) {
      needs.push_back({ConfigResource(core::NormalizeTenant(r.tenant), r.group, r.data_id), Action::kRead});
    }
    return needs;
  }
  if (path == "/nacos/v1/cs/listener") {
    if (req.Param("all") == "true") admin_only = true;
    AddNamespaceWide(req, action, needs);
    return needs;
  }
  if (path == "/nacos/v1/console/events" || StartsWith(path, "/nacos/v1/cs/history/configs") ||
      StartsWith(path, "/nacos/v2/cs/history/configs")) {
    AddNamespaceWide(req, action, needs);
    return needs;
  }
  if (path == "/nacos/v1/cs/configs") {
    const bool exporting = req.Param("export") == "true" || req.Param("exportV2") == "true";
    if (route.method == "GET" && exporting && !core::IsBlank(req.Param("ids"))) {
      auto ids = ParseConfigIds(req.Param("ids"));
      if (!ids.ok()) return ids.status();
      AddById(configs, *ids, Action::kRead, needs);
      return needs;
    }
    if (route.method == "DELETE" && req.Param("delType") == "ids") {
      auto ids = ParseConfigIds(req.Param("ids"));
      if (!ids.ok()) return ids.status();
      AddById(configs, *ids, Action::kWrite, needs);
      return needs;
    }
    if (route.method == "POST" && req.Param("import") == "true") {
      AddNamespaceWide(req, Action::kWrite, needs);
      return needs;
    }
    if (route.method == "POST" && req.Param("clone") == "true") {
      auto sources = CloneSources(req.body());
      if (!sources.ok()) return sources.status();
      AddById(configs, *sources, Action::kRead, needs);
      AddNamespaceWide(req, Action::kWrite, needs);
      return needs;
    }
  }
  AddKeyed(req, action, needs);
  return needs;
}

}  // namespace

auth::Credentials CredentialsOf(const HttpRequest& request) {
  auth::Credentials c;
  c.token = request.ParamOrHeader("accessToken");
  if (c.token.empty()) {
    const std::string authorization = request.Header("Authorization");
    if (StartsWith(authorization, "Bearer ")) c.token = authorization.substr(7);
  }
  c.username = request.ParamOrHeader("username");
  c.password = request.ParamOrHeader("password");
  c.client_ip = request.raw().remote_addr;
  return c;
}

AuthGuard::AuthGuard(auth::Authorizer* authorizer, core::ConfigService* configs)
    : authorizer_(authorizer), configs_(configs) {}

Status AuthGuard::Admit(const HttpRequest& request, const Route& route) {
  if (route.access == Access::kPublic) return Status::Ok();
  StatusOr<auth::Identity> identity = authorizer_->Authenticate(CredentialsOf(request));
  if (!identity.ok()) return identity.status();
  if (identity->global_admin) return Status::Ok();
  if (route.access == Access::kAdmin) return authorizer_->RequireAdmin(*identity);
  bool admin_only = false;
  StatusOr<std::vector<Need>> needs = NeedsOf(request, route, *configs_, admin_only);
  if (!needs.ok()) return needs.status();
  if (admin_only) return authorizer_->RequireAdmin(*identity);
  for (const Need& need : *needs) {
    LEVER_RETURN_IF_ERROR(authorizer_->Authorize(*identity, need.resource, need.action));
  }
  return Status::Ok();
}

}  // namespace lever::http
