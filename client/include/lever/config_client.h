// lever::ConfigClient: read, write and watch Nacos configs from C++.
//
//   lever::ClientOptions options;
//   options.servers = {"127.0.0.1:8848"};
//   options.snapshot_dir = "/var/cache/my-worker/lever";
//   auto client = lever::ConfigClient::Create(options);
//   if (!client.ok()) { /* client.error().ToString() */ }
//   auto config = (*client)->Get({"spark-hudi-pipeline.properties", "DEFAULT_GROUP"});
//   auto handle = (*client)->AddListener({"spark-hudi-pipeline.properties"},
//                                        [](const lever::ConfigEvent& e) { /* e.content */ });
//
// Thread safety: every method of ConfigClient may be called from any thread, including from a
// listener callback (except removing that same listener, see ListenerHandle). One client per
// process is the intended use; it keeps one connection (gRPC) or one long-poll (HTTP) for all
// listened keys.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lever/client_options.h"
#include "lever/result.h"

namespace lever {

namespace detail {
class ClientCore;
}

// The identity of a config inside the client's namespace.
struct ConfigKey {
  std::string data_id;
  std::string group = "DEFAULT_GROUP";  // blank means DEFAULT_GROUP, as in every Nacos client

  friend bool operator==(const ConfigKey&, const ConfigKey&) = default;
  // "dataId+group", for logs.
  std::string ToString() const { return data_id + "+" + group; }
};

// Where a value came from.
enum class ConfigSource {
  kServer,    // a server answered
  kSnapshot,  // no server answered; the local snapshot (ClientOptions::snapshot_dir)
  kFailover,  // the failover directory overrides the server (ClientOptions::failover_dir)
};
const char* ConfigSourceName(ConfigSource source);  // "server", "snapshot", "failover"

// One version of a config.
struct Config {
  std::string content;
  std::string md5;   // lowercase hex md5 of content (UTF-8 bytes)
  std::string type;  // "properties", "json", "yaml", "text", ...; empty when unknown
  ConfigSource source = ConfigSource::kServer;
};

// What a listener receives: a new version, or the news that the config was deleted.
struct ConfigEvent {
  ConfigKey key;
  bool deleted = false;  // the config no longer exists; content/md5 are empty
  Config config;
};

using ConfigListener = std::function<void(const ConfigEvent&)>;

// Keeps a listener registered; destroying or Reset()ting it removes the listener. Move-only.
// Valid to outlive the client (then it does nothing).
class ListenerHandle {
 public:
  ListenerHandle() = default;
  ~ListenerHandle() { Reset(); }
  ListenerHandle(ListenerHandle&& other) noexcept;
  ListenerHandle& operator=(ListenerHandle&& other) noexcept;
  ListenerHandle(const ListenerHandle&) = delete;
  ListenerHandle& operator=(const ListenerHandle&) = delete;

  // Removes the listener. When it returns, the callback is not running and will not run again;
  // called from inside the listener's own callback it only prevents further calls.
  void Reset();
  bool active() const { return id_ != 0; }

 private:
  friend class ConfigClient;
  ListenerHandle(std::weak_ptr<detail::ClientCore> core, uint64_t id)
      : core_(std::move(core)), id_(id) {}
  std::weak_ptr<detail::ClientCore> core_;
  uint64_t id_ = 0;
};

struct PublishOptions {
  // Compare-and-set: publish only if the server's current md5 equals this (a missing config is
  // created regardless, as Nacos does). Empty: unconditional. A lost race is ErrorCode::kConflict.
  std::string cas_md5;
  // "properties", "json", "yaml", "text", "xml", "html", "toml"; empty: the server's default.
  std::string type;
};

// Counters since the client was created; read with ConfigClient::metrics().
struct ClientMetrics {
  uint64_t versions_received = 0;  // new versions (md5 changes, deletions) of listened keys
  uint64_t versions_rejected = 0;  // versions a Watched<T> refused to parse or validate
  uint64_t reconnects = 0;         // connections (gRPC) / server switches (HTTP) after a failure
  uint64_t snapshot_served = 0;    // values served from the snapshot because no server answered
  uint64_t failover_served = 0;    // values served from the failover directory
  uint64_t callbacks_run = 0;      // listener callbacks completed
  bool connected = false;          // a server answered the last request / the stream is up
  std::string server;              // "host:port" currently in use
};

// One history entry (GET /nacos/v1/cs/history): what a publish or delete replaced.
struct HistoryEntry {
  int64_t nid = 0;        // history id, newest first in History()
  std::string op_type;    // "I" insert (content = new value), "U" update / "D" delete (old value)
  std::string content;
  std::string md5;
  std::string src_user;
  std::string modified;   // server timestamp as sent (ISO-8601)
};

struct NamespaceInfo {
  std::string id;  // "" for public
  std::string name;
  std::string description;
  int64_t config_count = 0;
};

class ConfigClient {
 public:
  // Validates the options and starts the connection in the background; returns without waiting
  // for a server (a server that is down at start is not an error: Get() then serves the
  // snapshot). kInvalidArgument for an empty or malformed server list.
  static Result<std::unique_ptr<ConfigClient>> Create(ClientOptions options);

  // Stops the connection and the callback threads; callbacks in flight finish first.
  ~ConfigClient();
  ConfigClient(const ConfigClient&) = delete;
  ConfigClient& operator=(const ConfigClient&) = delete;

  // The current value: the failover file if present, else the server (trying each server in
  // turn), else the snapshot. kNotFound when the server says it does not exist (the snapshot is
  // then removed); kUnavailable when no server answered and there is no snapshot;
  // kUnauthenticated / kPermissionDenied on auth failure (the snapshot is not served then).
  Result<Config> Get(const ConfigKey& key);

  // Creates or replaces the config. kConflict when options.cas_md5 does not match;
  // kInvalidArgument for a bad id or blank content (message from the server).
  Result<void> Publish(const ConfigKey& key, std::string_view content,
                       const PublishOptions& options = {});

  // Deletes the config; deleting a missing config succeeds.
  Result<void> Remove(const ConfigKey& key);

  // Calls `listener` with every new version of `key`, in order, on a callback thread. The first
  // call carries the current value (from the server, else failover/snapshot) unless the config
  // does not exist; after that, each change. Changes made while the client was disconnected are
  // delivered after it reconnects (at least the latest version). Returns at once; never blocks on
  // the network.
  Result<ListenerHandle> AddListener(const ConfigKey& key, ConfigListener listener);

  // -- admin reads over HTTP (whatever the transport), for tools such as the `lever` CLI --

  // History of one config, newest first (at most `limit` entries, ≤ 500).
  Result<std::vector<HistoryEntry>> History(const ConfigKey& key, int limit = 100);
  // Restores the state recorded by history entry `nid`: an "I" entry (config created) deletes the
  // config, any other entry re-publishes its content.
  Result<void> Rollback(const ConfigKey& key, int64_t nid);
  Result<std::vector<NamespaceInfo>> ListNamespaces();

  ClientMetrics metrics() const;
  const ClientOptions& options() const;

  // For typed-snapshot layers (Watched<T>): counts a rejected version in metrics().
  void RecordRejectedVersion();

 private:
  explicit ConfigClient(std::shared_ptr<detail::ClientCore> core);
  std::shared_ptr<detail::ClientCore> core_;
};

}  // namespace lever
