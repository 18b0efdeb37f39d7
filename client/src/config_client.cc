// ConfigClient and ListenerHandle: thin handles onto ClientCore.
#include "lever/config_client.h"

#include "client_core.h"
#include "internal.h"

namespace lever {

ListenerHandle::ListenerHandle(ListenerHandle&& other) noexcept
    : core_(std::move(other.core_)), id_(std::exchange(other.id_, 0)) {}

ListenerHandle& ListenerHandle::operator=(ListenerHandle&& other) noexcept {
  if (this != &other) {
    Reset();
    core_ = std::move(other.core_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void ListenerHandle::Reset() {
  if (id_ == 0) return;
  if (auto core = core_.lock()) core->RemoveListener(id_);
  id_ = 0;
  core_.reset();
}

Result<std::unique_ptr<ConfigClient>> ConfigClient::Create(ClientOptions options) {
  auto core = detail::ClientCore::Create(std::move(options));
  if (!core.ok()) return core.error();
  return std::unique_ptr<ConfigClient>(new ConfigClient(std::move(core).value()));
}

ConfigClient::ConfigClient(std::shared_ptr<detail::ClientCore> core) : core_(std::move(core)) {}

ConfigClient::~ConfigClient() { core_->Shutdown(); }

Result<Config> ConfigClient::Get(const ConfigKey& key) { return core_->Get(key); }

Result<void> ConfigClient::Publish(const ConfigKey& key, std::string_view content,
                                   const PublishOptions& options) {
  return core_->Publish(key, content, options);
}

Result<void> ConfigClient::Remove(const ConfigKey& key) { return core_->Remove(key); }

Result<ListenerHandle> ConfigClient::AddListener(const ConfigKey& key, ConfigListener listener) {
  if (!listener) return detail::MakeError(ErrorCode::kInvalidArgument, "listener: empty function");
  if (key.data_id.empty()) return detail::MakeError(ErrorCode::kInvalidArgument, "dataId: empty");
  const uint64_t id = core_->AddListener(key, std::move(listener));
  return ListenerHandle(core_, id);
}

Result<std::vector<HistoryEntry>> ConfigClient::History(const ConfigKey& key, int limit) {
  return core_->http().History(detail::Normalized(key), limit);
}

Result<void> ConfigClient::Rollback(const ConfigKey& raw_key, int64_t nid) {
  const ConfigKey key = detail::Normalized(raw_key);
  auto entry = core_->http().HistoryItem(key, nid);
  if (!entry.ok()) return entry.error();
  // An "I" row records the creation: before it the config did not exist.
  if (entry->op_type == "I") return Remove(key);
  return Publish(key, entry->content);
}

Result<std::vector<NamespaceInfo>> ConfigClient::ListNamespaces() { return core_->http().Namespaces(); }

ClientMetrics ConfigClient::metrics() const { return core_->metrics(); }

const ClientOptions& ConfigClient::options() const { return core_->options(); }

void ConfigClient::RecordRejectedVersion() { core_->RecordRejected(); }

}  // namespace lever
