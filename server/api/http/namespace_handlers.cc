// /nacos/v1/console/namespaces and /nacos/v2/console/namespace (nacos-protocol.md §6, §7).
#include <httplib.h>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/request_params.h"
#include "api/http/routes.h"
#include "core/config_service.h"

namespace lever::http {
namespace {

using core::ConfigService;

Json NamespaceList(const ConfigService& svc) {
  Json list = Json::array();
  for (const auto& info : svc.ListNamespaces()) list.push_back(NamespaceJson(info));
  return list;
}

void V1Get(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (req.Param("show") == "all") {
    auto info = svc.GetNamespace(req.Param("namespaceId"));
    if (!info.ok()) return WriteError(res, Dialect::kV1, info.status());
    return WriteJsonText(res, 200, NamespaceJson(*info).dump());
  }
  if (req.Param("checkNamespaceIdExist") == "true") {
    return WriteJsonText(res, 200, svc.NamespaceExists(req.Param("customNamespaceId")) ? "true" : "false");
  }
  WriteConsoleSuccess(res, NamespaceList(svc).dump());
}

void V1Create(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceName"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  auto created = svc.CreateNamespace(req.Param("customNamespaceId"), req.Param("namespaceName"),
                                     req.Param("namespaceDesc"));
  if (!created.ok() && created.status().code() == StatusCode::kAlreadyExists) {
    return WriteJsonText(res, 200, "false");  // Nacos answers `false` for a taken id
  }
  if (!created.ok()) return WriteError(res, Dialect::kV1, created.status());
  WriteJsonText(res, 200, "true");
}

void V1Update(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespace", "namespaceShowName"}); !s.ok()) {
    return WriteError(res, Dialect::kV1, s);
  }
  Status s = svc.UpdateNamespace(req.Param("namespace"), req.Param("namespaceShowName"),
                                 req.Param("namespaceDesc"));
  if (s.code() == StatusCode::kInvalidArgument) return WriteJsonText(res, 200, "false");
  if (!s.ok()) return WriteError(res, Dialect::kV1, s);
  WriteJsonText(res, 200, "true");
}

void V1Delete(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceId"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  if (Status s = svc.DeleteNamespace(req.Param("namespaceId")); !s.ok()) return WriteError(res, Dialect::kV1, s);
  WriteJsonText(res, 200, "true");
}

void V2Get(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceId"}); !s.ok()) return WriteError(res, Dialect::kV2, s);
  auto info = svc.GetNamespace(req.Param("namespaceId"));
  if (!info.ok()) {
    return WriteJsonText(res, 404, Json{{"code", 22001}, {"message", "namespace not exist"},
                                        {"data", info.status().message()}}.dump());
  }
  WriteV2Success(res, NamespaceJson(*info).dump());
}

void V2Create(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceName"}); !s.ok()) return WriteError(res, Dialect::kV2, s);
  auto created = svc.CreateNamespace(req.Param("namespaceId"), req.Param("namespaceName"),
                                     req.Param("namespaceDesc"));
  if (!created.ok()) return WriteError(res, Dialect::kV2, created.status());
  WriteV2Success(res, "true");
}

void V2Update(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceId", "namespaceName"}); !s.ok()) {
    return WriteError(res, Dialect::kV2, s);
  }
  Status s = svc.UpdateNamespace(req.Param("namespaceId"), req.Param("namespaceName"),
                                 req.Param("namespaceDesc"));
  if (!s.ok()) return WriteError(res, Dialect::kV2, s);
  WriteV2Success(res, "true");
}

void V2Delete(ConfigService& svc, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"namespaceId"}); !s.ok()) return WriteError(res, Dialect::kV2, s);
  if (Status s = svc.DeleteNamespace(req.Param("namespaceId")); !s.ok()) return WriteError(res, Dialect::kV2, s);
  WriteV2Success(res, "true");
}

}  // namespace

void AddNamespaceRoutes(HttpRouter& router, const HandlerDeps& deps) {
  ConfigService& svc = *deps.service;
  auto bind = [&svc](void (*fn)(ConfigService&, const HttpRequest&, httplib::Response&)) {
    return [&svc, fn](const HttpRequest& req, httplib::Response& res) { fn(svc, req, res); };
  };
  const std::string v1 = "/nacos/v1/console/namespaces";
  router.Add({"GET", v1, Access::kRead, Dialect::kV1, bind(V1Get)});
  router.Add({"POST", v1, Access::kAdmin, Dialect::kV1, bind(V1Create)});
  router.Add({"PUT", v1, Access::kAdmin, Dialect::kV1, bind(V1Update)});
  router.Add({"DELETE", v1, Access::kAdmin, Dialect::kV1, bind(V1Delete)});
  const std::string v2 = "/nacos/v2/console/namespace";
  router.Add({"GET", v2 + "/list", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest&, httplib::Response& res) {
                WriteV2Success(res, NamespaceList(svc).dump());
              }});
  router.Add({"GET", v2, Access::kRead, Dialect::kV2, bind(V2Get)});
  router.Add({"POST", v2, Access::kAdmin, Dialect::kV2, bind(V2Create)});
  router.Add({"PUT", v2, Access::kAdmin, Dialect::kV2, bind(V2Update)});
  router.Add({"DELETE", v2, Access::kAdmin, Dialect::kV2, bind(V2Delete)});
}

}  // namespace lever::http
