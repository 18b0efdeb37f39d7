// ConsoleEvents: GET /nacos/v1/console/events?tenant=<ns> — a Server-Sent Events stream that
// tells open consoles which configs changed, so lists and detail views refresh without reload.
//
//   event: change
//   data: {"dataId":"app.yaml","group":"DEFAULT_GROUP","tenant":"","md5":"…","revision":42}
//
// `md5` is the formal config's md5 after the change ("" once deleted). A comment line
// (": keepalive") is sent every 15 s, which is also how a closed browser tab is noticed.
// Pending events of a slow stream coalesce per key (the newest wins), so memory stays bounded.
// Each stream holds one HTTP thread, so streams are capped (503 beyond).
//
// Thread safety: all methods are thread safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>

#include "api/http/http_router.h"
#include "watch/watch_hub.h"

namespace lever::http {

class ConsoleEvents {
 public:
  ConsoleEvents(watch::WatchHub* hub, size_t max_streams);
  ~ConsoleEvents();

  // Starts a stream on `res` for the tenant of `req` (normalised), or answers 503 at the cap.
  void Serve(const HttpRequest& req, httplib::Response& res);
  // Ends every stream. Idempotent.
  void Shutdown();
  size_t streams() const { return streams_.load(); }

 private:
  class Stream;
  watch::WatchHub* hub_;
  const size_t max_streams_;
  std::atomic<size_t> streams_{0};
  std::mutex mutex_;
  std::set<std::shared_ptr<Stream>> open_;  // GUARDED_BY(mutex_)
  bool shutting_down_ = false;              // GUARDED_BY(mutex_)
};

}  // namespace lever::http
