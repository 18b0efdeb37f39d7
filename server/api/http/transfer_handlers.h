// Export, import, clone and delete-by-ids of /nacos/v1/cs/configs (nacos-protocol.md §10.3,
// §4.3). The config routes call these when the marker parameter is present. Every write goes
// through core::ConfigService::Publish / Remove, one config at a time, so validation, history and
// change events apply exactly as for single publishes; a batch is therefore not atomic (as in
// Nacos), but every item is validated before the first one is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/http/http_router.h"

namespace httplib {
struct Response;
}
namespace lever::core {
class ConfigService;
}

namespace lever::http {

// GET ?export=true|exportV2=true [&tenant][&group][&dataId][&appName][&ids=1,2]: a zip of
// `<group>/<dataId>` entries. `ids` (config ids, any namespace) wins over the other filters;
// otherwise the tenant's configs whose dataId matches like a blur search ('*' wildcard) and whose
// group and appName are equal (blank = any). v1 adds `.meta.yml` when an appName is set, v2
// (`with_metadata`) always adds `.metadata.yml`.
void ExportConfigs(core::ConfigService& service, const HttpRequest& req, httplib::Response& res,
                   bool with_metadata);

// POST ?import=true&namespace=<ns>&policy=ABORT|SKIP|OVERWRITE with multipart field `file`.
// Answers 200 with {"code":200,"message":"import success","data":{succCount,skipCount,...}} or
// a Nacos result code (100001 namespace, 100002 metadata, 100004 parse, 100005 empty).
void ImportConfigs(core::ConfigService& service, const HttpRequest& req, httplib::Response& res);

// POST ?clone=true&tenant=<target>&policy=... with body [{"cfgId":12,"dataId":..,"group":..}]
// (dataId/group optional renames). Same result shape; 100006 when nothing is selected.
void CloneConfigs(core::ConfigService& service, const HttpRequest& req, httplib::Response& res);

// DELETE ?delType=ids&ids=1,2,3: removes those configs (unknown ids are ignored) and answers
// {"code":200,"message":null,"data":true}.
void DeleteConfigsByIds(core::ConfigService& service, const HttpRequest& req,
                        httplib::Response& res);

// "1,2,3" -> config ids as these handlers read `ids` and `cfgId` (blank items dropped);
// InvalidArgument on anything else. The auth guard checks the same ids.
StatusOr<std::vector<uint64_t>> ParseConfigIds(const std::string& list);

}  // namespace lever::http
