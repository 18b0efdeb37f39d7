#include "http_long_poll.h"

#include <spdlog/spdlog.h>

#include "internal.h"

namespace lever::detail {

void HttpTransport::StartWatching(WatchSink* sink) {
  sink_ = sink;
  thread_ = std::thread([this] { PollLoop(); });
}

void HttpTransport::ListenSetChanged() {
  {
    std::lock_guard lock(mu_);
    listen_changed_ = true;
  }
  cv_.notify_all();
  canceller_.Cancel();
}

void HttpTransport::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  canceller_.Cancel();
  if (thread_.joinable()) thread_.join();
}

void HttpTransport::PollLoop() {
  NameThisThread("lever-longpoll");
  Backoff backoff(options_.backoff_min, options_.backoff_max);
  bool up = false;
  for (;;) {
    auto keys = sink_->ListenedKeys();
    bool no_hangup = false;
    {
      std::unique_lock lock(mu_);
      if (keys.empty() && !stopping_) {
        cv_.wait(lock, [&] { return stopping_ || listen_changed_; });
        listen_changed_ = false;
        canceller_.Reset();
        continue;
      }
      if (stopping_) return;
      no_hangup = listen_changed_;
      listen_changed_ = false;
      canceller_.Reset();
    }
    auto changed = api_.LongPoll(keys, no_hangup, &canceller_);
    if (changed.ok()) {
      backoff.Reset();
      if (!up) {
        up = true;
        sink_->OnConnection(true, api_.current_server());
        sink_->MarkDirty({});  // re-fetch everything: changes while we were away are not lost
        sink_->WaitClean(options_.request_timeout * 2);
      }
      if (!changed->empty()) {
        sink_->MarkDirty(*changed);
        sink_->WaitClean(options_.request_timeout * 2);
      }
      continue;
    }
    if (changed.error().message == "cancelled") continue;
    if (up) {
      up = false;
      sink_->OnConnection(false, api_.current_server());
    }
    const auto pause = backoff.Next();
    ClientLog()->warn("event=long_poll_failed error=\"{}\" retry_ms={}", changed.error().ToString(),
                      pause.count());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, pause, [&] { return stopping_; });
  }
}

}  // namespace lever::detail
