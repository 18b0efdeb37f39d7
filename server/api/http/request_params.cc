#include "api/http/request_params.h"

#include <httplib.h>

#include <charconv>

#include "base/clock.h"
#include "base/url_codec.h"

namespace lever::http {

Status RequireParams(const HttpRequest& req, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!req.Has(name)) {
      return Status::MissingParameter(std::string("Required request parameter '") + name +
                                      "' for method parameter type String is not present");
    }
  }
  return Status::Ok();
}

core::KeyParams KeyFrom(const HttpRequest& req, const ParamNames& names) {
  core::KeyParams key{req.Param("dataId"), req.Param("group"), req.Param(names.tenant)};
  if (!req.Has(names.tenant) && req.Has("namespaceId")) key.tenant = req.Param("namespaceId");
  return key;
}

core::PublishParams PublishFrom(const HttpRequest& req, const ParamNames& names) {
  core::PublishParams p;
  p.key = KeyFrom(req, names);
  p.content = req.Param("content");
  p.type = req.Param("type");
  p.app_name = req.Param("appName");
  p.desc = req.Param("desc");
  p.use = req.Param("use");
  p.effect = req.Param("effect");
  p.schema = req.Param("schema");
  p.config_tags = req.Param(names.config_tags);
  p.encrypted_data_key = req.Param("encryptedDataKey");
  p.src_user = req.Param(names.src_user);
  p.src_ip = req.client_ip();
  p.cas_md5 = req.Header("casMd5");
  p.beta_ips = req.Header("betaIps");
  p.tag = req.Param("tag");
  return p;
}

core::ReadContext ReaderFrom(const HttpRequest& req) {
  return core::ReadContext{req.client_ip(), req.Param("tag"), req.Header("Vipserver-Tag")};
}

core::SearchParams SearchFrom(const HttpRequest& req, const ParamNames& names) {
  core::SearchParams s;
  s.tenant = req.Param(names.tenant);
  if (!req.Has(names.tenant) && req.Has("namespaceId")) s.tenant = req.Param("namespaceId");
  s.data_id = req.Param("dataId");
  s.group = req.Param("group");
  s.app_name = req.Param("appName");
  s.config_tags = req.Param("config_tags");
  s.types = req.Param("types");
  s.content = req.Param("config_detail");
  s.blur = req.Param("search") == "blur";
  return s;
}

StatusOr<int64_t> IntParam(const HttpRequest& req, const char* name, int64_t fallback) {
  const std::string& raw = req.Param(name);
  if (raw.empty()) return fallback;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (ec != std::errc() || ptr != raw.data() + raw.size()) {
    return Status::InvalidArgument(std::string("invalid number for '") + name + "': " + raw);
  }
  return value;
}

const char* ContentTypeOf(const std::string& type) {
  if (type == "json") return "application/json;charset=UTF-8";
  if (type == "xml") return "application/xml;charset=UTF-8";
  if (type == "html") return "text/html;charset=UTF-8";
  return "text/plain;charset=UTF-8";
}

void WriteConfigHeaders(httplib::Response& res, const core::ServedConfig& served) {
  const core::ConfigItem& item = *served.item;
  res.set_header("Config-Type", item.type.empty() ? "text" : item.type);
  res.set_header("Content-MD5", item.md5);
  res.set_header("Pragma", "no-cache");
  res.set_header("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
  res.set_header("Cache-Control", "no-cache,no-store");
  res.set_header("Last-Modified", HttpDate(item.modify_time_ms));
  res.set_header("Encrypted-Data-Key", item.encrypted_data_key);
  if (served.is_beta) res.set_header("isBeta", "true");
  if (served.is_tag) res.set_header("tag", FormUrlEncode(item.tag));
}

}  // namespace lever::http
