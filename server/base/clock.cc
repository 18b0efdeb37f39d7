#include "base/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lever {

int64_t NowEpochMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string HttpDate(int64_t epoch_millis) {
  std::time_t t = static_cast<std::time_t>(epoch_millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string IsoDateTime(int64_t epoch_millis) {
  std::time_t t = static_cast<std::time_t>(epoch_millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[96];
  std::snprintf(out, sizeof out, "%s.%03d+00:00", buf, static_cast<int>(epoch_millis % 1000));
  return out;
}

}  // namespace lever
