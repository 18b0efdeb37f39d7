// The local IP address the client reports as Metadata.clientIp (nacos-protocol.md §8.2).
#pragma once

#include <string>

namespace lever::detail {

// The source address the kernel would use to reach `host` (resolved, IPv4 or IPv6); "127.0.0.1"
// when it cannot tell. Sends no packet.
std::string LocalAddressFor(const std::string& host);

}  // namespace lever::detail
