// Nacos group key (GroupKey2, nacos-protocol.md §2.2): dataId+group[+tenant], with '+' -> %2B
// and '%' -> %25 inside each part, the tenant part omitted when empty.
#pragma once

#include <string>

#include "core/config_types.h"

namespace lever::core {

std::string GroupKey(const std::string& data_id, const std::string& group, const std::string& tenant);
inline std::string GroupKey(const ConfigKey& key) { return GroupKey(key.data_id, key.group, key.tenant); }

}  // namespace lever::core
