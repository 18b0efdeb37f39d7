// libFuzzer target: validation of HTTP parameters. The input is a request body (the way HTTP
// adapters see it: url-encoded form, UTF-8 whatever the charset) and, after a first '\n', a query
// string. It goes through HttpRequest's parameter merging, the request_params helpers every v1/v2
// handler uses, core validation of everything they extract, and the rendering of each resulting
// error in every dialect (error messages carry client bytes; they must never break the JSON).
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/http/error_mapping.h"
#include "api/http/http_router.h"
#include "api/http/request_params.h"
#include "base/url_codec.h"
#include "core/validation.h"

namespace {

using lever::Status;
using lever::http::Dialect;

void Render(const Status& status) {
  if (status.ok()) return;
  for (Dialect dialect : {Dialect::kV1, Dialect::kV2, Dialect::kConsole, Dialect::kPlain}) {
    httplib::Response res;
    lever::http::WriteError(res, dialect, status);
  }
}

void ValidatePublish(const lever::core::PublishParams& p) {
  static const lever::core::Limits limits;
  using namespace lever::core;
  Render(ValidateDataId(p.key.data_id, limits));
  Render(ValidateGroup(p.key.group, limits));
  Render(ValidateTenant(NormalizeTenant(p.key.tenant), limits));
  Render(ValidateTag(p.tag, limits));
  Render(ValidateContent(p.content, limits));
  Render(ValidatePublishMetadata({p.app_name, p.desc, p.use, p.effect, p.schema, p.config_tags}, limits));
  Render(ValidateNamespaceId(p.key.tenant, limits));
  Render(ValidateNamespaceName(p.desc, limits));
  (void)NormalizeType(p.type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  httplib::Request raw;
  raw.method = "POST";
  raw.path = "/nacos/v1/cs/configs";
  raw.remote_addr = "127.0.0.1";
  raw.set_header("Content-Type", "application/x-www-form-urlencoded; charset=GBK");
  if (newline != std::string_view::npos) {
    // Query parameters as httplib would hand them over: already decoded pairs.
    const std::string_view query = input.substr(newline + 1);
    size_t start = 0;
    while (start <= query.size()) {
      size_t amp = query.find('&', start);
      if (amp == std::string_view::npos) amp = query.size();
      const std::string_view pair = query.substr(start, amp - start);
      const size_t eq = pair.find('=');
      raw.params.emplace(lever::FormUrlDecode(pair.substr(0, eq)),
                         eq == std::string_view::npos ? "" : lever::FormUrlDecode(pair.substr(eq + 1)));
      start = amp + 1;
    }
  }
  const std::string body(input.substr(0, newline));
  lever::http::HttpRequest request(raw, lever::http::ClientIp(raw), body);

  using namespace lever::http;
  Render(RequireParams(request, {"dataId", "group", "content"}));
  for (const ParamNames* names : {&kV1Names, &kV2Names}) {
    ValidatePublish(PublishFrom(request, *names));
    (void)SearchFrom(request, *names);
  }
  (void)ReaderFrom(request);
  for (const char* name : {"pageNo", "pageSize", "nid", "tokenTtl"}) {
    auto value = IntParam(request, name, 1);
    Render(value.status());
  }
  (void)request.ParamOrHeader("accessToken");
  return 0;
}
