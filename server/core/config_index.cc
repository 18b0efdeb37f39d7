#include "core/config_index.h"

#include <algorithm>
#include <mutex>

namespace lever::core {

ItemPtr ConfigEntry::FindGray(const std::string& gray_name) const {
  for (const auto& g : grays) {
    if (g->gray_name == gray_name) return g;
  }
  return nullptr;
}

EntryPtr ConfigIndex::Find(const ConfigKey& key) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

ItemPtr ConfigIndex::FindItem(const ConfigKey& key, const std::string& gray_name) const {
  EntryPtr entry = Find(key);
  if (!entry) return nullptr;
  return gray_name.empty() ? entry->formal : entry->FindGray(gray_name);
}

void ConfigIndex::Put(ItemPtr item) {
  std::unique_lock lock(mutex_);
  auto& slot = entries_[item->key];
  auto next = slot ? std::make_shared<ConfigEntry>(*slot) : std::make_shared<ConfigEntry>();
  if (item->gray_name.empty()) {
    next->formal = std::move(item);
  } else {
    auto it = std::find_if(next->grays.begin(), next->grays.end(),
                           [&](const ItemPtr& g) { return g->gray_name == item->gray_name; });
    if (it != next->grays.end()) {
      *it = std::move(item);
    } else {
      next->grays.push_back(std::move(item));
    }
  }
  slot = std::move(next);
}

void ConfigIndex::Erase(const ConfigKey& key, const std::string& gray_name) {
  std::unique_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  auto next = std::make_shared<ConfigEntry>(*it->second);
  if (gray_name.empty()) {
    next->formal = nullptr;
  } else {
    std::erase_if(next->grays, [&](const ItemPtr& g) { return g->gray_name == gray_name; });
  }
  if (next->empty()) {
    entries_.erase(it);
  } else {
    it->second = std::move(next);
  }
}

void ConfigIndex::ForEachInTenant(
    const std::string& tenant,
    const std::function<bool(const ConfigKey&, const ConfigEntry&)>& visit) const {
  std::shared_lock lock(mutex_);
  for (auto it = entries_.lower_bound(ConfigKey{tenant, "", ""});
       it != entries_.end() && it->first.tenant == tenant; ++it) {
    if (!visit(it->first, *it->second)) return;
  }
}

size_t ConfigIndex::CountInTenant(const std::string& tenant) const {
  size_t n = 0;
  ForEachInTenant(tenant, [&](const ConfigKey&, const ConfigEntry& e) {
    if (e.formal) ++n;
    return true;
  });
  return n;
}

size_t ConfigIndex::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

std::vector<ConfigKey> ConfigIndex::Keys() const {
  std::shared_lock lock(mutex_);
  std::vector<ConfigKey> keys;
  keys.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) keys.push_back(key);
  return keys;
}

}  // namespace lever::core
