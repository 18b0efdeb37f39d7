#include "auth/signing_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "auth/account_store.h"
#include "auth/password_hash.h"
#include "storage/store.h"

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

std::string ToHex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

StatusOr<std::string> FromHex(const std::string& hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::Internal("malformed shared signing key record");
    out += static_cast<char>(hi << 4 | lo);
  }
  if (hex.size() % 2 != 0 || out.size() < kKeyBytes) return Status::Internal("malformed shared signing key record");
  return out;
}

}  // namespace

StatusOr<std::string> LoadOrCreateSharedSigningKey(storage::Store& store) {
  StatusOr<std::string> fresh = RandomBytes(kKeyBytes);
  if (!fresh.ok()) return fresh.status();
  Status created = store.CreateAuthRecord(kSharedSigningKeyRecord, ToHex(*fresh));
  if (created.ok()) return fresh;
  if (created.code() != StatusCode::kAlreadyExists) return created;
  StatusOr<std::vector<storage::AuthRecord>> records = store.ListAuthRecords(kSharedSigningKeyRecord);
  if (!records.ok()) return records.status();
  for (const storage::AuthRecord& r : *records) {
    if (r.key == kSharedSigningKeyRecord) return FromHex(r.value);
  }
  return Status::Internal("shared signing key record vanished");
}

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
