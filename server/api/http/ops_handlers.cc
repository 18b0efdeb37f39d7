// Health, server state and metrics (nacos-protocol.md §11).
#include <httplib.h>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/routes.h"
#include "core/config_service.h"

namespace lever::http {

void AddOpsRoutes(HttpRouter& router, const HandlerDeps& deps) {
  const HandlerDeps* d = &deps;
  auto liveness = [](const HttpRequest&, httplib::Response& res) { WriteText(res, 200, "OK"); };
  auto readiness = [d](const HttpRequest&, httplib::Response& res) {
    if (d->ready && !d->ready()) return WriteText(res, 500, "server is not ready");
    WriteText(res, 200, "OK");
  };
  router.Add({"GET", "/nacos/v1/console/health/liveness", Access::kPublic, Dialect::kPlain, liveness, AlwaysInline});
  router.Add({"GET", "/nacos/v1/console/health/readiness", Access::kPublic, Dialect::kPlain, readiness, AlwaysInline});
  router.Add({"GET", "/nacos/v2/console/health/liveness", Access::kPublic, Dialect::kV2,
              [](const HttpRequest&, httplib::Response& res) { WriteV2Success(res, "\"ok\""); }, AlwaysInline});
  router.Add({"GET", "/nacos/v2/console/health/readiness", Access::kPublic, Dialect::kV2,
              [d](const HttpRequest&, httplib::Response& res) {
                if (d->ready && !d->ready()) return WriteError(res, Dialect::kV2, Status::Unavailable("server is not ready"));
                WriteV2Success(res, "\"ok\"");
              },
              AlwaysInline});
  router.Add({"GET", "/nacos/v1/cs/health", Access::kPublic, Dialect::kPlain,
              [](const HttpRequest&, httplib::Response& res) { WriteText(res, 200, "UP"); }, AlwaysInline});
  router.Add({"GET", "/nacos/v1/console/server/state", Access::kPublic, Dialect::kPlain,
              [d](const HttpRequest&, httplib::Response& res) {
                Json state{{"version", d->version},
                           {"startup_mode", "standalone"},
                           {"function_mode", "config"},
                           {"server_port", std::to_string(d->http_port)},
                           {"auth_enabled", d->auth_enabled ? "true" : "false"},
                           {"login_page_enabled", d->auth_enabled ? "true" : "false"},
                           {"auth_system_type", "nacos"},
                           {"console_ui_enabled", "true"},
                           {"maxContent", std::to_string(d->service->limits().max_content_bytes)},
                           {"server_name", "lever"}};
                WriteJsonText(res, 200, state.dump());
              }});
  router.Add({"GET", "/metrics", Access::kPublic, Dialect::kPlain,
              [d](const HttpRequest&, httplib::Response& res) {
                std::string text = d->http_metrics ? d->http_metrics() : "";
                if (d->extra_metrics) text += d->extra_metrics();
                WriteText(res, 200, text, "text/plain; version=0.0.4");
              }});
}

}  // namespace lever::http
