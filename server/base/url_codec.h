// application/x-www-form-urlencoded encoding with the exact behaviour of Java's URLEncoder and
// URLDecoder, which the Nacos long-poll protocol depends on (nacos-protocol.md §5).
#pragma once

#include <string>
#include <string_view>

namespace lever {

// Java URLEncoder.encode(s, "UTF-8"): [A-Za-z0-9.*_-] stay, space -> '+', every other byte -> %XX
// (uppercase hex).
std::string FormUrlEncode(std::string_view s);

// Java URLDecoder.decode(s, "UTF-8"): '+' -> space, %XX -> byte. A malformed escape ('%' not
// followed by two hex digits) is kept literally instead of throwing.
std::string FormUrlDecode(std::string_view s);

// Percent-decoding of a URL path: %XX -> byte, '+' stays '+'. Malformed escapes are kept.
std::string UrlPathDecode(std::string_view s);

}  // namespace lever
