#include "auth/token_codec.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

namespace lever::auth {
namespace {

using Json = nlohmann::json;

constexpr const char* kInvalid = "token invalid!";
constexpr const char* kExpired = "token expired!";
// Bounds the work an absurd token can cause before it is rejected.
constexpr size_t kMaxTokenBytes = 4096;

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out = Base64Encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string std_text(text);
  for (char& c : std_text) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/' || c == '=') {
      return std::nullopt;  // not base64url
    }
  }
  while (std_text.size() % 4 != 0) std_text.push_back('=');
  return Base64Decode(std_text);
}

std::string Hmac(const std::string& key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(3 * (text.size() / 4), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock keeps the bytes of the padding; drop them.
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string SignToken(const std::string& key, const TokenClaims& claims) {
  static const std::string kHeader = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})");
  Json payload = {{"sub", claims.subject}, {"exp", claims.expires_at_s}};
  std::string signing_input = kHeader + "." + Base64UrlEncode(payload.dump());
  return signing_input + "." + Base64UrlEncode(Hmac(key, signing_input));
}

StatusOr<TokenClaims> VerifyToken(const std::string& key, std::string_view token, int64_t now_s) {
  const Status invalid = Status::Unauthenticated(kInvalid);
  if (token.size() > kMaxTokenBytes) return invalid;
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return invalid;
  }
  // Compared as text, so only the canonical encoding passes: base64url's last character carries
  // unused bits, and decoding first would accept up to 4 spellings of one signature.
  const std::string_view signature = token.substr(dot2 + 1);
  const std::string expected = Base64UrlEncode(Hmac(key, token.substr(0, dot2)));
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return invalid;
  }
  std::optional<std::string> header = Base64UrlDecode(token.substr(0, dot1));
  std::optional<std::string> payload = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return invalid;
  Json h = Json::parse(*header, nullptr, /*allow_exceptions=*/false);
  Json p = Json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  if (!h.is_object() || h.value("alg", "") != "HS256" || !p.is_object()) return invalid;
  auto sub = p.find("sub");
  auto exp = p.find("exp");
  if (sub == p.end() || !sub->is_string() || sub->get<std::string>().empty() || exp == p.end() ||
      !exp->is_number_integer()) {
    return invalid;
  }
  TokenClaims claims{sub->get<std::string>(), exp->get<int64_t>()};
  if (claims.expires_at_s <= now_s) return Status::Unauthenticated(kExpired);
  return claims;
}

}  // namespace lever::auth
