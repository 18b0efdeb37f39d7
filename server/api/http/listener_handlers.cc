// POST /nacos/v1/cs/configs/listener (long-poll, §5) and the "who listens" queries (§4.6).
#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "api/http/cluster_fanout.h"
#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/listening_configs.h"
#include "api/http/long_poll_service.h"
#include "api/http/request_params.h"
#include "api/http/routes.h"
#include "core/group_key.h"
#include "core/validation.h"
#include "watch/watch_hub.h"

namespace lever::http {
namespace {

bool IsTrue(std::string v) {
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true";
}

void SetNoCache(httplib::Response& res) {
  res.set_header("Pragma", "no-cache");
  res.set_header("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
  res.set_header("Cache-Control", "no-cache,no-store");
}

// Answers at once when a key differs (or the request is refused); otherwise parks the poll in
// LongPollService, whose completion answers later without a thread waiting.
void LongPoll(const HandlerDeps& deps, const HttpRequest& req, const Responder& respond) {
  httplib::Response res;
  auto refuse = [&](const Status& s) {
    WriteError(res, Dialect::kV1, s);
    respond(res);
  };
  if (!req.Has("Listening-Configs")) return refuse(Status::InvalidArgument("invalid probeModify"));
  auto records = ParseListeningConfigs(req.Param("Listening-Configs"), deps.max_listeners_per_request);
  if (!records.ok()) return refuse(records.status());

  std::vector<PollKey> keys;
  keys.reserve(records->size());
  for (const auto& r : *records) {
    // Only listener queries default a blank group (nacos-protocol.md §2.1).
    core::KeyParams raw{r.data_id, core::IsBlank(r.group) ? "DEFAULT_GROUP" : r.group, r.tenant};
    auto key = deps.service->ResolveKey(raw);
    if (!key.ok()) return refuse(key.status());
    keys.push_back({*key, r.md5});
  }

  const std::string timeout_header = req.Header("Long-Pulling-Timeout");
  // Without Long-Pulling-Timeout this is the legacy short poll: answer at once.
  const bool hold = !timeout_header.empty() && !IsTrue(req.Header("Long-Pulling-Timeout-No-Hangup"));
  int64_t timeout_ms = 30000;
  if (!timeout_header.empty()) {
    try {
      timeout_ms = std::stoll(timeout_header);
    } catch (const std::exception&) {
      return refuse(Status::InvalidArgument("invalid Long-Pulling-Timeout"));
    }
  }
  deps.long_polls->PollAsync(
      std::move(keys), ReaderFrom(req), timeout_ms, hold,
      [records = std::move(*records), respond](StatusOr<std::vector<size_t>> changed) {
        httplib::Response res;
        if (!changed.ok()) {
          res.set_header("Retry-After", "1");
          WriteError(res, Dialect::kV1, changed.status());
          return respond(res);
        }
        std::vector<ListenRecord> out;
        for (size_t i : *changed) out.push_back(records[i]);
        SetNoCache(res);
        WriteText(res, 200, out.empty() ? "" : EncodeChangedKeys(out));
        respond(res);
      });
}

void ListenersOfConfig(const HandlerDeps& deps, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"dataId"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  core::KeyParams raw = KeyFrom(req, kV1Names);
  if (core::IsBlank(raw.group)) raw.group = "DEFAULT_GROUP";  // listener queries default it (§2.1)
  auto key = deps.service->ResolveKey(raw);
  if (!key.ok()) return WriteError(res, Dialect::kV1, key.status());
  Json status = Json::object();
  for (const auto& l : deps.hub->ListenersOf(*key)) status[l.client_ip] = l.md5;
  status = MergeClusterListeners(deps, req, std::move(status));
  WriteJsonText(res, 200, Json{{"collectStatus", 200}, {"lisentersGroupkeyStatus", status}}.dump());
}

void KeysOfIp(const HandlerDeps& deps, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"ip"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  const bool all = req.Param("all") == "true";
  const std::string& tenant = req.Param("tenant");
  Json status = Json::object();
  for (const auto& w : deps.hub->KeysWatchedBy(req.Param("ip"))) {
    std::string group_key = core::GroupKey(w.key);
    // Nacos filter: without all=true, keys without tenant plus keys mentioning `tenant`.
    if (!all && !w.key.tenant.empty() && (tenant.empty() || group_key.find(tenant) == std::string::npos)) continue;
    status[group_key] = w.md5;
  }
  status = MergeClusterListeners(deps, req, std::move(status));
  WriteJsonText(res, 200, Json{{"collectStatus", 200}, {"lisentersGroupkeyStatus", status}}.dump());
}

}  // namespace

void AddListenerRoutes(HttpRouter& router, const HandlerDeps& deps) {
  const HandlerDeps* d = &deps;
  // Parsing the records and comparing md5s is quick: the event loop runs it; a held poll then
  // waits without a thread.
  router.Add({"POST", "/nacos/v1/cs/configs/listener", Access::kRead, Dialect::kV1, nullptr, AlwaysInline,
              [d](const HttpRequest& req, Responder respond) { LongPoll(*d, req, respond); }});
  router.Add({"GET", "/nacos/v1/cs/configs/listener", Access::kRead, Dialect::kV1,
              [d](const HttpRequest& req, httplib::Response& res) { ListenersOfConfig(*d, req, res); }});
  router.Add({"GET", "/nacos/v1/cs/listener", Access::kRead, Dialect::kV1,
              [d](const HttpRequest& req, httplib::Response& res) { KeysOfIp(*d, req, res); }});
}

}  // namespace lever::http
