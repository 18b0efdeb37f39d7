#include "auth/password_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <vector>

#include "auth/token_codec.h"

namespace lever::auth {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// Bounds what a corrupt or hostile stored hash can make a login cost.
constexpr int kMaxIterations = 10'000'000;

std::string Derive(const std::string& password, const std::string& salt, int iterations) {
  std::string out(kHashBytes, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(out.size()),
                        reinterpret_cast<unsigned char*>(out.data())) != 1) {
    return "";
  }
  return out;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t pos; (pos = s.find(sep, start)) != std::string::npos; start = pos + 1) {
    parts.push_back(s.substr(start, pos - start));
  }
  parts.push_back(s.substr(start));
  return parts;
}

}  // namespace

StatusOr<std::string> RandomBytes(size_t bytes) {
  std::string out(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(bytes)) != 1) {
    return Status::Internal("random source failed");
  }
  return out;
}

StatusOr<std::string> RandomPassword(size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr size_t kAlphabetSize = sizeof(kAlphabet) - 1;  // 62
  std::string out;
  while (out.size() < length) {
    StatusOr<std::string> bytes = RandomBytes(length);
    if (!bytes.ok()) return bytes.status();
    for (unsigned char b : *bytes) {
      // Rejection sampling keeps every character equally likely (248 = 4 x 62).
      if (b < 248 && out.size() < length) out.push_back(kAlphabet[b % kAlphabetSize]);
    }
  }
  return out;
}

StatusOr<std::string> HashPassword(const std::string& password, int iterations) {
  StatusOr<std::string> salt = RandomBytes(kSaltBytes);
  if (!salt.ok()) return salt.status();
  std::string hash = Derive(password, *salt, iterations);
  if (hash.empty()) return Status::Internal("PBKDF2 failed");
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + Base64Encode(*salt) +
         "$" + Base64Encode(hash);
}

bool VerifyPassword(const std::string& password, const std::string& encoded) {
  std::vector<std::string> parts = Split(encoded, '$');
  if (parts.size() != 4 || parts[0] != kScheme) return false;
  int iterations = 0;
  auto [ptr, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc() || ptr != parts[1].data() + parts[1].size() || iterations < 1 ||
      iterations > kMaxIterations) {
    return false;
  }
  std::optional<std::string> salt = Base64Decode(parts[2]);
  std::optional<std::string> expected = Base64Decode(parts[3]);
  if (!salt || !expected || expected->size() != kHashBytes) return false;
  std::string actual = Derive(password, *salt, iterations);
  return actual.size() == expected->size() &&
         CRYPTO_memcmp(actual.data(), expected->data(), actual.size()) == 0;
}

}  // namespace lever::auth
