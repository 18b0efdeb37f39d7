// One Nacos 2.x gRPC connection (nacos-protocol.md §8.5): a channel (= one HTTP/2 transport) that
// carries both the unary /Request/request calls and the /BiRequestStream/requestBiStream stream.
// Open() runs the SDK start sequence: ServerCheckRequest, open the bi-stream, send
// ConnectionSetupRequest (Go style, without abilityTable, so no SetupAck is awaited), then wait
// until the server answers HealthCheckRequest (registration done). A reader thread answers server
// requests on the stream (ConfigChangeNotify, ClientDetection, ConnectReset, ClientConfigMetric)
// and hands them to `on_push`; `on_closed` fires once when the stream ends.
//
// Thread safe: Call() from any thread. The handlers run on the reader thread and must not call
// Close() on this connection.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "lever/result.h"
#include "server_list.h"

namespace lever::detail {

struct GrpcReply {
  std::string type;     // Metadata.type
  nlohmann::json body;  // parsed Any.value
  int result_code() const { return body.value("resultCode", 500); }
  int error_code() const { return body.value("errorCode", 0); }
  std::string message() const {
    return body.contains("message") && body["message"].is_string() ? body["message"].get<std::string>() : "";
  }
};

struct GrpcSettings {
  int port_offset = 1000;
  std::chrono::milliseconds timeout{3000};
  std::string client_ip;
  std::string namespace_id;  // ConnectionSetupRequest.tenant
  std::string app_name;
  std::function<std::string()> token;  // accessToken for Metadata.headers ("" = none)
};

class GrpcConnection {
 public:
  struct Handlers {
    std::function<void(const std::string& type, const nlohmann::json& body)> on_push;
    std::function<void()> on_closed;
  };

  static Result<std::unique_ptr<GrpcConnection>> Open(const ServerAddress& server,
                                                      const GrpcSettings& settings, Handlers handlers);
  ~GrpcConnection();
  GrpcConnection(const GrpcConnection&) = delete;
  GrpcConnection& operator=(const GrpcConnection&) = delete;

  // A unary request of `type` with `body` (module and headers added). kUnavailable when the RPC
  // itself fails (the connection is then unusable).
  Result<GrpcReply> Call(const std::string& type, nlohmann::json body, const std::string& module);
  // Ends the stream and the channel; joins the reader thread. Idempotent.
  void Close();
  bool closed() const { return closed_.load(); }
  const ServerAddress& server() const { return server_; }
  const std::string& connection_id() const { return connection_id_; }
  std::chrono::steady_clock::time_point last_activity() const;

 private:
  struct Rpc;  // gRPC objects, kept out of this header
  GrpcConnection(ServerAddress server, GrpcSettings settings, Handlers handlers);
  Result<void> Start();
  void ReadLoop();
  void Answer(const std::string& type, nlohmann::json body);
  void Touch();

  ServerAddress server_;
  GrpcSettings settings_;
  Handlers handlers_;
  std::unique_ptr<Rpc> rpc_;
  std::string connection_id_;
  std::mutex write_mu_;
  std::thread reader_;
  std::atomic<bool> closed_{false};
  std::atomic<int64_t> last_activity_ns_{0};
};

}  // namespace lever::detail
