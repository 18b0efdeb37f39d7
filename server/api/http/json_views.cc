#include "api/http/json_views.h"

#include "base/clock.h"

namespace lever::http {
namespace {

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

Json ConfigDetailJson(const core::ConfigItem& item) {
  return Json{{"id", std::to_string(item.id())},
              {"dataId", item.key.data_id},
              {"group", item.key.group},
              {"content", item.content},
              {"md5", item.md5},
              {"encryptedDataKey", item.encrypted_data_key},
              {"tenant", item.key.tenant},
              {"appName", item.app_name},
              {"type", item.type},
              {"createTime", item.create_time_ms},
              {"modifyTime", item.modify_time_ms},
              {"createUser", NullIfEmpty(item.src_user)},
              {"createIp", NullIfEmpty(item.src_ip)},
              {"desc", NullIfEmpty(item.desc)},
              {"use", NullIfEmpty(item.use)},
              {"effect", NullIfEmpty(item.effect)},
              {"schema", NullIfEmpty(item.schema)},
              {"configTags", NullIfEmpty(item.config_tags)},
              {"revision", item.modify_revision}};
}

Json ConfigRowJson(const core::ConfigItem& item) {
  return Json{{"id", std::to_string(item.id())},
              {"dataId", item.key.data_id},
              {"group", item.key.group},
              {"content", item.content},
              {"md5", nullptr},
              {"encryptedDataKey", item.encrypted_data_key},
              {"tenant", item.key.tenant},
              {"appName", item.app_name},
              {"type", item.type},
              {"configTags", NullIfEmpty(item.config_tags)},
              {"modifyTime", item.modify_time_ms}};
}

Json SearchPageJson(const core::SearchPage& page) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(ConfigRowJson(*item));
  return Json{{"totalCount", page.total_count},
              {"pageNumber", page.page_number},
              {"pagesAvailable", page.pages_available},
              {"pageItems", std::move(items)}};
}

Json HistoryJson(const core::HistoryEntry& e) {
  const bool gray = !e.gray_name.empty();
  return Json{{"id", std::to_string(e.nid)},
              {"lastId", -1},
              {"dataId", e.key.data_id},
              {"group", e.key.group},
              {"tenant", e.key.tenant},
              {"appName", e.app_name},
              {"md5", e.md5},
              {"content", e.content},
              {"srcIp", e.src_ip},
              {"srcUser", e.src_user},
              {"opType", std::string(1, static_cast<char>(e.op))},
              {"publishType", gray ? "gray" : "formal"},
              {"grayName", NullIfEmpty(e.gray_name)},
              {"extInfo", Json{{"type", e.type}}.dump()},
              {"createdTime", IsoDateTime(e.time_ms)},
              {"lastModifiedTime", IsoDateTime(e.time_ms)},
              {"encryptedDataKey", e.encrypted_data_key},
              {"configId", std::to_string(e.config_id)}};
}

Json HistoryPageJson(const storage::HistoryPage& page, int64_t page_no, int64_t page_size) {
  Json items = Json::array();
  for (const auto& e : page.entries) items.push_back(HistoryJson(e));
  uint64_t pages = page_size > 0 ? (page.total_count + page_size - 1) / page_size : 0;
  return Json{{"totalCount", page.total_count},
              {"pageNumber", page_no},
              {"pagesAvailable", pages},
              {"pageItems", std::move(items)}};
}

Json NamespaceJson(const core::NamespaceInfo& info) {
  return Json{{"namespace", info.ns.id},
              {"namespaceShowName", info.ns.show_name},
              {"namespaceDesc", info.ns.desc},
              {"quota", 200},
              {"configCount", info.config_count},
              {"type", info.type}};
}

}  // namespace lever::http
