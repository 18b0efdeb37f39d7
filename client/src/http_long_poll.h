// HttpTransport: Nacos 1.x HTTP (nacos-protocol.md §5). Requests go through HttpApi; one thread
// runs the long-poll for every listened key and reports changed keys to the core, which fetches
// them before the next poll starts. Adding a key interrupts the poll in flight so the new key is
// listened at once. After a failure the poll moves to the next server with backoff; when a server
// answers again every key is re-fetched (a change made while disconnected is not lost).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "http_api.h"
#include "transport.h"

namespace lever::detail {

class HttpTransport : public Transport {
 public:
  HttpTransport(HttpApi& api, const ClientOptions& options) : api_(api), options_(options) {}
  ~HttpTransport() override { Stop(); }

  Result<QueryResult> Query(const ConfigKey& key) override { return api_.Query(key); }
  Result<void> Publish(const ConfigKey& key, std::string_view content,
                       const PublishOptions& options) override {
    return api_.Publish(key, content, options);
  }
  Result<void> Remove(const ConfigKey& key) override { return api_.Remove(key); }
  void StartWatching(WatchSink* sink) override;
  void ListenSetChanged() override;
  void Stop() override;

 private:
  void PollLoop();

  HttpApi& api_;
  const ClientOptions& options_;
  WatchSink* sink_ = nullptr;
  RequestCanceller canceller_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool listen_changed_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lever::detail
