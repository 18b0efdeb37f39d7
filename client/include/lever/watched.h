// lever::Watched<T>: a typed, live, immutable snapshot of one config.
//
// A Watched<T> listens to one config, parses each new version with your function into an
// immutable T and swaps it in atomically. Worker threads read the current T without a lock:
//
//   struct Settings { double ratio; };
//   lever::Result<Settings> ParseSettings(std::string_view content);
//
//   auto settings = lever::Watched<Settings>::Create(*client, {"app.properties"}, ParseSettings);
//   // in each worker thread:
//   auto reader = (*settings)->NewReader();
//   for (;;) {
//     const Settings* s = reader.get();   // one atomic load when nothing changed
//     if (s != nullptr) use(s->ratio);
//   }
//
// Versions that fail to parse/validate are rejected: the last good T stays in place, and the
// rejection is logged (logger "lever.client", event=config_rejected), counted (stats().rejected
// and the client's metrics().versions_rejected) and reported to WatchedOptions::on_rejected.
//
// Reads: Reader::get() costs one acquire load of a version counter that only writers touch, so
// readers share its cache line and do not slow each other down; the first read after a new
// version takes a mutex once to pick up the new pointer. The T a Reader returned stays valid
// until that Reader's next get() (or its destruction). Get() is a convenient, slower accessor
// (mutex + shared_ptr copy) for code that is not on a hot path.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "lever/config_client.h"
#include "lever/result.h"

namespace lever {

// A version that Watched<T> refused.
struct Rejection {
  ConfigKey key;
  std::string md5;  // md5 of the refused content
  Error error;      // what the parser said (kInvalidArgument, message names the key)
};

struct WatchedOptions {
  // Called after a version was rejected, on the client's callback thread (or on the thread that
  // called Offer()). Must not block for long.
  std::function<void(const Rejection&)> on_rejected;
  // Called after a new version was swapped in, with its version number (1, 2, ...).
  std::function<void(uint64_t version)> on_updated;
};

struct WatchedStats {
  uint64_t version = 0;   // number of accepted versions; 0: no good value yet
  uint64_t accepted = 0;  // same as version
  uint64_t rejected = 0;
  std::string current_md5;  // md5 of the content behind the current T
  std::string last_error;   // message of the latest rejection ("" if none)
};

namespace detail {

// The type-erased machinery behind Watched<T> (src/watched_core.cc). Thread safe.
class WatchedCore {
 public:
  using ErasedParser = std::function<Result<std::shared_ptr<const void>>(std::string_view)>;

  WatchedCore(ConfigKey key, ErasedParser parser, WatchedOptions options);

  // Parses `content`; on success swaps it in (unless md5 equals the current one) and returns Ok,
  // else keeps the current value and reports the rejection. `deleted` versions are rejected.
  Result<void> Offer(std::string_view content, bool deleted = false);

  uint64_t version() const { return version_.load(std::memory_order_acquire); }
  // The current value and the version it belongs to, read together.
  std::pair<std::shared_ptr<const void>, uint64_t> Load() const;
  WatchedStats stats() const;
  // Waits until a good value exists; false on timeout.
  bool WaitForValue(std::chrono::milliseconds timeout) const;
  // Rejections are also counted in this client's metrics (may be null).
  void set_client(ConfigClient* client) { client_ = client; }
  const ConfigKey& key() const { return key_; }

 private:
  alignas(64) std::atomic<uint64_t> version_{0};  // read by every reader; written per version
  alignas(64) mutable std::mutex mu_;
  std::shared_ptr<const void> current_;
  WatchedStats stats_;
  ConfigKey key_;
  ErasedParser parser_;
  WatchedOptions options_;
  ConfigClient* client_ = nullptr;
  struct Waiters;
  std::shared_ptr<Waiters> waiters_;
};

}  // namespace detail

template <class T>
class Watched {
 public:
  using Parser = std::function<Result<T>(std::string_view content)>;

  // Watches `key` on `client`: fetches the current value now (so on return get() has a value if
  // the config exists, is in the snapshot or the failover dir, and parses), then follows every
  // change. The client must outlive the Watched. Fails only if the listener cannot be added.
  static Result<std::unique_ptr<Watched>> Create(ConfigClient& client, ConfigKey key, Parser parser,
                                                 WatchedOptions options = {}) {
    std::unique_ptr<Watched> watched(new Watched(key, std::move(parser), std::move(options)));
    watched->core_->set_client(&client);
    if (auto initial = client.Get(key); initial.ok()) (void)watched->Offer(initial->content);
    auto core = watched->core_;
    auto handle = client.AddListener(key, [core](const ConfigEvent& event) {
      (void)core->Offer(event.config.content, event.deleted);
    });
    if (!handle.ok()) return handle.error();
    watched->handle_ = std::move(handle).value();
    return watched;
  }

  // A Watched fed by hand through Offer() (tests, files, other sources).
  explicit Watched(Parser parser, WatchedOptions options = {})
      : Watched(ConfigKey{}, std::move(parser), std::move(options)) {}

  // Parses `content` and swaps it in, or rejects it (see the file comment). Thread safe.
  Result<void> Offer(std::string_view content) { return core_->Offer(content); }

  // Per-thread lock-free reader. Not thread safe itself: one Reader per thread. May outlive the
  // Watched (it then keeps the last value it saw).
  class Reader {
   public:
    // The current T, or nullptr before the first good version.
    const T* get() {
      if (core_->version() != seen_) Refresh();
      return cached_;
    }
    const T* operator->() { return get(); }
    // The version get() last returned (0 = none).
    uint64_t version() const { return seen_; }

   private:
    friend class Watched;
    explicit Reader(std::shared_ptr<detail::WatchedCore> core) : core_(std::move(core)) {}
    void Refresh() {
      auto [value, version] = core_->Load();
      holder_ = std::move(value);
      cached_ = static_cast<const T*>(holder_.get());
      seen_ = version;
    }
    std::shared_ptr<detail::WatchedCore> core_;
    std::shared_ptr<const void> holder_;
    const T* cached_ = nullptr;
    uint64_t seen_ = 0;
  };

  Reader NewReader() const { return Reader(core_); }

  // The current T (shared, immutable), or nullptr before the first good version. Takes a mutex.
  std::shared_ptr<const T> Get() const {
    return std::static_pointer_cast<const T>(core_->Load().first);
  }
  uint64_t version() const { return core_->version(); }
  WatchedStats stats() const { return core_->stats(); }
  bool WaitForValue(std::chrono::milliseconds timeout) const { return core_->WaitForValue(timeout); }

 private:
  Watched(ConfigKey key, Parser parser, WatchedOptions options)
      : core_(std::make_shared<detail::WatchedCore>(
            std::move(key),
            [parser = std::move(parser)](std::string_view content)
                -> Result<std::shared_ptr<const void>> {
              Result<T> parsed = parser(content);
              if (!parsed.ok()) return parsed.error();
              return std::shared_ptr<const void>(std::make_shared<const T>(std::move(parsed).value()));
            },
            std::move(options))) {}

  std::shared_ptr<detail::WatchedCore> core_;
  ListenerHandle handle_;  // declared last: removed first on destruction
};

}  // namespace lever
