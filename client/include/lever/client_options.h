// lever::ClientOptions: everything a ConfigClient needs to know, as one plain struct with
// documented defaults. Passed by value to ConfigClient::Create(); never read again afterwards.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace lever {

// How the client talks to the servers.
enum class Transport {
  // Nacos 2.x gRPC (nacos-protocol.md §8): unary calls plus one bi-stream per connection on
  // port HTTP port + grpc_port_offset; changes are pushed. The default; works against Lever and
  // any Nacos 2.x/3.x server.
  kGrpc,
  // Nacos 1.x HTTP: /nacos/v1/cs/configs and the long-poll listener /nacos/v1/cs/configs/listener
  // (§4, §5). For servers or networks where gRPC is not available.
  kHttp,
};

struct ClientOptions {
  // "host:port" of each server's HTTP port (a bare "host" means port 8848). The client starts
  // with the first and rotates through the list, with backoff, when a server does not answer.
  // Must not be empty.
  std::vector<std::string> servers;

  // Nacos namespace id ("tenant"); empty (or "public") is the public namespace.
  std::string namespace_id;

  // Credentials for Nacos auth. When `username` is non-empty the client logs in at
  // POST /nacos/v1/auth/login, sends the token as `accessToken` (HTTP query parameter / gRPC
  // Metadata header), refreshes it before it expires and re-logs in once after a 403. Harmless
  // when the server has auth off. Empty: no login.
  std::string username;
  std::string password;

  Transport transport = Transport::kGrpc;
  // gRPC port = HTTP port + this (Nacos uses 1000 everywhere).
  int grpc_port_offset = 1000;

  // Deadline of one request (get, publish, remove, login, gRPC unary call, connect).
  std::chrono::milliseconds request_timeout{3000};
  // Long-Pulling-Timeout sent on HTTP long-polls (the server holds max(10 s, this - 500 ms)).
  std::chrono::milliseconds long_poll_timeout{30000};
  // Reconnect / retry backoff after a failure: starts at min, doubles up to max.
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
  // gRPC: a HealthCheckRequest is sent when the connection has been idle this long; HTTP and
  // gRPC: every listened key is re-checked against the server at least this often.
  std::chrono::milliseconds health_check_interval{5000};
  std::chrono::milliseconds full_resync_interval{std::chrono::minutes(3)};

  // Where the local snapshot lives. Empty: no snapshot. Layout (the Nacos Java client's):
  //   <snapshot_dir>/snapshot/<group>/<dataId>                      public namespace
  //   <snapshot_dir>/snapshot-tenant/<namespace>/<group>/<dataId>   other namespaces
  // Written atomically (temp file + rename) on every version received from a server, removed when
  // the server says the config does not exist, and served by Get() and listeners when no server
  // answers.
  std::string snapshot_dir;

  // Failover directory maintained by an operator. Empty: none. Layout (the Nacos Java client's,
  // so an existing `<home>/nacos/config/<server>_nacos` directory can be reused as is):
  //   <failover_dir>/data/config-data/<group>/<dataId>
  //   <failover_dir>/data/config-data-tenant/<namespace>/<group>/<dataId>
  // When a file exists it overrides everything: Get() returns it without asking a server and
  // listeners see its content (checked every `failover_check_interval`); when it is removed,
  // listeners get the server's value again.
  std::string failover_dir;
  std::chrono::milliseconds failover_check_interval{1000};

  // Threads that run listener callbacks (never the I/O threads). Callbacks of one listener run in
  // order, one at a time; different listeners run in parallel, so a slow callback delays only its
  // own listener as long as fewer than `callback_threads` callbacks are slow at once.
  size_t callback_threads = 4;

  // Reported to the server: ConnectionSetupRequest labels / Client-AppName header.
  std::string app_name = "lever-client";
  // Metadata.clientIp (gRPC); empty: the local address of the first connection.
  std::string client_ip;
};

}  // namespace lever
