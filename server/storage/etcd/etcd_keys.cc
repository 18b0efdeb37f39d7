#include "storage/etcd/etcd_keys.h"

#include <charconv>
#include <cstdio>

namespace lever::storage::etcd {
namespace {

std::string KeyParts(const core::ConfigKey& key) {
  std::string s;
  s.reserve(key.tenant.size() + key.group.size() + key.data_id.size() + 3);
  s.append(key.tenant).push_back('\0');
  s.append(key.group).push_back('\0');
  s.append(key.data_id).push_back('\0');
  return s;
}

std::optional<uint64_t> ParseDigits(std::string_view digits) {
  if (digits.size() != 20) return std::nullopt;
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

}  // namespace

std::string EtcdKeys::Item(const core::ConfigKey& key, const std::string& gray) const {
  return ItemPrefix() + KeyParts(key) + gray;
}

std::string EtcdKeys::HistoryIndexPrefix(const core::ConfigKey& key) const {
  return p_ + "hk/" + KeyParts(key);
}

std::optional<std::pair<core::ConfigKey, std::string>> EtcdKeys::ParseItem(std::string_view etcd_key) const {
  const std::string item_prefix = ItemPrefix();
  if (etcd_key.substr(0, item_prefix.size()) != item_prefix) return std::nullopt;
  std::string_view rest = etcd_key.substr(item_prefix.size());
  std::string parts[3];
  for (std::string& part : parts) {
    size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) return std::nullopt;
    part.assign(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  return std::make_pair(core::ConfigKey{parts[0], parts[1], parts[2]}, std::string(rest));
}

std::optional<uint64_t> EtcdKeys::TrailingNumber(std::string_view etcd_key) {
  if (etcd_key.size() < 20) return std::nullopt;
  return ParseDigits(etcd_key.substr(etcd_key.size() - 20));
}

std::string EtcdKeys::Padded(uint64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(n));
  return buf;
}

std::optional<uint64_t> EtcdKeys::ParseCounter(std::string_view value) {
  return ParseDigits(value.substr(0, 20));
}

}  // namespace lever::storage::etcd
