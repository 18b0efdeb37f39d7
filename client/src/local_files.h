// The client's local copies of configs: the snapshot it writes itself and the failover directory an
// operator maintains. Both use the Nacos Java client's layout (see ClientOptions). Thread safe:
// every method works on whole files; writes are atomic (temp file + fsync + rename), so a reader
// never sees a half-written snapshot.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lever/config_client.h"

namespace lever::detail {

class LocalFiles {
 public:
  LocalFiles(std::string snapshot_dir, std::string failover_dir, const std::string& namespace_id);

  // The failover file's content, or nullopt when there is none (or no failover dir).
  std::optional<std::string> ReadFailover(const ConfigKey& key) const;
  std::optional<std::string> ReadSnapshot(const ConfigKey& key) const;
  // Failures are logged, not returned: a snapshot is best effort and never fails a call.
  void WriteSnapshot(const ConfigKey& key, std::string_view content) const;
  void RemoveSnapshot(const ConfigKey& key) const;

  // Paths ("" when the dir is not configured or the key cannot be a safe file name).
  std::string SnapshotPath(const ConfigKey& key) const;
  std::string FailoverPath(const ConfigKey& key) const;

 private:
  std::string PathUnder(const std::string& base, const char* plain, const char* tenant_dir,
                        const ConfigKey& key) const;

  std::string snapshot_dir_;
  std::string failover_dir_;
  std::string tenant_;  // "" for the public namespace
};

}  // namespace lever::detail
