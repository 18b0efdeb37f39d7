// Wall-clock helpers. Times on the wire are epoch milliseconds (Nacos convention).
#pragma once

#include <cstdint>
#include <string>

namespace lever {

int64_t NowEpochMillis();

// RFC 7231 IMF-fixdate, e.g. "Tue, 11 Mar 2025 04:02:56 GMT" (for Last-Modified).
std::string HttpDate(int64_t epoch_millis);

// ISO-8601 with milliseconds and UTC offset, e.g. "2025-03-11T04:02:56.000+00:00" (the Spring
// Boot Jackson format used in history rows).
std::string IsoDateTime(int64_t epoch_millis);

}  // namespace lever
