// The Nacos HTTP v1 API as the client uses it (nacos-protocol.md §4, §5, §7): config
// get/publish/remove, one long-poll round, history and namespaces. Every call goes to the current
// server of the rotation and moves on to the next one when a server does not answer (or answers
// 503), so one call tries each server once. Thread safe.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "auth_session.h"
#include "lever/client_options.h"
#include "server_list.h"
#include "transport.h"

namespace httplib {
class Client;
}

namespace lever::detail {

// Lets another thread abort a blocking request (the long-poll) by shutting its socket down.
class RequestCanceller {
 public:
  void Cancel();
  // The request in flight registers its client here; false if Cancel() came first.
  bool Attach(httplib::Client* client);
  void Detach();
  // Re-arms after a cancelled round.
  void Reset();

 private:
  std::mutex mu_;
  httplib::Client* client_ = nullptr;
  bool cancelled_ = false;
};

struct HttpReply {
  int status = 0;
  std::string body;
  std::string config_type;  // Config-Type header
};

using Params = std::vector<std::pair<std::string, std::string>>;

class HttpApi {
 public:
  HttpApi(ServerRotation& servers, AuthSession& auth, const ClientOptions& options);

  Result<QueryResult> Query(const ConfigKey& key);
  Result<void> Publish(const ConfigKey& key, std::string_view content, const PublishOptions& options);
  Result<void> Remove(const ConfigKey& key);
  Result<std::vector<HistoryEntry>> History(const ConfigKey& key, int limit);
  // kNotFound when there is no such entry for this key.
  Result<HistoryEntry> HistoryItem(const ConfigKey& key, int64_t nid);
  Result<std::vector<NamespaceInfo>> Namespaces();

  // One long-poll (§5): the keys whose md5 differs from `listened`, or an empty list when the
  // server held the request until its timeout. `no_hangup` asks for an immediate answer.
  // kUnavailable when no server answered; kInternal "cancelled" when `canceller` fired.
  Result<std::vector<ConfigKey>> LongPoll(const std::vector<WatchSink::Listened>& listened,
                                          bool no_hangup, RequestCanceller* canceller);

  // The server the last successful request went to, and how often a failing server was left.
  std::string current_server() const { return servers_.Current().ToString(); }
  uint64_t switches() const { return switches_.load(); }

 private:
  enum class Method { kGet, kPost, kDelete };
  Result<HttpReply> Send(Method method, const std::string& path, Params params,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         std::chrono::milliseconds read_timeout, RequestCanceller* canceller = nullptr);
  Params KeyParams(const ConfigKey& key) const;

  ServerRotation& servers_;
  AuthSession& auth_;
  const ClientOptions& options_;
  const std::string tenant_;
  std::atomic<uint64_t> switches_{0};
};

// Maps a non-200 HTTP answer to an Error (Nacos status codes and bodies, §3.1).
Error ErrorFromHttp(int status, const std::string& body);

}  // namespace lever::detail
