// ClientCore: the one place that knows what the client has. It owns the listened keys and the
// value each listener last saw, the snapshot/failover files, the listener executor and the
// transport; a transport only tells it which keys may have changed (WatchSink). A sync thread
// re-queries dirty keys one at a time (so versions of a key are delivered in order), serves the
// snapshot when no server answers, and polls the failover directory.
//
// Thread safe. ConfigClient and ListenerHandle are thin handles onto it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "auth_session.h"
#include "callback_executor.h"
#include "http_api.h"
#include "lever/config_client.h"
#include "local_files.h"
#include "server_list.h"
#include "transport.h"

namespace lever::detail {

class ClientCore : public WatchSink {
 public:
  static Result<std::shared_ptr<ClientCore>> Create(ClientOptions options);
  ~ClientCore() override;
  // Stops the transport, the sync thread and the callbacks. Idempotent.
  void Shutdown();

  Result<Config> Get(const ConfigKey& key);
  Result<void> Publish(const ConfigKey& key, std::string_view content, const PublishOptions& options);
  Result<void> Remove(const ConfigKey& key);
  uint64_t AddListener(const ConfigKey& key, ConfigListener listener);
  void RemoveListener(uint64_t id);
  HttpApi& http() { return *http_; }
  ClientMetrics metrics() const;
  const ClientOptions& options() const { return options_; }
  void RecordRejected() { versions_rejected_.fetch_add(1); }

  // WatchSink
  std::vector<Listened> ListenedKeys() override;
  void MarkDirty(const std::vector<ConfigKey>& keys) override;
  bool WaitClean(std::chrono::milliseconds timeout) override;
  void OnConnection(bool up, const std::string& server) override;

 private:
  struct Entry {
    ConfigKey key;
    bool has_value = false;  // listeners have been given `value` (false: none yet, or deleted)
    Config value;
    std::string server_md5;  // md5 of the server's version as last seen ("" = none / absent)
    bool failover_active = false;
    std::vector<uint64_t> listeners;
  };
  struct ListenerRecord {
    std::string entry_id;
    uint64_t strand = 0;
    std::shared_ptr<ConfigListener> callback;
  };

  explicit ClientCore(ClientOptions options, std::vector<ServerAddress> servers);
  void SyncLoop();
  void Refresh(const std::string& entry_id);
  void CheckFailover();
  // Under mu_: hands `event` to every listener of `entry` (or only `only` when non-zero).
  void Dispatch(const Entry& entry, const ConfigEvent& event, uint64_t only = 0);
  void DeliverValue(Entry& entry, Config config);
  static std::string EntryId(const ConfigKey& key) { return key.data_id + '\x02' + key.group; }

  const ClientOptions options_;
  ServerRotation servers_;
  AuthSession auth_;
  LocalFiles files_;
  std::unique_ptr<HttpApi> http_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<CallbackExecutor> executor_;

  mutable std::mutex mu_;
  std::condition_variable sync_cv_;
  std::condition_variable clean_cv_;
  std::map<std::string, Entry> entries_;
  std::unordered_map<uint64_t, ListenerRecord> listeners_;
  uint64_t next_listener_ = 1;
  std::set<std::string> dirty_;
  std::set<std::string> failed_;  // refresh failed: retried on the next tick
  bool refreshing_ = false;
  bool stopping_ = false;
  bool connected_ = false;
  bool was_connected_ = false;
  std::thread sync_thread_;
  std::once_flag shutdown_once_;

  std::atomic<uint64_t> versions_received_{0};
  std::atomic<uint64_t> versions_rejected_{0};
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<uint64_t> snapshot_served_{0};
  std::atomic<uint64_t> failover_served_{0};
};

}  // namespace lever::detail
