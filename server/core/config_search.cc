#include "core/config_search.h"

#include <algorithm>

#include "core/config_service.h"
#include "core/validation.h"

namespace lever::core {

bool SqlLikeMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with backtracking to the last '%': O(|p|·|t|) worst case.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

std::vector<std::string> SplitCommaList(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view part = list.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

namespace {
std::string StarToPercent(std::string s) {
  std::replace(s.begin(), s.end(), '*', '%');
  return s;
}
}  // namespace

ConfigFilter::ConfigFilter(const SearchParams& params)
    : blur_(params.blur),
      data_id_(blur_ ? StarToPercent(params.data_id) : params.data_id),
      group_(blur_ ? StarToPercent(params.group) : params.group),
      app_name_(blur_ ? StarToPercent(params.app_name) : params.app_name),
      content_(params.content),
      tags_(SplitCommaList(params.config_tags)),
      types_(SplitCommaList(params.types)) {}

bool ConfigFilter::MatchField(const std::string& pattern, const std::string& value) const {
  if (IsBlank(pattern)) return true;
  return blur_ ? SqlLikeMatch(pattern, value) : pattern == value;
}

bool ConfigFilter::Matches(const ConfigItem& item) const {
  if (!MatchField(data_id_, item.key.data_id) || !MatchField(group_, item.key.group) ||
      !MatchField(app_name_, item.app_name)) {
    return false;
  }
  if (!content_.empty() && item.content.find(content_) == std::string::npos) return false;
  if (!types_.empty() && std::find(types_.begin(), types_.end(), item.type) == types_.end()) return false;
  if (!tags_.empty()) {
    auto item_tags = SplitCommaList(item.config_tags);
    bool any = std::any_of(tags_.begin(), tags_.end(), [&](const std::string& t) {
      return std::find(item_tags.begin(), item_tags.end(), t) != item_tags.end();
    });
    if (!any) return false;
  }
  return true;
}

}  // namespace lever::core
