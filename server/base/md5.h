// MD5 as Nacos uses it: lowercase hex of the MD5 of the UTF-8 bytes of the content.
// An absent config has md5 "" (that is a protocol convention, not the MD5 of "").
#pragma once

#include <string>
#include <string_view>

namespace lever {

// Thread safe. Returns 32 lowercase hex characters.
std::string Md5Hex(std::string_view bytes);

}  // namespace lever
