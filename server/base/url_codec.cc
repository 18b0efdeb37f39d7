#include "base/url_codec.h"

namespace lever {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '*' || c == '_';
}

}  // namespace

std::string FormUrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

namespace {

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // Copy the run up to the next escape (or '+') in one go.
    size_t run = i;
    while (run < s.size() && s[run] != '%' && !(plus_is_space && s[run] == '+')) ++run;
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    if (s[i] == '+') {
      out.push_back(' ');
      ++i;
    } else if (i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 3;
    } else {
      out.push_back('%');  // malformed escape: kept literally
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string FormUrlDecode(std::string_view s) { return PercentDecode(s, true); }

std::string UrlPathDecode(std::string_view s) { return PercentDecode(s, false); }

}  // namespace lever
