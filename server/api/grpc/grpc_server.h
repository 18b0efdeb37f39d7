// GrpcServer — the Nacos 2.x gRPC endpoint (nacos-protocol.md §8): /Request/request and
// /BiRequestStream/requestBiStream on the HTTP port + 1000.
//
// Built on the grpc++ callback (reactor) API (DESIGN.md decision 6): a connection costs a
// reactor object and its queues, never a thread. Threads are fixed: gRPC's own callback
// threads, `worker_threads` for handlers that block on durable writes, and one timer thread for
// ack timeouts, retries and idle detection. docs/grpc.md describes the model.
//
// Lifecycle: construct, Start(), ..., Shutdown(), destroy. Start() and Shutdown() must be called
// from one thread; Stats() and port() from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"

namespace lever::core {
class ConfigService;
}
namespace lever::watch {
class WatchHub;
}

namespace lever::rpc {

// What a config request wants to do, for the optional authorizer hook.
struct AuthRequest {
  std::string access_token;  // Metadata.headers["accessToken"], "" when absent
  std::string tenant;        // raw, as the client sent it
  std::string group;
  std::string data_id;
  bool write = false;
};

struct GrpcServerOptions {
  std::string host = "0.0.0.0";
  int port = 0;  // 0: pick a free port; port() tells which

  // Transport (nacos-protocol.md §8.2 recommendation).
  int max_receive_message_bytes =
      10 * 1024 * 1024;                   // nacos.remote.server.grpc.maxinbound.message.size
  int keepalive_time_ms = 6 * 60 * 1000;  // server->client HTTP/2 pings to find dead peers
  int keepalive_timeout_ms = 20 * 1000;
  int min_recv_ping_interval_ms = 10 * 1000;  // <= 10 s so Go's 60 s pings never hit too_many_pings
  int max_connections = 0;  // 0 = unlimited; over it a setup gets ConnectResetRequest, then close
  // PEM files; both set = TLS only on this port (grpc::SslServerCredentials), both empty =
  // plaintext. Start() fails when they cannot be read.
  std::string tls_cert_path;
  std::string tls_key_path;
  // Contexts one ConfigBatchListenRequest may carry; more -> errorCode 400 (§5's 10 000).
  size_t max_listeners_per_request = 10000;

  // Ability negotiation (§8.5): true answers supportAbilityNegotiation:true and pushes
  // SetupAckRequest{"abilityTable":{}} after every setup that carries an abilityTable.
  bool ability_negotiation = true;

  // Push of ConfigChangeNotifyRequest (§8.8).
  int push_ack_timeout_ms = 3000;
  int push_retry_delay_ms = 2000;  // the n-th retry waits n x this
  int push_max_retries = 50;       // after this many unacked re-sends the connection is dropped

  // Idle detection (§8.5, NacosRuntimeConnectionEjector).
  int client_idle_ms = 20 * 1000;          // no traffic this long -> ClientDetectionRequest
  int client_detection_timeout_ms = 5000;  // no successful answer this long -> unregister
  int client_check_interval_ms = 3000;     // how often idle connections are looked for

  // Graceful shutdown: how long ConnectResetRequest writes may take before the server cancels.
  int shutdown_grace_ms = 1000;

  // Threads for handlers that block (publish, remove).
  int worker_threads = 32;

  // Optional: checks a config request's credentials (nacos-protocol.md §9). Not OK ->
  // errorCode 403 in the request's own response type. Unset: no checks. Runs on gRPC and worker
  // threads; must be thread safe and must not block for long.
  std::function<Status(const AuthRequest&)> authorize;
};

// Counters since Start(); a consistent-enough snapshot for /metrics.
struct GrpcStats {
  // Push latency histogram: from the committed change reaching the connection to the client's
  // successful ack. Bucket i counts latencies <= kPushLatencyBoundsMs[i] (and > the previous
  // bound); the last bucket is +Inf. Not cumulative.
  static constexpr std::array<int64_t, 12> kPushLatencyBoundsMs = {1,   2,   5,   10,   25,   50,
                                                                   100, 250, 500, 1000, 2500, 5000};
  uint64_t connections = 0;          // registered now
  uint64_t connections_opened = 0;   // registrations so far
  uint64_t connections_closed = 0;   // unregistrations so far (any reason)
  uint64_t connections_dropped = 0;  // of which: push retry limit or failed idle detection
  uint64_t listens = 0;              // (connection, key) listen registrations now
  uint64_t requests = 0;             // unary requests answered
  uint64_t request_errors = 0;       // of which resultCode != 200
  uint64_t pushes_sent = 0;          // ConfigChangeNotifyRequest written (first sends and retries)
  uint64_t push_acks = 0;            // successful acks
  uint64_t push_retries = 0;         // re-sends after a failed or missing ack
  uint64_t pushes_coalesced = 0;     // changes folded into a notification already queued
  std::array<uint64_t, kPushLatencyBoundsMs.size() + 1> push_latency_buckets{};
  uint64_t push_latency_sum_us = 0;
  uint64_t push_latency_count = 0;
};

class GrpcServer {
 public:
  // `config` and `hub` must outlive the server; `hub` must already receive the core's changes.
  GrpcServer(core::ConfigService* config, watch::WatchHub* hub, GrpcServerOptions options);
  ~GrpcServer();  // Shutdown()s if needed
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Binds host:port and starts serving. Unavailable when the port cannot be bound.
  Status Start();
  // The bound port (valid after a successful Start()).
  int port() const;
  // Sends ConnectResetRequest to every connected client, waits up to shutdown_grace_ms for the
  // writes, then stops the server and cancels what is left. Idempotent.
  void Shutdown();

  GrpcStats Stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lever::rpc
