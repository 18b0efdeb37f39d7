// LoginLimiter: per-client-IP budget of failed password checks (login endpoints and
// username/password parameters alike), a token bucket: `burst` failures at once, refilled at
// `burst` per minute. An IP whose bucket is empty is refused before its password is even checked,
// so brute force runs at most `burst` guesses per minute per address.
//
// Thread safe. Time is passed in (steady milliseconds), so tests need no clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lever::auth {

class LoginLimiter {
 public:
  // `burst` >= 1. At most `max_tracked_ips` addresses are remembered; past that, full buckets are
  // forgotten first, then the whole table (memory stays bounded under address spraying).
  explicit LoginLimiter(int burst = 10, size_t max_tracked_ips = 100000);

  // Whether `ip` may attempt a password check now.
  bool Allow(const std::string& ip, int64_t now_ms);
  // Records a failed password check of `ip`.
  void RecordFailure(const std::string& ip, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t updated_ms = 0;
  };
  void Refill(Bucket& bucket, int64_t now_ms) const;

  const int burst_;
  const size_t max_tracked_ips_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mutex_)
};

}  // namespace lever::auth
