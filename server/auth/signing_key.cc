#include "auth/signing_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "auth/password_hash.h"

namespace lever::auth {
namespace {

constexpr size_t kKeyBytes = 32;

Status Errno(const std::string& what, const std::string& path) {
  return Status::Internal(what + " " + path + ": " + std::strerror(errno));
}

StatusOr<std::string> ReadKey(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open signing key", path);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) ::fchmod(fd, 0600);
  std::string key(256, '\0');
  const ssize_t n = ::read(fd, key.data(), key.size());
  ::close(fd);
  if (n < 0) return Errno("cannot read signing key", path);
  key.resize(static_cast<size_t>(n));
  if (key.size() < kKeyBytes) return Status::Internal("signing key " + path + " is too short");
  return key;
}

}  // namespace

StatusOr<std::string> LoadOrCreateSigningKey(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::Internal("cannot create " + path + ": " + ec.message());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return ReadKey(path);
    return Errno("cannot create signing key", path);
  }
  StatusOr<std::string> key = RandomBytes(kKeyBytes);
  bool written = key.ok() && ::write(fd, key->data(), key->size()) ==
                                 static_cast<ssize_t>(key->size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());  // never leave a half-written key behind
    return key.ok() ? Errno("cannot write signing key", path) : key.status();
  }
  return key;
}

}  // namespace lever::auth
