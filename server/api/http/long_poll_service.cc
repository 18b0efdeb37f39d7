#include "api/http/long_poll_service.h"

#include "base/thread_name.h"
#include "watch/watch_hub.h"

namespace lever::http {

// One held poll: what it watches, for whom, and its callback.
class LongPollService::Waiter : public watch::Watcher, public std::enable_shared_from_this<Waiter> {
 public:
  Waiter(LongPollService* service, std::vector<PollKey> keys, core::ReadContext reader, Completion done)
      : service_(service), keys_(std::move(keys)), reader_(std::move(reader)), done_(std::move(done)) {}

  // On the committing writer's thread: note the key and queue the waiter once; never blocks.
  void OnConfigChanged(const core::ChangeEvent& event) override {
    {
      std::lock_guard lock(mutex_);
      if (finished_) return;
      for (size_t i = 0; i < keys_.size(); ++i) {
        if (keys_[i].key == event.key) signaled_.insert(i);
      }
      if (queued_ || signaled_.empty()) return;
      queued_ = true;
    }
    service_->Schedule(shared_from_this());
  }

  // Takes the signaled indices (and clears the queued mark); false when already finished.
  bool TakeSignaled(std::set<size_t>& out) {
    std::lock_guard lock(mutex_);
    queued_ = false;
    out = std::exchange(signaled_, {});
    return !finished_;
  }
  // True for the one caller that finishes the poll.
  bool MarkFinished() {
    std::lock_guard lock(mutex_);
    return !std::exchange(finished_, true);
  }

  const std::vector<PollKey>& keys() const { return keys_; }
  const core::ReadContext& reader() const { return reader_; }
  Completion& done() { return done_; }
  std::multimap<Clock::time_point, WaiterPtr>::iterator hold;  // GUARDED_BY(service mutex_)
  bool held = false;                                            // GUARDED_BY(service mutex_)

 private:
  LongPollService* const service_;
  const std::vector<PollKey> keys_;
  const core::ReadContext reader_;
  Completion done_;
  std::mutex mutex_;
  std::set<size_t> signaled_;  // GUARDED_BY(mutex_)
  bool queued_ = false;        // GUARDED_BY(mutex_)
  bool finished_ = false;      // GUARDED_BY(mutex_)
};

LongPollService::LongPollService(core::ConfigService* service, watch::WatchHub* hub, LongPollOptions options)
    : service_(service), hub_(hub), options_(options) {
  for (size_t i = 0; i < std::max<size_t>(1, options_.completer_threads); ++i) {
    completers_.emplace_back([this] { RunCompleter(); });
  }
}

LongPollService::~LongPollService() { Shutdown(); }

int64_t LongPollService::HoldMillis(int64_t timeout_ms) const {
  return std::max(options_.min_hold_ms, timeout_ms - options_.hold_margin_ms);
}

std::vector<size_t> LongPollService::Changed(const std::vector<PollKey>& keys, const core::ReadContext& reader,
                                             const std::set<size_t>* only) const {
  std::vector<size_t> changed;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (only && !only->count(i)) continue;
    if (service_->CurrentMd5(keys[i].key, reader) != keys[i].client_md5) changed.push_back(i);
  }
  return changed;
}

void LongPollService::PollAsync(std::vector<PollKey> keys, core::ReadContext reader, int64_t timeout_ms, bool hold,
                                Completion done) {
  std::vector<size_t> changed = Changed(keys, reader, nullptr);
  if (!changed.empty() || !hold) return done(std::move(changed));

  auto waiter = std::make_shared<Waiter>(this, std::move(keys), std::move(reader), std::move(done));
  {
    std::unique_lock lock(mutex_);
    if (shutting_down_) {
      lock.unlock();
      return waiter->done()(Status::Unavailable("server is shutting down"));
    }
    if (active_.load() >= options_.max_waiters) {
      rejected_.fetch_add(1, std::memory_order_relaxed);
      lock.unlock();
      return waiter->done()(Status::ResourceExhausted("too many long-polling clients, retry later"));
    }
    active_.fetch_add(1);
    waiters_.insert(waiter);
    const auto end = Clock::now() + std::chrono::milliseconds(HoldMillis(timeout_ms));
    const bool earliest = holds_.empty() || end < holds_.begin()->first;
    waiter->hold = holds_.emplace(end, waiter);
    waiter->held = true;
    if (earliest) work_cv_.notify_one();
  }
  for (const PollKey& k : waiter->keys()) hub_->Watch(k.key, waiter, waiter->reader().client_ip, k.client_md5);
  // A change committed between the first check and Watch() produced no event for us: look again.
  changed = Changed(waiter->keys(), waiter->reader(), nullptr);
  if (!changed.empty()) Finish(waiter, std::move(changed));
}

void LongPollService::Schedule(WaiterPtr waiter) {
  std::lock_guard lock(mutex_);
  ready_.push_back(std::move(waiter));
  work_cv_.notify_one();
}

void LongPollService::RunCompleter() {
  SetCurrentThreadName("lever-longpoll");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!ready_.empty()) {
      WaiterPtr waiter = std::move(ready_.front());
      ready_.pop_front();
      lock.unlock();
      Complete(waiter, /*hold_over=*/false);
      lock.lock();
      continue;
    }
    if (!holds_.empty() && holds_.begin()->first <= Clock::now()) {
      WaiterPtr waiter = holds_.begin()->second;
      holds_.erase(holds_.begin());
      waiter->held = false;
      lock.unlock();
      Complete(waiter, /*hold_over=*/true);
      lock.lock();
      continue;
    }
    if (holds_.empty()) {
      work_cv_.wait(lock);
    } else {
      // A copy: the node may be erased while the lock is released during the wait.
      const Clock::time_point next_end = holds_.begin()->first;
      work_cv_.wait_until(lock, next_end);
    }
  }
}

void LongPollService::Complete(const WaiterPtr& waiter, bool hold_over) {
  std::set<size_t> signaled;
  if (!waiter->TakeSignaled(signaled)) return;
  // An event means "the key changed"; whether it changed for *this* client (gray variants) is
  // decided by comparing md5s again.
  std::vector<size_t> changed = signaled.empty() ? std::vector<size_t>{} : Changed(waiter->keys(), waiter->reader(), &signaled);
  if (changed.empty() && !hold_over) return;  // not for this client: keep holding
  Finish(waiter, std::move(changed));
}

void LongPollService::Finish(const WaiterPtr& waiter, std::vector<size_t> changed) {
  if (!waiter->MarkFinished()) return;
  for (const PollKey& k : waiter->keys()) hub_->Unwatch(k.key, waiter.get());
  if (!changed.empty()) woken_.fetch_add(1, std::memory_order_relaxed);
  // No longer held once it is being answered: whoever sees the answer sees the count without it.
  active_.fetch_sub(1);
  waiter->done()(std::move(changed));
  std::lock_guard lock(mutex_);
  if (waiter->held) {
    holds_.erase(waiter->hold);
    waiter->held = false;
  }
  waiters_.erase(waiter);
  if (waiters_.empty()) idle_cv_.notify_all();
}

void LongPollService::Shutdown() {
  std::vector<WaiterPtr> held;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    shutting_down_ = true;
    held.assign(waiters_.begin(), waiters_.end());
  }
  for (const WaiterPtr& w : held) Finish(w, {});
  std::unique_lock lock(mutex_);
  idle_cv_.wait(lock, [&] { return waiters_.empty(); });
  stopping_ = true;
  work_cv_.notify_all();
  lock.unlock();
  for (std::thread& t : completers_) t.join();
  completers_.clear();
}

}  // namespace lever::http
