#include "local_files.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "internal.h"

namespace lever::detail {

namespace fs = std::filesystem;

namespace {

// A path component must not climb out of the base dir.
bool SafeComponent(const std::string& part) {
  return !part.empty() && part != "." && part != ".." && part.find('/') == std::string::npos &&
         part.find('\0') == std::string::npos;
}

std::optional<std::string> ReadWhole(const std::string& path) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

LocalFiles::LocalFiles(std::string snapshot_dir, std::string failover_dir,
                       const std::string& namespace_id)
    : snapshot_dir_(std::move(snapshot_dir)),
      failover_dir_(std::move(failover_dir)),
      tenant_(WireNamespace(namespace_id)) {}

std::string LocalFiles::PathUnder(const std::string& base, const char* plain,
                                  const char* tenant_dir, const ConfigKey& key) const {
  if (base.empty() || !SafeComponent(key.group) || !SafeComponent(key.data_id)) return "";
  fs::path path(base);
  if (tenant_.empty()) {
    path /= plain;
  } else {
    if (!SafeComponent(tenant_)) return "";
    path /= tenant_dir;
    path /= tenant_;
  }
  return (path / key.group / key.data_id).string();
}

std::string LocalFiles::SnapshotPath(const ConfigKey& key) const {
  return PathUnder(snapshot_dir_, "snapshot", "snapshot-tenant", key);
}

std::string LocalFiles::FailoverPath(const ConfigKey& key) const {
  if (failover_dir_.empty()) return "";
  return PathUnder((fs::path(failover_dir_) / "data").string(), "config-data",
                   "config-data-tenant", key);
}

std::optional<std::string> LocalFiles::ReadFailover(const ConfigKey& key) const {
  return ReadWhole(FailoverPath(key));
}

std::optional<std::string> LocalFiles::ReadSnapshot(const ConfigKey& key) const {
  return ReadWhole(SnapshotPath(key));
}

void LocalFiles::WriteSnapshot(const ConfigKey& key, std::string_view content) const {
  const std::string path = SnapshotPath(key);
  if (path.empty()) return;
  static std::atomic<uint64_t> counter{0};
  const std::string temp = path + ".tmp." + std::to_string(::getpid()) + "." +
                           std::to_string(counter.fetch_add(1));
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && WriteAll(fd, content) && ::fsync(fd) == 0;
  const int saved_errno = errno;
  if (fd >= 0) ::close(fd);
  ok = ok && ::rename(temp.c_str(), path.c_str()) == 0;
  if (!ok) {
    ::unlink(temp.c_str());
    ClientLog()->warn("event=snapshot_write_failed key={} path={} error=\"{}\"", key.ToString(),
                      path, std::strerror(saved_errno != 0 ? saved_errno : errno));
  }
}

void LocalFiles::RemoveSnapshot(const ConfigKey& key) const {
  const std::string path = SnapshotPath(key);
  if (path.empty()) return;
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace lever::detail
