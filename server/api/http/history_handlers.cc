// /nacos/v1/cs/history* and /nacos/v2/cs/history* (nacos-protocol.md §4.7, §6).
#include <httplib.h>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/request_params.h"
#include "api/http/routes.h"
#include "core/config_service.h"

namespace lever::http {
namespace {

using core::ConfigService;

// v1 writes bare JSON (empty 200 body when absent), v2 the envelope (404 when absent).
void WriteResult(httplib::Response& res, Dialect dialect, const Json& data) {
  if (dialect == Dialect::kV2) return WriteV2Success(res, data.dump());
  WriteJsonText(res, 200, data.dump());
}

void ListHistory(ConfigService& svc, const HttpRequest& req, httplib::Response& res, Dialect dialect,
                 const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group"}); !s.ok()) return WriteError(res, dialect, s);
  auto page_no = IntParam(req, "pageNo", 1);
  auto page_size = IntParam(req, "pageSize", 100);
  if (!page_no.ok()) return WriteError(res, dialect, page_no.status());
  if (!page_size.ok()) return WriteError(res, dialect, page_size.status());
  int64_t size = std::clamp<int64_t>(*page_size, 1, 500);
  int64_t number = std::max<int64_t>(*page_no, 1);
  auto page = svc.ListHistory(KeyFrom(req, names), number, size);
  if (!page.ok()) return WriteError(res, dialect, page.status());
  WriteResult(res, dialect, HistoryPageJson(*page, number, size));
}

void GetHistory(ConfigService& svc, const HttpRequest& req, httplib::Response& res, Dialect dialect,
                const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group", "nid"}); !s.ok()) return WriteError(res, dialect, s);
  auto nid = IntParam(req, "nid", 0);
  if (!nid.ok()) return WriteError(res, dialect, nid.status());
  auto entry = svc.GetHistory(KeyFrom(req, names), static_cast<uint64_t>(*nid));
  if (!entry.ok()) {
    if (entry.status().IsNotFound() && dialect == Dialect::kV1) return WriteJsonText(res, 200, "");
    return WriteError(res, dialect, entry.status());
  }
  Json data = HistoryJson(*entry);
  WriteResult(res, dialect, data);
}

void PreviousHistory(ConfigService& svc, const HttpRequest& req, httplib::Response& res,
                     Dialect dialect, const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group", "id"}); !s.ok()) return WriteError(res, dialect, s);
  auto id = IntParam(req, "id", 0);
  if (!id.ok()) return WriteError(res, dialect, id.status());
  auto entry = svc.PreviousHistory(KeyFrom(req, names), static_cast<uint64_t>(*id));
  if (!entry.ok()) {
    if (entry.status().IsNotFound() && dialect == Dialect::kV1) return WriteJsonText(res, 200, "");
    return WriteError(res, dialect, entry.status());
  }
  WriteResult(res, dialect, HistoryJson(*entry));
}

void TenantConfigs(ConfigService& svc, const HttpRequest& req, httplib::Response& res,
                   Dialect dialect, const char* tenant_param) {
  if (Status s = RequireParams(req, {tenant_param}); !s.ok()) return WriteError(res, dialect, s);
  auto items = svc.ListTenant(req.Param(tenant_param));
  if (!items.ok()) return WriteError(res, dialect, items.status());
  Json list = Json::array();
  for (const auto& item : *items) {
    list.push_back(Json{{"id", std::to_string(item->id())},
                        {"dataId", item->key.data_id},
                        {"group", item->key.group},
                        {"tenant", item->key.tenant},
                        {"appName", item->app_name},
                        {"type", item->type}});
  }
  WriteResult(res, dialect, list);
}

}  // namespace

void AddHistoryRoutes(HttpRouter& router, const HandlerDeps& deps) {
  ConfigService& svc = *deps.service;
  router.Add({"GET", "/nacos/v1/cs/history", Access::kRead, Dialect::kV1,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                if (req.Has("nid")) return GetHistory(svc, req, res, Dialect::kV1, kV1Names);
                ListHistory(svc, req, res, Dialect::kV1, kV1Names);
              }});
  router.Add({"GET", "/nacos/v1/cs/history/previous", Access::kRead, Dialect::kV1,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                PreviousHistory(svc, req, res, Dialect::kV1, kV1Names);
              }});
  router.Add({"GET", "/nacos/v1/cs/history/configs", Access::kRead, Dialect::kV1,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                TenantConfigs(svc, req, res, Dialect::kV1, "tenant");
              }});
  router.Add({"GET", "/nacos/v2/cs/history/list", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                ListHistory(svc, req, res, Dialect::kV2, kV2Names);
              }});
  router.Add({"GET", "/nacos/v2/cs/history", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                GetHistory(svc, req, res, Dialect::kV2, kV2Names);
              }});
  router.Add({"GET", "/nacos/v2/cs/history/previous", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                PreviousHistory(svc, req, res, Dialect::kV2, kV2Names);
              }});
  router.Add({"GET", "/nacos/v2/cs/history/configs", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                TenantConfigs(svc, req, res, Dialect::kV2, "namespaceId");
              }});
}

}  // namespace lever::http
