#include "api/http/console_events.h"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <optional>

#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/routes.h"
#include "core/validation.h"

namespace lever::http {

class ConsoleEvents::Stream : public watch::Watcher {
 public:
  explicit Stream(std::string tenant) : tenant_(std::move(tenant)) {}

  void OnConfigChanged(const core::ChangeEvent& event) override {
    if (event.key.tenant != tenant_) return;
    std::lock_guard lock(mutex_);
    pending_[event.key] = event;
    cv_.notify_one();
  }

  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_one();
  }

  // The next chunk to send: events, a keepalive comment after `idle`, or nullopt once closed.
  std::optional<std::string> Next(std::chrono::milliseconds idle) {
    std::unique_lock lock(mutex_);
    if (!greeted_) {
      greeted_ = true;  // flushes the headers so the browser sees the stream open at once
      return std::string(": connected\n\n");
    }
    cv_.wait_for(lock, idle, [&] { return closed_ || !pending_.empty(); });
    if (closed_) return std::nullopt;
    if (pending_.empty()) return std::string(": keepalive\n\n");
    std::string out;
    for (const auto& [key, e] : pending_) {
      Json data{{"dataId", key.data_id}, {"group", key.group}, {"tenant", key.tenant},
                {"md5", e.formal_md5}, {"revision", e.revision}};
      out += "event: change\ndata: " + data.dump() + "\n\n";
    }
    pending_.clear();
    return out;
  }

 private:
  const std::string tenant_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<core::ConfigKey, core::ChangeEvent> pending_;  // GUARDED_BY(mutex_)
  bool closed_ = false;                                   // GUARDED_BY(mutex_)
  bool greeted_ = false;                                  // GUARDED_BY(mutex_)
};

ConsoleEvents::ConsoleEvents(watch::WatchHub* hub, size_t max_streams) : hub_(hub), max_streams_(max_streams) {}

ConsoleEvents::~ConsoleEvents() { Shutdown(); }

void ConsoleEvents::Serve(const HttpRequest& req, httplib::Response& res) {
  auto stream = std::make_shared<Stream>(core::NormalizeTenant(req.Param("tenant")));
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return WriteError(res, Dialect::kConsole, Status::Unavailable("server is shutting down"));
    if (open_.size() >= max_streams_) {
      return WriteError(res, Dialect::kConsole, Status::ResourceExhausted("too many console event streams"));
    }
    open_.insert(stream);
    streams_.store(open_.size());
  }
  hub_->WatchAll(stream);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [stream](size_t, httplib::DataSink& sink) {
        std::optional<std::string> chunk = stream->Next(std::chrono::seconds(15));
        if (!chunk) {
          sink.done();
          return true;
        }
        return sink.write(chunk->data(), chunk->size());  // false: the browser went away
      },
      [this, stream](bool) {
        hub_->UnwatchAll(stream.get());
        std::lock_guard lock(mutex_);
        open_.erase(stream);
        streams_.store(open_.size());
      });
}

void ConsoleEvents::Shutdown() {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
  for (const auto& s : open_) s->Close();
}


void AddConsoleRoutes(HttpRouter& router, const HandlerDeps& deps) {
  ConsoleEvents* events = deps.console_events;
  router.Add({"GET", "/nacos/v1/console/events", Access::kRead, Dialect::kConsole,
              [events](const HttpRequest& req, httplib::Response& res) { events->Serve(req, res); }});
}

}  // namespace lever::http
