#include "auth/login_limiter.h"

#include <algorithm>
#include <iterator>

namespace lever::auth {

LoginLimiter::LoginLimiter(int burst, size_t max_tracked_ips)
    : burst_(std::max(1, burst)), max_tracked_ips_(std::max<size_t>(1, max_tracked_ips)) {}

void LoginLimiter::Refill(Bucket& bucket, int64_t now_ms) const {
  const double per_ms = burst_ / 60000.0;
  bucket.tokens = std::min<double>(burst_, bucket.tokens + (now_ms - bucket.updated_ms) * per_ms);
  bucket.updated_ms = now_ms;
}

bool LoginLimiter::Allow(const std::string& ip, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(ip);
  if (it == buckets_.end()) return true;
  Refill(it->second, now_ms);
  return it->second.tokens >= 1.0;
}

void LoginLimiter::RecordFailure(const std::string& ip, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(ip);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_tracked_ips_) {
      for (auto b = buckets_.begin(); b != buckets_.end();) {
        Refill(b->second, now_ms);
        b = b->second.tokens >= burst_ ? buckets_.erase(b) : std::next(b);
      }
      if (buckets_.size() >= max_tracked_ips_) buckets_.clear();
    }
    it = buckets_.emplace(ip, Bucket{static_cast<double>(burst_), now_ms}).first;
  }
  Refill(it->second, now_ms);
  it->second.tokens = std::max(0.0, it->second.tokens - 1.0);
}

}  // namespace lever::auth
