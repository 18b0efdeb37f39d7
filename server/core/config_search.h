// Matching rules of the Nacos config search (nacos-protocol.md §4.5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config_types.h"

namespace lever::core {

struct SearchParams;

// SQL LIKE: '%' matches any run, '_' any one byte, everything else itself (case-sensitive, as
// MySQL utf8_bin). Nacos turns '*' into '%' first and does not escape '_'.
bool SqlLikeMatch(std::string_view pattern, std::string_view text);

// The filter of one search request. Accurate mode: non-blank dataId/group/appName must be equal.
// Blur mode: they are LIKE patterns ('*' -> '%'), with no implicit wildcards.
class ConfigFilter {
 public:
  explicit ConfigFilter(const SearchParams& params);
  bool Matches(const ConfigItem& item) const;

 private:
  bool MatchField(const std::string& pattern, const std::string& value) const;

  bool blur_;
  std::string data_id_, group_, app_name_, content_;
  std::vector<std::string> tags_, types_;
};

std::vector<std::string> SplitCommaList(std::string_view list);

}  // namespace lever::core
