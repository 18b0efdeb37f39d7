// GrpcTransport: Nacos 2.x gRPC (nacos-protocol.md §8). A manager thread keeps one GrpcConnection
// to the current server: it connects (rotating over the server list with backoff), re-listens every
// key with ConfigBatchListenRequest and re-fetches them after each (re)connect, sends
// HealthCheckRequest when idle, re-checks everything every full_resync_interval, and obeys
// ConnectResetRequest. ConfigChangeNotifyRequest pushes mark the key dirty in the core, which
// queries it. Query/Publish/Remove use the current connection from any thread. Thread safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "auth_session.h"
#include "grpc_connection.h"
#include "lever/client_options.h"
#include "server_list.h"
#include "transport.h"

namespace lever::detail {

class GrpcTransport : public Transport {
 public:
  GrpcTransport(ServerRotation& servers, AuthSession& auth, const ClientOptions& options);
  ~GrpcTransport() override { Stop(); }

  Result<QueryResult> Query(const ConfigKey& key) override;
  Result<void> Publish(const ConfigKey& key, std::string_view content,
                       const PublishOptions& options) override;
  Result<void> Remove(const ConfigKey& key) override;
  void StartWatching(WatchSink* sink) override;
  void ListenSetChanged() override;
  void Stop() override;

 private:
  // The connection to use, waiting up to the request timeout for the manager to establish one.
  std::shared_ptr<GrpcConnection> WaitConnection();
  // A unary call on the current connection; re-logs in once on errorCode 403 and drops the
  // connection on RPC failure or errorCode 301 (unregistered).
  Result<GrpcReply> Call(const std::string& type, const nlohmann::json& body);
  void ManagerLoop();
  bool Connect();
  void Drop(const std::string& why);
  // Sends listen:true for every key (and listen:false for keys no longer listened).
  bool SyncListens(bool full);
  std::string KeyTenant() const;

  ServerRotation& servers_;
  AuthSession& auth_;
  const ClientOptions& options_;
  GrpcSettings settings_;
  WatchSink* sink_ = nullptr;

  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<GrpcConnection> conn_;
  bool stopping_ = false;
  bool listen_changed_ = false;
  bool conn_closed_ = false;
  std::optional<ServerAddress> reset_to_;  // from ConnectResetRequest
  bool reset_requested_ = false;
  std::set<std::pair<std::string, std::string>> listened_;  // (dataId, group) sent to the server
  std::thread manager_;
};

}  // namespace lever::detail
