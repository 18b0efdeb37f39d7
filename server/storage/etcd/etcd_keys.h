// EtcdKeys — the layout of Lever's records in etcd, under one prefix (default "/lever/"):
//
//   <p>rev                          the Lever revision counter: 20 decimal digits, '/', a nonce
//                                   (fixed width, so etcd's byte-wise LESS compare is numeric)
//   <p>i/<tenant>\0<group>\0<dataId>\0<gray>   config items (EncodeConfigItem)
//   <p>n/<id>                       namespaces (EncodeNamespace)
//   <p>h/<nid, 20 digits>           history rows (EncodeHistoryEntry)
//   <p>hk/<tenant>\0<group>\0<dataId>\0<nid, 20 digits>   history index by key (empty value)
//   <p>a/<key>                      auth records
//   <p>nodes/<host:port>            live lever-server nodes (JSON, attached to a lease)
//
// NUL cannot occur in validated tenants, groups, data ids or gray names, so it separates the
// key parts unambiguously and a key's history index never shares a prefix with another key's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/config_types.h"

namespace lever::storage::etcd {

class EtcdKeys {
 public:
  explicit EtcdKeys(std::string prefix) : p_(std::move(prefix)) {}

  const std::string& prefix() const { return p_; }
  std::string Revision() const { return p_ + "rev"; }
  std::string ItemPrefix() const { return p_ + "i/"; }
  std::string Item(const core::ConfigKey& key, const std::string& gray) const;
  std::string NamespacePrefix() const { return p_ + "n/"; }
  std::string Namespace(const std::string& id) const { return NamespacePrefix() + id; }
  std::string HistoryPrefix() const { return p_ + "h/"; }
  std::string History(uint64_t nid) const { return HistoryPrefix() + Padded(nid); }
  std::string HistoryIndexPrefix(const core::ConfigKey& key) const;
  std::string HistoryIndex(const core::ConfigKey& key, uint64_t nid) const {
    return HistoryIndexPrefix(key) + Padded(nid);
  }
  std::string AuthPrefix() const { return p_ + "a/"; }
  std::string NodePrefix() const { return p_ + "nodes/"; }

  // Parses an item key back into (key, gray); nullopt when `etcd_key` is not one.
  std::optional<std::pair<core::ConfigKey, std::string>> ParseItem(std::string_view etcd_key) const;
  // Trailing 20-digit number of a history or index key; nullopt when malformed.
  static std::optional<uint64_t> TrailingNumber(std::string_view etcd_key);

  // 20 decimal digits, zero padded.
  static std::string Padded(uint64_t n);
  // Value of the revision counter key: Padded(revision) + "/" + nonce.
  static std::string CounterValue(uint64_t revision, const std::string& nonce) {
    return Padded(revision) + "/" + nonce;
  }
  // The revision in a counter value; nullopt when malformed.
  static std::optional<uint64_t> ParseCounter(std::string_view value);

 private:
  std::string p_;
};

}  // namespace lever::storage::etcd
