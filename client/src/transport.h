// The seam between the client core and a wire protocol. One core (client_core.cc) keeps the
// listened keys, their md5s, the local files and the listeners; a Transport only moves requests
// and tells the core which keys may have changed. Two implementations: GrpcTransport (Nacos 2.x)
// and HttpTransport (Nacos 1.x long-poll).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "lever/config_client.h"
#include "lever/result.h"

namespace lever::detail {

struct QueryResult {
  bool found = false;  // false: the server says the config does not exist
  Config config;       // source kServer, md5 computed by the client from the content
};

// Implemented by the core; called from transport threads. Thread safe.
class WatchSink {
 public:
  struct Listened {
    ConfigKey key;
    std::string md5;  // md5 of the client's current server value, "" if none
  };
  virtual ~WatchSink() = default;
  virtual std::vector<Listened> ListenedKeys() = 0;
  // These keys may have changed: the core re-queries them. Empty = every listened key.
  virtual void MarkDirty(const std::vector<ConfigKey>& keys) = 0;
  // Waits until the core has re-queried every dirty key (or the timeout passed).
  virtual bool WaitClean(std::chrono::milliseconds timeout) = 0;
  // A connection came up (`up`) or went down; `server` is "host:port".
  virtual void OnConnection(bool up, const std::string& server) = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Thread safe; each call tries the servers in turn before giving up with kUnavailable.
  virtual Result<QueryResult> Query(const ConfigKey& key) = 0;
  virtual Result<void> Publish(const ConfigKey& key, std::string_view content,
                               const PublishOptions& options) = 0;
  virtual Result<void> Remove(const ConfigKey& key) = 0;
  // Starts the background connection / long-poll that watches sink->ListenedKeys().
  virtual void StartWatching(WatchSink* sink) = 0;
  // Keys were added or removed: listen again soon.
  virtual void ListenSetChanged() = 0;
  // Stops the background work; no sink call happens after it returns.
  virtual void Stop() = 0;
};

}  // namespace lever::detail
