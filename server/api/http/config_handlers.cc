// /nacos/v1/cs/configs and /nacos/v2/cs/config (nacos-protocol.md §4.1–§4.5, §6); the export,
// import, clone and delete-by-ids markers hand over to transfer_handlers.h (§10.3).
#include <httplib.h>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/request_params.h"
#include "api/http/routes.h"
#include "api/http/transfer_handlers.h"
#include "core/config_service.h"

namespace lever::http {
namespace {

using core::ConfigService;

// Serves a config body in the v1 dialect (raw content) or v2 (envelope); headers are the same.
void GetConfig(ConfigService& service, const HttpRequest& req, httplib::Response& res,
               Dialect dialect, const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group"}); !s.ok()) return WriteError(res, dialect, s);
  auto served = service.Get(KeyFrom(req, names), ReaderFrom(req));
  if (!served.ok()) {
    if (served.status().IsNotFound() && dialect == Dialect::kV1) {
      return WriteText(res, 404, "config data not exist\n");
    }
    if (served.status().IsNotFound()) {
      return WriteJsonText(res, 404, R"({"code":20004,"message":"resource not found","data":"config data not exist"})" "\n");
    }
    return WriteError(res, dialect, served.status());
  }
  WriteConfigHeaders(res, *served);
  if (dialect == Dialect::kV1) {
    res.status = 200;
    res.set_content(served->item->content, ContentTypeOf(served->item->type));
  } else {
    WriteV2Success(res, Json(served->item->content).dump());
  }
}

void PublishConfig(ConfigService& service, const HttpRequest& req, httplib::Response& res,
                   Dialect dialect, const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group", "content"}); !s.ok()) {
    return WriteError(res, dialect, s);
  }
  auto result = service.Publish(PublishFrom(req, names));
  if (!result.ok()) return WriteError(res, dialect, result.status());
  if (dialect == Dialect::kV1) return WriteJsonText(res, 200, "true");
  WriteV2Success(res, "true");
}

void DeleteConfig(ConfigService& service, const HttpRequest& req, httplib::Response& res,
                  Dialect dialect, const ParamNames& names) {
  if (Status s = RequireParams(req, {"dataId", "group"}); !s.ok()) return WriteError(res, dialect, s);
  core::RemoveParams p{KeyFrom(req, names), req.Param("tag"), false, req.Param(names.src_user),
                       req.client_ip()};
  if (Status s = service.Remove(p); !s.ok()) return WriteError(res, dialect, s);
  if (dialect == Dialect::kV1) return WriteJsonText(res, 200, "true");
  WriteV2Success(res, "true");
}

void Search(ConfigService& service, const HttpRequest& req, httplib::Response& res, Dialect dialect,
            const ParamNames& names) {
  core::SearchParams params = SearchFrom(req, names);
  auto page_no = IntParam(req, "pageNo", 1);
  auto page_size = IntParam(req, "pageSize", 10);
  if (!page_no.ok()) return WriteError(res, dialect, page_no.status());
  if (!page_size.ok()) return WriteError(res, dialect, page_size.status());
  params.page_no = *page_no;
  params.page_size = std::min<int64_t>(*page_size, 1000);
  auto page = service.Search(params);
  if (!page.ok()) return WriteError(res, dialect, page.status());
  WriteJsonText(res, 200, SearchPageJson(*page).dump());
}

void ShowAll(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"dataId", "group"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  auto item = service.GetFormal(KeyFrom(req, kV1Names));
  if (!item.ok()) return WriteError(res, Dialect::kV1, item.status());
  if (!*item) return WriteJsonText(res, 200, "");
  WriteJsonText(res, 200, ConfigDetailJson(**item).dump());
}

void Catalog(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  auto item = service.GetFormal(KeyFrom(req, kV1Names));
  if (!item.ok()) return WriteError(res, Dialect::kConsole, item.status());
  if (!*item) return WriteConsoleSuccess(res, "null");
  const core::ConfigItem& i = **item;
  Json data = ConfigDetailJson(i);
  for (const char* drop : {"id", "dataId", "group", "content", "md5", "encryptedDataKey", "tenant", "appName"}) {
    data.erase(drop);
  }
  WriteConsoleSuccess(res, data.dump());
}

void QueryBeta(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  auto item = service.GetGray(KeyFrom(req, kV1Names), core::kBetaGrayName);
  if (!item.ok()) return WriteError(res, Dialect::kConsole, item.status());
  std::string data = "null";
  if (*item) {
    Json j = ConfigDetailJson(**item);
    j["betaIps"] = (*item)->beta_ips;
    data = j.dump();
  }
  WriteConsoleSuccess(res, data, "query beta ok");
}

void StopBeta(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  core::RemoveParams p{KeyFrom(req, kV1Names), "", true, req.Param("src_user"), req.client_ip()};
  if (Status s = service.Remove(p); !s.ok()) return WriteError(res, Dialect::kConsole, s);
  WriteConsoleSuccess(res, "true", "stop beta ok");
}

// A plain v1 read (no search, listing, beta query or export): answered from memory.
bool IsPlainConfigRead(const httplib::Request& raw) {
  for (const char* marker : {"show", "search", "beta", "export", "exportV2"}) {
    if (raw.has_param(marker)) return false;
  }
  return true;
}

}  // namespace

void AddConfigRoutes(HttpRouter& router, const HandlerDeps& deps) {
  ConfigService& svc = *deps.service;
  const std::string v1 = "/nacos/v1/cs/configs";
  // Marker parameters pick the operation before the plain CRUD handler (§4 dispatch rule).
  router.Add({"GET", v1, Access::kRead, Dialect::kV1, [&svc](const HttpRequest& req, httplib::Response& res) {
                if (req.Param("show") == "all") return ShowAll(svc, req, res);
                const std::string& search = req.Param("search");
                if (search == "accurate" || search == "blur") return Search(svc, req, res, Dialect::kV1, kV1Names);
                if (req.Param("beta") == "true") return QueryBeta(svc, req, res);
                if (req.Param("exportV2") == "true") return ExportConfigs(svc, req, res, true);
                if (req.Param("export") == "true") return ExportConfigs(svc, req, res, false);
                GetConfig(svc, req, res, Dialect::kV1, kV1Names);
              },
              IsPlainConfigRead});
  router.Add({"POST", v1, Access::kWrite, Dialect::kV1, [&svc](const HttpRequest& req, httplib::Response& res) {
                if (req.Param("import") == "true") return ImportConfigs(svc, req, res);
                if (req.Param("clone") == "true") return CloneConfigs(svc, req, res);
                PublishConfig(svc, req, res, Dialect::kV1, kV1Names);
              }});
  router.Add({"DELETE", v1, Access::kWrite, Dialect::kV1, [&svc](const HttpRequest& req, httplib::Response& res) {
                if (req.Param("beta") == "true") return StopBeta(svc, req, res);
                if (req.Param("delType") == "ids") return DeleteConfigsByIds(svc, req, res);
                DeleteConfig(svc, req, res, Dialect::kV1, kV1Names);
              }});
  router.Add({"GET", v1 + "/catalog", Access::kRead, Dialect::kConsole,
              [&svc](const HttpRequest& req, httplib::Response& res) { Catalog(svc, req, res); }});

  const std::string v2 = "/nacos/v2/cs/config";
  router.Add({"GET", v2, Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) { GetConfig(svc, req, res, Dialect::kV2, kV2Names); },
              AlwaysInline});
  router.Add({"POST", v2, Access::kWrite, Dialect::kV2, [&svc](const HttpRequest& req, httplib::Response& res) {
                PublishConfig(svc, req, res, Dialect::kV2, kV2Names);
              }});
  router.Add({"DELETE", v2, Access::kWrite, Dialect::kV2, [&svc](const HttpRequest& req, httplib::Response& res) {
                DeleteConfig(svc, req, res, Dialect::kV2, kV2Names);
              }});
  router.Add({"GET", v2 + "/searchDetail", Access::kRead, Dialect::kV2,
              [&svc](const HttpRequest& req, httplib::Response& res) {
                Search(svc, req, res, Dialect::kV2, kV1Names);
              }});
}

}  // namespace lever::http
