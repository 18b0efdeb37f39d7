// Nacos JSON shapes of Lever's records (nacos-protocol.md §4.4, §4.5, §4.7, §7). Ids are
// serialised as strings, as the Java server does.
#pragma once

#include <nlohmann/json.hpp>

#include "core/config_service.h"
#include "core/config_types.h"

namespace lever::http {

using Json = nlohmann::ordered_json;

// show=all detail: every field, nulls written as Spring MVC does.
Json ConfigDetailJson(const core::ConfigItem& item);
// One row of a search page (md5 null, no content metadata).
Json ConfigRowJson(const core::ConfigItem& item);
// Page object of a search.
Json SearchPageJson(const core::SearchPage& page);
// ConfigHistoryInfo.
Json HistoryJson(const core::HistoryEntry& entry);
Json HistoryPageJson(const storage::HistoryPage& page, int64_t page_no, int64_t page_size);
// Namespace object.
Json NamespaceJson(const core::NamespaceInfo& info);

}  // namespace lever::http
