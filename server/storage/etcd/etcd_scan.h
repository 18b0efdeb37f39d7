// Paged prefix scans and whole-state snapshots over EtcdClient, shared by EtcdStore and its
// change feed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <mvccpb/kv.pb.h>

#include "base/status.h"
#include "core/config_types.h"
#include "storage/etcd/etcd_client.h"
#include "storage/etcd/etcd_keys.h"

namespace lever::storage::etcd {

// Visits every key in [begin, end) in key order, in pages, all read at one etcd revision:
// `*revision` (0 = the latest; set to the revision actually read at). `visit` returns false to
// stop early.
Status ScanRange(EtcdClient& client, const std::string& begin, const std::string& end, int64_t* revision,
                 const std::function<bool(const mvccpb::KeyValue&)>& visit, bool keys_only = false);

// ScanRange over [begin, end) that decodes each value with `decode` (bytes -> StatusOr<T>) into
// `out`, stopping at the first corrupt record (its error is returned) or when `out` holds `limit`.
template <typename T, typename Decode>
Status ScanDecoded(EtcdClient& client, const std::string& begin, const std::string& end, int64_t* revision,
                   Decode decode, std::vector<T>* out, size_t limit = SIZE_MAX) {
  Status decode_error;
  Status scanned = ScanRange(client, begin, end, revision, [&](const mvccpb::KeyValue& kv) {
    auto value = decode(kv.value());
    if (!value.ok()) {
      decode_error = value.status();
      return false;
    }
    out->push_back(std::move(*value));
    return out->size() < limit;
  });
  return scanned.ok() ? decode_error : scanned;
}

// Everything a server holds in memory, read at one etcd revision.
struct EtcdSnapshot {
  std::vector<core::ConfigItem> items;
  std::vector<core::Namespace> namespaces;
  uint64_t lever_revision = 0;
  int64_t etcd_revision = 0;
};
Status LoadSnapshot(EtcdClient& client, const EtcdKeys& keys, EtcdSnapshot* out);

}  // namespace lever::storage::etcd
