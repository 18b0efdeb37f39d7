// The server list: parsing "host:port", rotating through it, and the retry backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "lever/result.h"

namespace lever::detail {

struct ServerAddress {
  std::string host;
  int port = 8848;  // the HTTP port; gRPC is port + offset
  std::string ToString() const { return host + ":" + std::to_string(port); }
};

// "host", "host:port", "[v6]:port"; optional "http://" prefix. kInvalidArgument names the entry.
Result<std::vector<ServerAddress>> ParseServers(const std::vector<std::string>& servers);

// Which server to use next. Thread safe.
class ServerRotation {
 public:
  explicit ServerRotation(std::vector<ServerAddress> servers) : servers_(std::move(servers)) {}
  ServerAddress Current() const;
  // Moves to the next server; returns true when this wrapped around to the first one (a full
  // pass over the list failed).
  bool Advance();
  // Makes `server` current if it is in the list (ConnectResetRequest); false if unknown.
  bool Prefer(const std::string& host, int port);
  size_t size() const { return servers_.size(); }
  const std::vector<ServerAddress>& all() const { return servers_; }

 private:
  const std::vector<ServerAddress> servers_;
  mutable std::mutex mu_;
  size_t index_ = 0;
};

// Exponential backoff: min, 2*min, ... capped at max. Not thread safe.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max) : min_(min), max_(max) {}
  std::chrono::milliseconds Next();
  void Reset() { next_ = std::chrono::milliseconds(0); }

 private:
  std::chrono::milliseconds min_, max_;
  std::chrono::milliseconds next_{0};
};

}  // namespace lever::detail
