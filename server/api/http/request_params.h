// Turning HTTP parameters into core requests. v1 and v2 differ only in parameter names
// (tenant/namespaceId, src_user/srcUser, config_tags/configTags), so both use these helpers with
// their ParamNames.
#pragma once

#include <initializer_list>
#include <string>

#include "api/http/http_router.h"
#include "core/config_service.h"

namespace httplib {
struct Response;
}

namespace lever::http {

struct ParamNames {
  const char* tenant;
  const char* src_user;
  const char* config_tags;
};
inline constexpr ParamNames kV1Names{"tenant", "src_user", "config_tags"};
inline constexpr ParamNames kV2Names{"namespaceId", "srcUser", "configTags"};

// MissingParameter for the first name in `names` that is absent.
Status RequireParams(const HttpRequest& req, std::initializer_list<const char*> names);

// dataId/group/tenant. v1 also accepts `namespaceId` when `tenant` is absent.
core::KeyParams KeyFrom(const HttpRequest& req, const ParamNames& names);
core::PublishParams PublishFrom(const HttpRequest& req, const ParamNames& names);
// Beta by client IP, tag by `tag` parameter or `Vipserver-Tag` header.
core::ReadContext ReaderFrom(const HttpRequest& req);
core::SearchParams SearchFrom(const HttpRequest& req, const ParamNames& names);

// Parses a decimal parameter; `fallback` when absent, InvalidArgument when malformed.
StatusOr<int64_t> IntParam(const HttpRequest& req, const char* name, int64_t fallback);

// Writes the config GET response headers of nacos-protocol.md §4.1 (not the body).
void WriteConfigHeaders(httplib::Response& res, const core::ServedConfig& served);
// Content-Type of a config body by its type.
const char* ContentTypeOf(const std::string& config_type);

}  // namespace lever::http
