// ConfigIndex: the in-memory copy of every stored item, so hot reads (GETs, listener md5 checks)
// never touch disk. Items are immutable and shared (shared_ptr<const>); an update replaces the
// entry of its key (copy on write), so a reader keeps a consistent view without holding a lock.
//
// Thread safety: all methods are thread safe. Mutations are made only by ConfigService's commit
// leader, one at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "core/config_types.h"

namespace lever::core {

using ItemPtr = std::shared_ptr<const ConfigItem>;

// Everything stored under one key: the formal item (may be null) and its gray variants.
struct ConfigEntry {
  ItemPtr formal;
  std::vector<ItemPtr> grays;  // at most one per gray_name

  ItemPtr FindGray(const std::string& gray_name) const;
  bool empty() const { return !formal && grays.empty(); }
};
using EntryPtr = std::shared_ptr<const ConfigEntry>;

class ConfigIndex {
 public:
  // The entry of `key`, or nullptr.
  EntryPtr Find(const ConfigKey& key) const;

  // The item of `key` and `gray_name` ("" = formal), or nullptr.
  ItemPtr FindItem(const ConfigKey& key, const std::string& gray_name) const;

  // Inserts or replaces the item (formal or gray, by item->gray_name).
  void Put(ItemPtr item);
  // Removes one variant; removes the key when nothing is left. No-op when absent.
  void Erase(const ConfigKey& key, const std::string& gray_name);

  // Visits the entries of one tenant in key order while holding a shared lock; `visit` must be
  // quick and must not call back into the index. Return false from `visit` to stop.
  void ForEachInTenant(const std::string& tenant,
                       const std::function<bool(const ConfigKey&, const ConfigEntry&)>& visit) const;

  // Every key held (all tenants), in key order.
  std::vector<ConfigKey> Keys() const;

  // Number of keys with a formal item, per tenant (namespace configCount).
  size_t CountInTenant(const std::string& tenant) const;
  size_t size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<ConfigKey, EntryPtr> entries_;  // GUARDED_BY(mutex_)
};

}  // namespace lever::core
