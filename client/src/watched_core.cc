#include <spdlog/spdlog.h>

#include <condition_variable>

#include "base/md5.h"
#include "internal.h"
#include "lever/watched.h"

namespace lever::detail {

struct WatchedCore::Waiters {
  std::condition_variable cv;
};

WatchedCore::WatchedCore(ConfigKey key, ErasedParser parser, WatchedOptions options)
    : key_(std::move(key)),
      parser_(std::move(parser)),
      options_(std::move(options)),
      waiters_(std::make_shared<Waiters>()) {}

Result<void> WatchedCore::Offer(std::string_view content, bool deleted) {
  const std::string md5 = deleted ? std::string() : Md5Hex(content);
  {
    std::lock_guard lock(mu_);
    if (!deleted && current_ && md5 == stats_.current_md5) return Ok();  // same version again
  }
  // Parse outside the lock: readers and other offers are not held up by a slow parser.
  Result<std::shared_ptr<const void>> parsed =
      deleted ? Result<std::shared_ptr<const void>>(
                    MakeError(ErrorCode::kNotFound, key_.ToString() + ": the config was deleted"))
              : parser_(content);
  if (!parsed.ok()) {
    {
      std::lock_guard lock(mu_);
      ++stats_.rejected;
      stats_.last_error = parsed.error().ToString();
    }
    if (client_ != nullptr) client_->RecordRejectedVersion();
    ClientLog()->warn("event=config_rejected key={} md5={} error=\"{}\" kept_version={}", key_.ToString(),
                      md5, parsed.error().ToString(), version());
    if (options_.on_rejected) options_.on_rejected(Rejection{key_, md5, parsed.error()});
    return parsed.error();
  }
  uint64_t new_version = 0;
  {
    std::lock_guard lock(mu_);
    current_ = std::move(parsed).value();
    stats_.current_md5 = md5;
    new_version = ++stats_.accepted;
    stats_.version = new_version;
    // Published last, with release order: a reader that sees the new number finds current_ set.
    version_.store(new_version, std::memory_order_release);
  }
  waiters_->cv.notify_all();
  if (options_.on_updated) options_.on_updated(new_version);
  return Ok();
}

std::pair<std::shared_ptr<const void>, uint64_t> WatchedCore::Load() const {
  std::lock_guard lock(mu_);
  return {current_, stats_.version};
}

WatchedStats WatchedCore::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

bool WatchedCore::WaitForValue(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return waiters_->cv.wait_for(lock, timeout, [&] { return current_ != nullptr; });
}

}  // namespace lever::detail
