#include "api/grpc/config_handlers.h"

#include <vector>

#include "api/grpc/connection.h"
#include "api/grpc/grpc_runtime.h"
#include "api/grpc/status_mapping.h"
#include "base/url_codec.h"
#include "core/config_service.h"

namespace lever::rpc {

namespace {

constexpr const char* kVipserverTag = "Vipserver-Tag";

Reply Failure(const char* type, const Status& status) {
  const WireError e = WireErrorOf(status);
  Reply reply{type, ResponseBody(e.result_code, e.error_code, e.message)};
  return reply;
}

Reply Done(Reply reply) {
  FinishResponse(reply.body);
  return reply;
}

core::KeyParams KeyOf(const Json& body) {
  return {StringField(body, "dataId"), StringField(body, "group"), StringField(body, "tenant")};
}

// The gray tag a client is served automatically: the request header, else its connection label.
std::string AutoTag(const RequestContext& r) {
  std::string tag = HeaderOf(r.message, r.body, kVipserverTag);
  return tag.empty() ? r.connection.label(kVipserverTag) : tag;
}

Status Authorize(const RequestContext& r, const core::KeyParams& key, bool write) {
  const auto& authorize = r.runtime.options.authorize;
  if (!authorize) return Status::Ok();
  AuthRequest request{HeaderOf(r.message, r.body, "accessToken"), key.tenant, key.group,
                      key.data_id, write};
  return authorize(request);
}

}  // namespace

Reply ErrorReply(int error_code, const std::string& message) {
  return Done({"ErrorResponse", ResponseBody(kResultFailure, error_code, message)});
}

Reply HandleConfigQuery(const RequestContext& r) {
  constexpr const char* kType = "ConfigQueryResponse";
  const core::KeyParams key = KeyOf(r.body);
  core::ReadContext reader{r.connection.client_ip(), StringField(r.body, "tag"), AutoTag(r)};
  Status auth = Authorize(r, key, /*write=*/false);
  StatusOr<core::ServedConfig> served =
      auth.ok() ? r.runtime.config->Get(key, reader) : StatusOr<core::ServedConfig>(auth);
  if (!served.ok()) {
    // Java's ConfigQueryResponse always carries its primitive fields.
    Reply reply = Failure(kType, served.status());
    reply.body["lastModified"] = 0;
    reply.body["beta"] = false;
    return Done(std::move(reply));
  }
  const core::ConfigItem& item = *served->item;
  Reply reply{kType, SuccessBody()};
  Json& body = reply.body;
  body["content"] = item.content;
  body["encryptedDataKey"] = item.encrypted_data_key;
  if (!item.type.empty()) body["contentType"] = item.type;
  body["md5"] = item.md5;
  body["lastModified"] = item.modify_time_ms;
  body["beta"] = served->is_beta;
  // Go and Python declare `tag` boolean: write it only when a tag variant was really served.
  if (served->is_tag) body["tag"] = FormUrlEncode(item.tag);
  return Done(std::move(reply));
}

Reply HandleConfigPublish(const RequestContext& r) {
  constexpr const char* kType = "ConfigPublishResponse";
  static const Json kEmpty = Json::object();
  const auto addition_it = r.body.find("additionMap");
  const Json& addition =
      addition_it != r.body.end() && addition_it->is_object() ? *addition_it : kEmpty;
  auto extra = [&](const char* name) { return StringField(addition, name); };

  core::PublishParams p;
  p.key = KeyOf(r.body);
  p.content = StringField(r.body, "content");
  p.cas_md5 = StringField(r.body, "casMd5");
  p.type = extra("type");
  p.app_name = extra("appName");
  p.desc = extra("desc");
  p.use = extra("use");
  p.effect = extra("effect");
  p.schema = extra("schema");
  p.config_tags = extra("config_tags");
  if (p.config_tags.empty()) p.config_tags = extra("configTags");
  p.encrypted_data_key = extra("encryptedDataKey");
  p.src_user = extra("src_user");
  p.src_ip = r.connection.client_ip();
  p.beta_ips = extra("betaIps");
  p.tag = extra("tag");

  if (Status auth = Authorize(r, p.key, /*write=*/true); !auth.ok())
    return Done(Failure(kType, auth));
  auto result = r.runtime.config->Publish(p);
  if (!result.ok()) return Done(Failure(kType, result.status()));
  return Done({kType, SuccessBody()});
}

Reply HandleConfigRemove(const RequestContext& r) {
  constexpr const char* kType = "ConfigRemoveResponse";
  core::RemoveParams p;
  p.key = KeyOf(r.body);
  p.tag = StringField(r.body, "tag");
  p.src_ip = r.connection.client_ip();
  if (Status auth = Authorize(r, p.key, /*write=*/true); !auth.ok())
    return Done(Failure(kType, auth));
  Status s = r.runtime.config->Remove(p);
  if (!s.ok()) return Done(Failure(kType, s));
  return Done({kType, SuccessBody()});
}

Reply HandleConfigBatchListen(const RequestContext& r) {
  constexpr const char* kType = "ConfigChangeBatchListenResponse";
  const bool listen = BoolField(r.body, "listen", true);
  struct Entry {
    core::KeyParams raw;
    core::ConfigKey key;
    std::string md5;
  };
  std::vector<Entry> entries;
  if (auto ctxs = r.body.find("configListenContexts"); ctxs != r.body.end() && ctxs->is_array()) {
    if (ctxs->size() > r.runtime.options.max_listeners_per_request) {
      return Done(Failure(kType, Status::InvalidArgument("invalid protocol, too much listener")));
    }
    entries.reserve(ctxs->size());
    for (const Json& ctx : *ctxs) {
      if (!ctx.is_object()) continue;
      Entry e{KeyOf(ctx), {}, StringField(ctx, "md5")};
      // The whole request fails on one bad key, as Nacos's param checker does.
      auto resolved = r.runtime.config->ResolveKey(e.raw);
      if (!resolved.ok()) return Done(Failure(kType, resolved.status()));
      if (Status auth = Authorize(r, e.raw, /*write=*/false); !auth.ok()) {
        return Done(Failure(kType, auth));
      }
      e.key = std::move(*resolved);
      entries.push_back(std::move(e));
    }
  }

  Json changed = Json::array();
  const core::ReadContext reader{r.connection.client_ip(), "", AutoTag(r)};
  for (const Entry& e : entries) {
    if (!listen) {
      r.connection.Unlisten(e.key);
      continue;
    }
    // Register before comparing, so a change committed in between is pushed, not lost.
    if (!r.connection.Listen(e.key, e.raw.tenant, e.md5)) {
      return ErrorReply(kCodeUnregistered, "Connection is unregistered.");
    }
    if (r.runtime.config->CurrentMd5(e.key, reader) != e.md5) {
      Json item = Json::object();
      item["group"] = e.raw.group;
      item["dataId"] = e.raw.data_id;
      item["tenant"] = e.raw.tenant;  // echoed as sent: clients look it up by their own string
      changed.push_back(std::move(item));
    }
  }
  Reply reply{kType, SuccessBody()};
  reply.body["changedConfigs"] = std::move(changed);
  return Done(std::move(reply));
}

}  // namespace lever::rpc
