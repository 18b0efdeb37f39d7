#include "client_core.h"

#include <spdlog/spdlog.h>

#include "base/md5.h"
#include "grpc_transport.h"
#include "http_long_poll.h"
#include "internal.h"

namespace lever::detail {

namespace {

using Clock = std::chrono::steady_clock;

Config FromFile(std::string content, ConfigSource source) {
  Config config;
  config.md5 = Md5Hex(content);
  config.content = std::move(content);
  config.source = source;
  return config;
}

}  // namespace

Result<std::shared_ptr<ClientCore>> ClientCore::Create(ClientOptions options) {
  auto servers = ParseServers(options.servers);
  if (!servers.ok()) return servers.error();
  if (options.request_timeout.count() <= 0 || options.backoff_min.count() <= 0 ||
      options.backoff_max < options.backoff_min) {
    return MakeError(ErrorCode::kInvalidArgument, "request_timeout and backoff_min must be > 0, backoff_max >= backoff_min");
  }
  std::shared_ptr<ClientCore> core(new ClientCore(std::move(options), std::move(servers).value()));
  core->transport_->StartWatching(core.get());
  core->sync_thread_ = std::thread([raw = core.get()] { raw->SyncLoop(); });
  return core;
}

ClientCore::ClientCore(ClientOptions options, std::vector<ServerAddress> servers)
    : options_(std::move(options)),
      servers_(std::move(servers)),
      auth_(options_.username, options_.password, options_.request_timeout),
      files_(options_.snapshot_dir, options_.failover_dir, options_.namespace_id),
      http_(std::make_unique<HttpApi>(servers_, auth_, options_)),
      executor_(std::make_unique<CallbackExecutor>(options_.callback_threads)) {
  if (options_.transport == lever::Transport::kGrpc) {
    transport_ = std::make_unique<GrpcTransport>(servers_, auth_, options_);
  } else {
    transport_ = std::make_unique<HttpTransport>(*http_, options_);
  }
}

ClientCore::~ClientCore() { Shutdown(); }

void ClientCore::Shutdown() {
  std::call_once(shutdown_once_, [this] {
    transport_->Stop();
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    sync_cv_.notify_all();
    clean_cv_.notify_all();
    if (sync_thread_.joinable()) sync_thread_.join();
    executor_->Stop();  // finishes running callbacks, drops queued ones
  });
}

Result<Config> ClientCore::Get(const ConfigKey& raw_key) {
  const ConfigKey key = Normalized(raw_key);
  if (auto failover = files_.ReadFailover(key)) {
    failover_served_.fetch_add(1);
    return FromFile(std::move(*failover), ConfigSource::kFailover);
  }
  auto result = transport_->Query(key);
  if (result.ok()) {
    // The sync thread is the only snapshot writer of a listened key, so versions never go back.
    bool listened = false;
    {
      std::lock_guard lock(mu_);
      listened = entries_.count(EntryId(key)) != 0;
    }
    if (!result->found) {
      if (!listened) files_.RemoveSnapshot(key);
      return MakeError(ErrorCode::kNotFound, "config data not exist: " + key.ToString());
    }
    if (!listened) files_.WriteSnapshot(key, result->config.content);
    return std::move(result).value().config;
  }
  const ErrorCode code = result.error().code;
  if (code == ErrorCode::kUnavailable || code == ErrorCode::kInternal) {
    if (auto snapshot = files_.ReadSnapshot(key)) {
      snapshot_served_.fetch_add(1);
      ClientLog()->warn("event=snapshot_served key={} error=\"{}\"", key.ToString(), result.error().ToString());
      return FromFile(std::move(*snapshot), ConfigSource::kSnapshot);
    }
  }
  return result.error();
}

Result<void> ClientCore::Publish(const ConfigKey& key, std::string_view content,
                                 const PublishOptions& options) {
  return transport_->Publish(Normalized(key), content, options);
}

Result<void> ClientCore::Remove(const ConfigKey& key) { return transport_->Remove(Normalized(key)); }

uint64_t ClientCore::AddListener(const ConfigKey& raw_key, ConfigListener listener) {
  const ConfigKey key = Normalized(raw_key);
  const std::string id_of_entry = EntryId(key);
  bool new_key = false;
  uint64_t id = 0;
  {
    std::lock_guard lock(mu_);
    id = next_listener_++;
    listeners_[id] = {id_of_entry, executor_->NewStrand(), std::make_shared<ConfigListener>(std::move(listener))};
    auto [it, inserted] = entries_.try_emplace(id_of_entry);
    Entry& entry = it->second;
    new_key = inserted;
    if (inserted) entry.key = key;
    entry.listeners.push_back(id);
    if (inserted) {
      dirty_.insert(id_of_entry);
    } else if (entry.has_value) {
      Dispatch(entry, ConfigEvent{key, false, entry.value}, id);  // the initial value
    }
  }
  if (new_key) {
    sync_cv_.notify_all();
    transport_->ListenSetChanged();
  }
  return id;
}

void ClientCore::RemoveListener(uint64_t id) {
  uint64_t strand = 0;
  bool key_gone = false;
  bool stopping = false;
  {
    std::lock_guard lock(mu_);
    auto it = listeners_.find(id);
    if (it == listeners_.end()) return;
    strand = it->second.strand;
    auto entry = entries_.find(it->second.entry_id);
    if (entry != entries_.end()) {
      std::erase(entry->second.listeners, id);
      if (entry->second.listeners.empty()) {
        entries_.erase(entry);
        key_gone = true;
      }
    }
    listeners_.erase(it);
    stopping = stopping_;
  }
  executor_->RemoveStrand(strand);
  if (key_gone && !stopping) transport_->ListenSetChanged();
}

void ClientCore::Dispatch(const Entry& entry, const ConfigEvent& event, uint64_t only) {
  for (uint64_t id : entry.listeners) {
    if (only != 0 && id != only) continue;
    auto it = listeners_.find(id);
    if (it == listeners_.end()) continue;
    executor_->Post(it->second.strand, [callback = it->second.callback, event] { (*callback)(event); });
  }
}

void ClientCore::DeliverValue(Entry& entry, Config config) {
  entry.has_value = true;
  entry.value = std::move(config);
  Dispatch(entry, ConfigEvent{entry.key, false, entry.value});
}

std::vector<WatchSink::Listened> ClientCore::ListenedKeys() {
  std::lock_guard lock(mu_);
  std::vector<Listened> out;
  out.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) out.push_back({entry.key, entry.server_md5});
  return out;
}

void ClientCore::MarkDirty(const std::vector<ConfigKey>& keys) {
  {
    std::lock_guard lock(mu_);
    if (keys.empty()) {
      for (const auto& [id, entry] : entries_) dirty_.insert(id);
    } else {
      for (const ConfigKey& key : keys) {
        const std::string id = EntryId(Normalized(key));
        if (entries_.count(id) != 0) dirty_.insert(id);
      }
    }
  }
  sync_cv_.notify_all();
}

bool ClientCore::WaitClean(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return clean_cv_.wait_for(lock, timeout, [&] { return stopping_ || (dirty_.empty() && !refreshing_); });
}

void ClientCore::OnConnection(bool up, const std::string& server) {
  std::lock_guard lock(mu_);
  if (up && was_connected_ && !connected_) reconnects_.fetch_add(1);
  if (up) was_connected_ = true;
  connected_ = up;
  ClientLog()->info("event={} server={}", up ? "connected" : "disconnected", server);
}

ClientMetrics ClientCore::metrics() const {
  ClientMetrics m;
  m.versions_received = versions_received_.load();
  m.versions_rejected = versions_rejected_.load();
  // HTTP moves to the next server inside a request, so its reconnects are the server switches.
  m.reconnects = options_.transport == lever::Transport::kHttp ? http_->switches() : reconnects_.load();
  m.snapshot_served = snapshot_served_.load();
  m.failover_served = failover_served_.load();
  m.callbacks_run = executor_->completed();
  std::lock_guard lock(mu_);
  m.connected = connected_;
  m.server = servers_.Current().ToString();
  return m;
}

void ClientCore::SyncLoop() {
  NameThisThread("lever-sync");
  auto next_tick = Clock::now();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    sync_cv_.wait_until(lock, next_tick, [&] { return stopping_ || !dirty_.empty(); });
    if (stopping_) break;
    if (Clock::now() >= next_tick) {
      next_tick = Clock::now() + options_.failover_check_interval;
      dirty_.insert(failed_.begin(), failed_.end());  // retry what failed last time
      failed_.clear();
      lock.unlock();
      CheckFailover();
      lock.lock();
      continue;
    }
    const std::string id = *dirty_.begin();
    dirty_.erase(dirty_.begin());
    refreshing_ = true;
    lock.unlock();
    Refresh(id);
    lock.lock();
    refreshing_ = false;
    if (dirty_.empty()) clean_cv_.notify_all();
  }
}

void ClientCore::Refresh(const std::string& entry_id) {
  ConfigKey key;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(entry_id);
    if (it == entries_.end()) return;
    key = it->second.key;
  }
  std::optional<std::string> failover = files_.ReadFailover(key);
  Result<QueryResult> result = failover ? Result<QueryResult>(QueryResult{}) : transport_->Query(key);
  std::optional<std::string> snapshot;
  if (!failover && !result.ok()) snapshot = files_.ReadSnapshot(key);
  // File I/O (fsync) stays outside the lock; this thread is the only writer, so order is kept.
  if (!failover && result.ok()) {
    if (result->found) {
      files_.WriteSnapshot(key, result->config.content);
    } else {
      files_.RemoveSnapshot(key);
    }
  }

  std::lock_guard lock(mu_);
  auto it = entries_.find(entry_id);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  if (failover) {
    if (!entry.failover_active || entry.value.content != *failover) {
      entry.failover_active = true;
      failover_served_.fetch_add(1);
      DeliverValue(entry, FromFile(std::move(*failover), ConfigSource::kFailover));
    }
    return;
  }
  entry.failover_active = false;
  if (!result.ok()) {
    failed_.insert(entry_id);
    if (!entry.has_value && snapshot) {
      snapshot_served_.fetch_add(1);
      ClientLog()->warn("event=snapshot_served key={} error=\"{}\"", key.ToString(), result.error().ToString());
      DeliverValue(entry, FromFile(std::move(*snapshot), ConfigSource::kSnapshot));
    }
    return;
  }
  if (result->found) {
    Config& config = result.value().config;
    entry.server_md5 = config.md5;
    if (!entry.has_value || entry.value.md5 != config.md5) {
      versions_received_.fetch_add(1);
      ClientLog()->info("event=config_changed key={} md5={}", key.ToString(), config.md5);
      DeliverValue(entry, std::move(config));
    } else {
      entry.value.source = ConfigSource::kServer;
      entry.value.type = config.type;
    }
    return;
  }
  entry.server_md5.clear();
  if (entry.has_value) {
    versions_received_.fetch_add(1);
    ClientLog()->info("event=config_deleted key={}", key.ToString());
    entry.has_value = false;
    entry.value = Config{};
    Dispatch(entry, ConfigEvent{entry.key, true, Config{}});
  }
}

void ClientCore::CheckFailover() {
  if (options_.failover_dir.empty()) return;
  std::vector<std::pair<std::string, ConfigKey>> keys;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, entry] : entries_) keys.emplace_back(id, entry.key);
  }
  for (const auto& [id, key] : keys) {
    std::optional<std::string> content = files_.ReadFailover(key);
    std::lock_guard lock(mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) continue;
    const bool active = it->second.failover_active;
    // A new, changed or removed failover file: Refresh() serves it or goes back to the server.
    if (content ? (!active || it->second.value.content != *content) : active) dirty_.insert(id);
  }
}

}  // namespace lever::detail
