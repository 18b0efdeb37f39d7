// ServerOptions: every setting of lever-server, in one documented struct (DESIGN.md decision 10).
//
// Sources, strongest first: command-line flags (--name=value), environment variables
// (LEVER_NAME, upper case, '-' -> '_'), an optional config file (--config=FILE or LEVER_CONFIG;
// lines of `name = value`, '#' comments), then the defaults below. The names are the same in
// all three places; docs/operations.md lists them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace lever::app {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 8848;         // HTTP; 0 = pick a free port (reported in the ready line)
  int grpc_port = -2;      // -2 = port + 1000 (Nacos convention), 0 = pick, -1 = disabled
  std::string data_dir = "./lever-data";
  std::string store = "rocksdb";  // rocksdb | memory | etcd
  // Cluster mode (store = etcd; docs/operations.md): the etcd members, comma-separated host:port,
  // the key prefix of this cluster, and the host this node registers itself under.
  std::string etcd_endpoints;
  std::string etcd_prefix = "/lever/";
  std::string advertise_host;
  std::string log_level = "info";
  // Authentication and authorization (docs/security.md). On by default; on first start the admin
  // `nacos` gets LEVER_ADMIN_PASSWORD, or a random password printed once in the log.
  std::string auth = "on";
  int64_t auth_token_ttl_seconds = 18000;   // accessToken lifetime (Nacos token.expire.seconds)
  int auth_login_attempts_per_minute = 10;  // failed password checks per client IP
  std::string console_dir;   // built console (web/dist); default: found next to the binary/repo
  bool sync_writes = true;   // fsync every commit; only turn off for throwaway benchmarks

  size_t max_content_bytes = 10u << 20;
  size_t max_body_bytes = 32u << 20;
  size_t http_max_threads = 2048;
  int http_keep_alive_seconds = 5;
  size_t max_long_polls = 1500;
  int64_t long_poll_min_hold_ms = 10000;
  int history_retention_days = 30;  // 0 = keep forever

  // TLS (docs/security.md): both set = HTTPS on `port` and gRPC over TLS on `grpc_port`; both
  // empty = plaintext. PEM files, read once at start.
  std::string tls_cert;
  std::string tls_key;
  // Limits (docs/security.md). Past http_max_connections a connection is answered 503 and closed.
  size_t http_max_connections = 2048;
  size_t max_listeners_per_request = 10000;  // long-poll records / BatchListen contexts (§5)

  // gRPC (docs/grpc.md; Nacos defaults from nacos-protocol.md §8.5, §8.8).
  int grpc_push_ack_timeout_ms = 3000;    // a push unacked this long counts as failed
  int grpc_push_retry_delay_ms = 2000;    // the n-th retry of a push waits n x this
  int grpc_push_max_retries = 50;         // failed re-sends before the connection is dropped
  int grpc_detect_idle_ms = 20000;        // idle this long -> ClientDetectionRequest
  int grpc_detect_timeout_ms = 5000;      // unanswered this long -> unregistered
  int grpc_detect_interval_ms = 3000;     // how often idle connections are looked for
  int grpc_max_connections = 20000;       // registered at once; 0 = unlimited
  bool grpc_ability_negotiation = true;   // answer supportAbilityNegotiation and send SetupAck
  int grpc_worker_threads = 32;           // threads for gRPC publishes/removes (they fsync)

  // Parses argv/environment/config file. Unknown names and malformed values are errors.
  static StatusOr<ServerOptions> Load(int argc, char** argv, const std::vector<std::string>& env);
  // One `name=value` per line, for the startup log.
  std::string Describe() const;
};

// Usage text for --help.
std::string ServerUsage();

}  // namespace lever::app
