// The long-poll wire format (nacos-protocol.md §5.1, §5.3): parsing `Listening-Configs` and
// encoding the changed-keys body. Pure functions, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace lever::http {

inline constexpr char kFieldSeparator = '\x02';
inline constexpr char kRecordSeparator = '\x01';

struct ListenRecord {
  std::string data_id;
  std::string group;
  std::string md5;     // "" when the client has no content
  std::string tenant;  // as sent; "" for the 3-field form
};

// Parses the form-decoded value of `Listening-Configs`. Like Nacos it URL-decodes the value once
// more first, and only records terminated by ^1 count. Errors (InvalidArgument): blank input
// ("invalid probeModify"), a record of more than 4 fields ("invalid protocol,too much key") or
// fewer than 3, more than `max_records` records ("invalid protocol, too much listener").
StatusOr<std::vector<ListenRecord>> ParseListeningConfigs(std::string_view value, size_t max_records);

// urlencode(dataId ^2 group [^2 tenant] ^1 ...) + "\n", as Java URLEncoder writes it.
std::string EncodeChangedKeys(const std::vector<ListenRecord>& changed);

}  // namespace lever::http
