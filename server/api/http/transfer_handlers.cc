#include "api/http/transfer_handlers.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <optional>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/request_params.h"
#include "api/http/transfer_archive.h"
#include "base/clock.h"
#include "core/config_search.h"
#include "core/config_service.h"

namespace lever::http {
namespace {

using core::ConfigService;
using core::ItemPtr;

// Result codes of the import/clone envelope (Nacos ResultCodeEnum), answered with HTTP 200.
enum class TransferCode {
  kNamespaceNotExist = 100001,
  kMetadataIllegal = 100002,
  kParsingFailed = 100004,
  kDataEmpty = 100005,
  kNoSelectedConfig = 100006,
};

std::string MessageOf(TransferCode code) {
  switch (code) {
    case TransferCode::kNamespaceNotExist:
      return "target namespace does not exist";
    case TransferCode::kMetadataIllegal:
      return "imported metadata is illegal";
    case TransferCode::kParsingFailed:
      return "parsing data failed";
    case TransferCode::kDataEmpty:
      return "imported file data is empty";
    case TransferCode::kNoSelectedConfig:
      return "no config selected";
  }
  return "";
}

// Zip entry names are arbitrary bytes: invalid UTF-8 is replaced rather than thrown on.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void WriteTransferFailure(httplib::Response& res, TransferCode code,
                          const std::string& detail = "") {
  Json body = {{"code", static_cast<int>(code)},
               {"message", MessageOf(code) + (detail.empty() ? "" : ": " + detail)},
               {"data", {{"succCount", 0}}}};
  WriteJsonText(res, 200, Dump(body));
}

enum class Policy { kAbort, kSkip, kOverwrite };

StatusOr<Policy> PolicyFrom(const HttpRequest& req) {
  const std::string& policy = req.Param("policy");
  if (policy.empty() || policy == "ABORT") return Policy::kAbort;
  if (policy == "SKIP") return Policy::kSkip;
  if (policy == "OVERWRITE") return Policy::kOverwrite;
  return Status::InvalidArgument("invalid policy '" + policy +
                                 "', expected ABORT, SKIP or OVERWRITE");
}

// "1,2,3" -> ids; blank items are dropped (Nacos removes nulls).
StatusOr<std::vector<uint64_t>> ParseIds(const std::string& list) {
  std::vector<uint64_t> ids;
  for (const std::string& part : core::SplitCommaList(list)) {
    uint64_t id = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), id);
    if (ec != std::errc() || end != part.data() + part.size()) {
      return Status::InvalidArgument("invalid config id '" + part + "'");
    }
    ids.push_back(id);
  }
  return ids;
}

Json KeyJson(const TransferItem& c) { return {{"dataId", c.data_id}, {"group", c.group}}; }

// Checks every item before the first write, so an invalid one fails the whole request.
Status ValidateAll(const ConfigService& service, const std::string& tenant,
                   const std::vector<TransferItem>& items) {
  const core::Limits& limits = service.limits();
  for (const TransferItem& c : items) {
    Status s = service.ResolveKey({c.data_id, c.group, tenant}).status();
    if (s.ok()) s = core::ValidateContent(c.content, limits);
    if (s.ok()) s = core::ValidatePublishMetadata({c.app_name, c.desc, "", "", "", ""}, limits);
    if (!s.ok()) return Status(s.code(), c.group + "/" + c.data_id + ": " + s.message());
  }
  return Status::Ok();
}

// The publish of one imported/cloned item; an OVERWRITE keeps the existing item's tags and, when
// none is given, its appName. Other policies only create.
core::PublishParams PublishParamsFor(const HttpRequest& req, const std::string& tenant,
                                     const TransferItem& c, const ItemPtr& old, Policy policy) {
  core::PublishParams p;
  p.key = {c.data_id, c.group, tenant};
  p.content = c.content;
  p.type = c.type;
  p.app_name = c.app_name.empty() && old ? old->app_name.str() : c.app_name;
  p.desc = c.desc;
  p.encrypted_data_key = c.encrypted_data_key;
  if (old) {
    p.config_tags = old->config_tags;
    p.use = old->use;
    p.effect = old->effect;
    p.schema = old->schema;
  }
  p.create_only = policy != Policy::kOverwrite;
  p.src_user = req.Param("src_user");
  p.src_ip = req.client_ip();
  return p;
}

// Writes the items in order under `policy` (Nacos batchInsertOrUpdate): ABORT stops at the
// first existing key, reporting it in failData and the rest in skipData; SKIP leaves existing
// keys alone; OVERWRITE updates them, keeping their tags and, when none is given, their appName.
// Under ABORT and SKIP a new key is written create-only, so a key published concurrently between
// the existence check and the write counts as existing and is never overwritten.
StatusOr<Json> WriteAll(ConfigService& service, const HttpRequest& req, const std::string& tenant,
                        const std::vector<TransferItem>& items, Policy policy) {
  LEVER_RETURN_IF_ERROR(ValidateAll(service, tenant, items));
  int succeeded = 0, skipped = 0;
  Json fail_data = Json::array(), skip_data = Json::array();
  for (size_t i = 0; i < items.size(); ++i) {
    const TransferItem& c = items[i];
    auto existing = service.GetFormal({c.data_id, c.group, tenant});
    if (!existing.ok()) return existing.status();
    const ItemPtr& old = *existing;
    StatusOr<core::PublishResult> published = Status::AlreadyExists("");
    if (!old || policy == Policy::kOverwrite) {
      published = service.Publish(PublishParamsFor(req, tenant, c, old, policy));
      if (!published.ok() && published.status().code() != StatusCode::kAlreadyExists) {
        return published.status();
      }
    }
    if (published.ok()) {
      ++succeeded;
      continue;
    }
    // The key exists (seen before the write, or created concurrently and refused by create_only).
    if (policy == Policy::kAbort) {
      fail_data.push_back(KeyJson(c));
      for (size_t j = i + 1; j < items.size(); ++j) skip_data.push_back(KeyJson(items[j]));
      skipped += static_cast<int>(items.size() - i - 1);
      break;
    }
    skip_data.push_back(KeyJson(c));
    ++skipped;
  }
  Json data = {{"succCount", succeeded}, {"skipCount", skipped}};
  if (!fail_data.empty()) data["failData"] = std::move(fail_data);
  if (!skip_data.empty()) data["skipData"] = std::move(skip_data);
  return data;
}

std::string LocalTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

}  // namespace

void ExportConfigs(ConfigService& service, const HttpRequest& req, httplib::Response& res,
                   bool with_metadata) {
  auto ids = ParseIds(req.Param("ids"));
  if (!ids.ok()) return WriteError(res, Dialect::kV1, ids.status());
  std::vector<ItemPtr> items;
  if (!ids->empty()) {
    items = service.FindByIds(*ids);
  } else {
    auto all = service.ListTenant(KeyFrom(req, kV1Names).tenant);
    if (!all.ok()) return WriteError(res, Dialect::kV1, all.status());
    std::string data_id = req.Param("dataId");
    std::replace(data_id.begin(), data_id.end(), '*', '%');
    const std::string& group = req.Param("group");
    const std::string& app_name = req.Param("appName");
    for (ItemPtr& item : *all) {
      if (!core::IsBlank(data_id) && !core::SqlLikeMatch(data_id, item->key.data_id)) continue;
      if (!core::IsBlank(group) && group != item->key.group) continue;
      if (!core::IsBlank(app_name) && app_name != item->app_name) continue;
      items.push_back(std::move(item));
    }
  }

  auto zip = BuildExportArchive(items, with_metadata, NowEpochMillis() / 1000);
  if (!zip.ok()) return WriteError(res, Dialect::kV1, zip.status());
  res.status = 200;
  res.set_header("Content-Disposition",
                 "attachment;filename=nacos_config_export_" + LocalTimestamp() + ".zip");
  res.set_content(std::move(zip).value(), "application/zip");
}

void ImportConfigs(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  auto policy = PolicyFrom(req);
  if (!policy.ok()) return WriteError(res, Dialect::kV1, policy.status());
  const MultipartPart* file = req.Part("file");
  if (!file) return WriteTransferFailure(res, TransferCode::kDataEmpty);
  const std::string tenant = core::NormalizeTenant(req.Param("namespace"));
  if (!tenant.empty() && !service.NamespaceExists(tenant)) {
    return WriteTransferFailure(res, TransferCode::kNamespaceNotExist);
  }
  if (file->content.empty()) return WriteTransferFailure(res, TransferCode::kDataEmpty);
  auto entries = ReadZip(file->content);
  if (!entries.ok()) {
    return WriteTransferFailure(res, TransferCode::kParsingFailed, entries.status().message());
  }
  std::optional<ImportArchive> archive = ParseImportArchive(*entries);
  if (!archive) return WriteTransferFailure(res, TransferCode::kMetadataIllegal);
  if (archive->items.empty()) return WriteTransferFailure(res, TransferCode::kDataEmpty);

  auto data = WriteAll(service, req, tenant, archive->items, *policy);
  if (!data.ok()) return WriteError(res, Dialect::kV1, data.status());
  if (!archive->unrecognized.empty()) {
    Json unrecognized = Json::array();
    for (const std::string& name : archive->unrecognized)
      unrecognized.push_back({{"itemName", name}});
    (*data)["unrecognizedCount"] = archive->unrecognized.size();
    (*data)["unrecognizedData"] = std::move(unrecognized);
  }
  WriteConsoleSuccess(res, Dump(*data), "import success");
}

void CloneConfigs(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"tenant"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  auto policy = PolicyFrom(req);
  if (!policy.ok()) return WriteError(res, Dialect::kV1, policy.status());
  const Status bad_body = Status::InvalidArgument(
      "the clone body must be a JSON array of {\"cfgId\":<id>,\"dataId\":..,\"group\":..}");
  Json body = Json::parse(req.body(), nullptr, false);
  if (!body.is_array()) return WriteError(res, Dialect::kV1, bad_body);

  struct Rename {
    std::string data_id, group;
  };
  std::vector<uint64_t> ids;
  std::map<uint64_t, Rename> renames;  // first entry of an id wins, as in Nacos
  for (const Json& bean : body) {
    if (bean.is_null()) continue;
    if (!bean.is_object()) return WriteError(res, Dialect::kV1, bad_body);
    const Json id = bean.value("cfgId", Json());
    uint64_t cfg_id = 0;
    if (id.is_number_unsigned()) {
      cfg_id = id.get<uint64_t>();
    } else if (id.is_string()) {
      auto parsed = ParseIds(id.get<std::string>());
      if (!parsed.ok() || parsed->size() != 1) return WriteError(res, Dialect::kV1, bad_body);
      cfg_id = parsed->front();
    } else {
      return WriteError(res, Dialect::kV1, bad_body);
    }
    auto text = [&](const char* name) {
      const Json v = bean.value(name, Json());
      return v.is_string() ? v.get<std::string>() : std::string();
    };
    if (renames.emplace(cfg_id, Rename{text("dataId"), text("group")}).second)
      ids.push_back(cfg_id);
  }
  if (ids.empty()) return WriteTransferFailure(res, TransferCode::kNoSelectedConfig);
  const std::string tenant = core::NormalizeTenant(req.Param("tenant"));
  if (!tenant.empty() && !service.NamespaceExists(tenant)) {
    return WriteTransferFailure(res, TransferCode::kNamespaceNotExist);
  }
  std::vector<ItemPtr> sources = service.FindByIds(ids);
  if (sources.empty()) return WriteTransferFailure(res, TransferCode::kDataEmpty);

  std::vector<TransferItem> copies;
  for (const ItemPtr& source : sources) {
    const Rename& rename = renames[source->id()];
    copies.push_back({core::IsBlank(rename.group) ? source->key.group : rename.group,
                      core::IsBlank(rename.data_id) ? source->key.data_id : rename.data_id,
                      source->content, source->type, source->app_name, source->desc,
                      source->encrypted_data_key});
  }
  auto data = WriteAll(service, req, tenant, copies, *policy);
  if (!data.ok()) return WriteError(res, Dialect::kV1, data.status());
  WriteConsoleSuccess(res, Dump(*data), "Clone Completed Successfully");
}

void DeleteConfigsByIds(ConfigService& service, const HttpRequest& req, httplib::Response& res) {
  if (Status s = RequireParams(req, {"ids"}); !s.ok()) return WriteError(res, Dialect::kV1, s);
  auto ids = ParseIds(req.Param("ids"));
  if (!ids.ok()) return WriteError(res, Dialect::kV1, ids.status());
  for (const ItemPtr& item : service.FindByIds(*ids)) {
    core::RemoveParams p{{item->key.data_id, item->key.group, item->key.tenant},
                         "",
                         false,
                         req.Param("src_user"),
                         req.client_ip()};
    if (Status s = service.Remove(p); !s.ok()) return WriteError(res, Dialect::kV1, s);
  }
  WriteConsoleSuccess(res, "true");
}

StatusOr<std::vector<uint64_t>> ParseConfigIds(const std::string& list) { return ParseIds(list); }

}  // namespace lever::http
