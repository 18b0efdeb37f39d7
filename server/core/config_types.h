// The config data model shared by core, storage, watch and the protocol adapters.
// Plain value types: no behaviour beyond comparisons, safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "base/compact_string.h"

namespace lever::core {

// Identity of a config. `tenant` is the namespace id, already normalised: the public namespace
// is always "" here (adapters accept "public", "null" and blank; see NormalizeTenant()).
struct ConfigKey {
  std::string tenant;
  std::string group;
  std::string data_id;

  auto operator<=>(const ConfigKey&) const = default;
  bool operator==(const ConfigKey&) const = default;
};

// Gray variants (nacos-protocol.md §10): "" is the formal config, "beta" the IP-gray variant,
// "tag_<tag>" a tag variant.
inline constexpr const char* kBetaGrayName = "beta";
inline std::string TagGrayName(const std::string& tag) { return "tag_" + tag; }

// One stored version of a config (formal or gray variant). Every item lives in memory (see
// ConfigIndex), so fields most configs leave empty are CompactStrings: 8 bytes when empty.
struct ConfigItem {
  using CompactString = base::CompactString;
  ConfigKey key;
  CompactString gray_name;  // "" = formal
  CompactString beta_ips;   // beta variant only: comma-separated client IPs
  CompactString tag;        // tag variant only

  std::string content;
  std::string md5;   // Md5Hex(content)
  std::string type;  // one of kConfigTypes; "text" when unset or unknown
  CompactString app_name;
  CompactString desc;
  CompactString use;
  CompactString effect;
  CompactString schema;
  CompactString config_tags;  // comma-separated, at most 5
  CompactString encrypted_data_key;
  std::string src_user;
  std::string src_ip;

  int64_t create_time_ms = 0;
  int64_t modify_time_ms = 0;
  uint64_t create_revision = 0;  // doubles as the Nacos config `id`
  uint64_t modify_revision = 0;

  uint64_t id() const { return create_revision; }
};

enum class HistoryOp : char { kInsert = 'I', kUpdate = 'U', kDelete = 'D' };

// One history row (Nacos his_config_info). I rows hold the new content, U and D rows hold the
// content as it was before the change (nacos-protocol.md §2.3).
struct HistoryEntry {
  uint64_t nid = 0;        // = the revision of the change
  uint64_t config_id = 0;  // the item's create_revision
  ConfigKey key;
  std::string gray_name;  // "" = formal
  HistoryOp op = HistoryOp::kInsert;
  std::string content;
  std::string md5;
  std::string type;
  std::string app_name;
  std::string encrypted_data_key;
  std::string src_user;
  std::string src_ip;
  int64_t time_ms = 0;
};

// Namespace record. The public namespace ("") is implicit and never stored.
struct Namespace {
  std::string id;
  std::string show_name;
  std::string desc;
  int64_t create_time_ms = 0;
};

// What watchers learn about a committed change of a key. Nacos pushes carry only the key, so the
// event carries what is needed to decide whether a listener is stale, not the content.
struct ChangeEvent {
  ConfigKey key;
  uint64_t revision = 0;
  std::string formal_md5;  // md5 of the formal config after the change, "" when absent
};

inline const std::vector<std::string>& ConfigTypes() {
  static const std::vector<std::string> kTypes = {"properties", "xml",  "json", "text",
                                                  "html",       "yaml", "toml", "unset"};
  return kTypes;
}

}  // namespace lever::core
