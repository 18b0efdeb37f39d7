// Shared pieces of the liblever tests: a real lever-server on fixed ports (so a restart comes back
// where the client expects it), temp dirs, client options for either transport, and a thread-safe
// recorder of listener events with deadline-based waits.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lever/config_client.h"
#include "support/server_process.h"
#include "support/wait_until.h"

namespace lever::testing {

inline constexpr std::chrono::milliseconds kEventDeadline{15000};

// Two free TCP ports P and P + 1000 on 127.0.0.1 (HTTP and gRPC, as Nacos pairs them).
int FreePortPair();

// A lever-server on `http_port` (gRPC on http_port + 1000) with its own data dir. Start() again
// after Kill9()/Stop() reuses the ports and the data. `auth`: --auth=on with admin `nacos` /
// ServerProcess::admin_password().
std::unique_ptr<ServerProcess> StartServerOn(int http_port, bool auth = false);

// A fresh temp dir removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Options for `servers` ("127.0.0.1:<port>") with short timeouts so failures show quickly.
ClientOptions TestOptions(Transport transport, const std::vector<int>& http_ports);

// "<prefix>.<n>", unique within this run.
std::string UniqueDataId(const std::string& prefix);

// Records every ConfigEvent a listener receives.
class EventLog {
 public:
  ConfigListener Listener();
  // Waits until an event with `content` (or a deletion when `deleted`) has arrived.
  bool WaitForContent(const std::string& content, std::chrono::milliseconds deadline = kEventDeadline);
  bool WaitForDeleted(std::chrono::milliseconds deadline = kEventDeadline);
  bool WaitForCount(size_t count, std::chrono::milliseconds deadline = kEventDeadline);
  std::vector<ConfigEvent> Events() const;
  std::vector<std::string> Contents() const;

 private:
  bool WaitFor(const std::function<bool(const ConfigEvent&)>& match, std::chrono::milliseconds deadline);
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ConfigEvent> events_;
};

// Publishes with a separate client (HTTP) and requires success.
void PublishVia(int http_port, const ConfigKey& key, const std::string& content);

}  // namespace lever::testing
