#include "grpc_transport.h"

#include <spdlog/spdlog.h>

#include "base/md5.h"
#include "internal.h"
#include "local_address.h"

namespace lever::detail {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Nacos errorCode (§8.9) -> Error.
Error ErrorFromGrpc(const std::string& type, const GrpcReply& reply) {
  std::string message = reply.message();
  if (message.empty()) message = type + " failed (errorCode " + std::to_string(reply.error_code()) + ")";
  if (message.find("Cas publish fail") != std::string::npos) return MakeError(ErrorCode::kConflict, message);
  switch (reply.error_code()) {
    case 300:
      return MakeError(ErrorCode::kNotFound, message);
    case 400:
      return MakeError(ErrorCode::kInvalidArgument, message);
    case 403:
      if (message.find("user not found") != std::string::npos || message.find("token") != std::string::npos) {
        return MakeError(ErrorCode::kUnauthenticated, message);
      }
      return MakeError(ErrorCode::kPermissionDenied, message);
    case 301:
    case 503:
      return MakeError(ErrorCode::kUnavailable, message);
    default:
      return MakeError(ErrorCode::kInternal, message);
  }
}

}  // namespace

GrpcTransport::GrpcTransport(ServerRotation& servers, AuthSession& auth, const ClientOptions& options)
    : servers_(servers), auth_(auth), options_(options) {
  settings_.port_offset = options.grpc_port_offset;
  settings_.timeout = options.request_timeout;
  settings_.client_ip = options.client_ip.empty() ? LocalAddressFor(servers.Current().host) : options.client_ip;
  settings_.namespace_id = options.namespace_id;
  settings_.app_name = options.app_name;
}

std::string GrpcTransport::KeyTenant() const { return WireNamespace(options_.namespace_id); }

void GrpcTransport::StartWatching(WatchSink* sink) {
  sink_ = sink;
  manager_ = std::thread([this] { ManagerLoop(); });
}

void GrpcTransport::ListenSetChanged() {
  {
    std::lock_guard lock(mu_);
    listen_changed_ = true;
  }
  cv_.notify_all();
}

void GrpcTransport::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (manager_.joinable()) manager_.join();
  std::shared_ptr<GrpcConnection> conn;
  {
    std::lock_guard lock(mu_);
    conn = std::move(conn_);
  }
  if (conn) conn->Close();
}

std::shared_ptr<GrpcConnection> GrpcTransport::WaitConnection() {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, options_.request_timeout, [&] { return stopping_ || (conn_ && !conn_->closed()); });
  return conn_;
}

void GrpcTransport::Drop(const std::string& why) {
  std::shared_ptr<GrpcConnection> conn;
  {
    std::lock_guard lock(mu_);
    conn = std::move(conn_);
    conn_closed_ = false;
    listened_.clear();
  }
  cv_.notify_all();
  if (!conn) return;
  ClientLog()->warn("event=grpc_disconnected server={} reason=\"{}\"", conn->server().ToString(), why);
  conn->Close();
  if (sink_ != nullptr) sink_->OnConnection(false, conn->server().ToString());
}

Result<GrpcReply> GrpcTransport::Call(const std::string& type, const Json& body) {
  bool relogged = false;
  for (;;) {
    auto conn = WaitConnection();
    if (!conn) return MakeError(ErrorCode::kUnavailable, "no server connected");
    auto reply = conn->Call(type, body, "config");
    if (!reply.ok()) {
      {
        std::lock_guard lock(mu_);
        if (conn_ == conn) conn_closed_ = true;  // the manager drops it and reconnects
      }
      cv_.notify_all();
      return reply.error();
    }
    if (reply->result_code() == 200) return reply;
    if (reply->error_code() == 301) {
      {
        std::lock_guard lock(mu_);
        if (conn_ == conn) conn_closed_ = true;
      }
      cv_.notify_all();
      return MakeError(ErrorCode::kUnavailable, "connection unregistered by the server");
    }
    if (reply->error_code() == 403 && auth_.enabled() && !relogged) {
      relogged = true;
      auth_.Invalidate();
      continue;
    }
    return reply;
  }
}

Result<QueryResult> GrpcTransport::Query(const ConfigKey& key) {
  auto reply = Call("ConfigQueryRequest",
                    {{"dataId", key.data_id}, {"group", key.group}, {"tenant", KeyTenant()}, {"notify", false}});
  if (!reply.ok()) return reply.error();
  QueryResult result;
  if (reply->result_code() != 200) {
    if (reply->error_code() == 300) return result;  // not found
    return ErrorFromGrpc("ConfigQueryRequest", *reply);
  }
  result.found = true;
  if (reply->body.contains("content") && reply->body["content"].is_string()) {
    result.config.content = reply->body["content"].get<std::string>();
  }
  result.config.md5 = Md5Hex(result.config.content);
  if (reply->body.contains("contentType") && reply->body["contentType"].is_string()) {
    result.config.type = reply->body["contentType"].get<std::string>();
  }
  return result;
}

Result<void> GrpcTransport::Publish(const ConfigKey& key, std::string_view content,
                                    const PublishOptions& options) {
  Json addition = Json::object();
  if (!options.type.empty()) addition["type"] = options.type;
  Json body = {{"dataId", key.data_id}, {"group", key.group}, {"tenant", KeyTenant()},
               {"content", std::string(content)}, {"additionMap", addition}};
  if (!options.cas_md5.empty()) body["casMd5"] = options.cas_md5;
  auto reply = Call("ConfigPublishRequest", body);
  if (!reply.ok()) return reply.error();
  if (reply->result_code() != 200) return ErrorFromGrpc("ConfigPublishRequest", *reply);
  return Ok();
}

Result<void> GrpcTransport::Remove(const ConfigKey& key) {
  auto reply = Call("ConfigRemoveRequest", {{"dataId", key.data_id}, {"group", key.group}, {"tenant", KeyTenant()}});
  if (!reply.ok()) return reply.error();
  if (reply->result_code() != 200) return ErrorFromGrpc("ConfigRemoveRequest", *reply);
  return Ok();
}

bool GrpcTransport::Connect() {
  const ServerAddress server = servers_.Current();
  GrpcSettings settings = settings_;
  settings.token = [this, server] { return auth_.Token(server); };
  auto weak_self = this;
  GrpcConnection::Handlers handlers;
  handlers.on_push = [weak_self](const std::string& type, const Json& body) {
    if (type == "ConfigChangeNotifyRequest") {
      ConfigKey key{body.value("dataId", std::string()), body.value("group", std::string())};
      weak_self->sink_->MarkDirty({Normalized(std::move(key))});
    } else if (type == "ConnectResetRequest") {
      std::lock_guard lock(weak_self->mu_);
      weak_self->reset_requested_ = true;
      const std::string ip = body.value("serverIp", std::string());
      const std::string port = body.value("serverPort", std::string());
      if (!ip.empty() && !port.empty()) weak_self->reset_to_ = ServerAddress{ip, std::atoi(port.c_str())};
      weak_self->cv_.notify_all();
    }
  };
  auto opened = GrpcConnection::Open(server, settings, std::move(handlers));
  if (!opened.ok()) {
    ClientLog()->warn("event=grpc_connect_failed server={} error=\"{}\"", server.ToString(),
                      opened.error().ToString());
    servers_.Advance();
    return false;
  }
  std::shared_ptr<GrpcConnection> conn = std::move(opened).value();
  {
    std::lock_guard lock(mu_);
    conn_ = conn;
    conn_closed_ = false;
    listened_.clear();
  }
  cv_.notify_all();
  sink_->OnConnection(true, server.ToString());
  return true;
}

bool GrpcTransport::SyncListens(bool full) {
  auto keys = sink_->ListenedKeys();
  std::set<std::pair<std::string, std::string>> now;
  Json add = Json::array();
  std::set<std::pair<std::string, std::string>> before;
  {
    std::lock_guard lock(mu_);
    before = listened_;
  }
  for (const auto& entry : keys) {
    auto id = std::make_pair(entry.key.data_id, entry.key.group);
    now.insert(id);
    if (!full && before.count(id) != 0) continue;
    add.push_back({{"dataId", entry.key.data_id}, {"group", entry.key.group}, {"tenant", KeyTenant()},
                   {"md5", entry.md5}});
  }
  Json remove = Json::array();
  for (const auto& id : before) {
    if (now.count(id) == 0) remove.push_back({{"dataId", id.first}, {"group", id.second}, {"tenant", KeyTenant()}, {"md5", ""}});
  }
  if (!remove.empty()) {
    auto reply = Call("ConfigBatchListenRequest", {{"listen", false}, {"configListenContexts", remove}});
    if (!reply.ok()) return false;
  }
  if (!add.empty()) {
    auto reply = Call("ConfigBatchListenRequest", {{"listen", true}, {"configListenContexts", add}});
    if (!reply.ok() || reply->result_code() != 200) return false;
    std::vector<ConfigKey> changed;
    for (const Json& c : reply->body.value("changedConfigs", Json::array())) {
      changed.push_back(Normalized({c.value("dataId", std::string()), c.value("group", std::string())}));
    }
    if (!changed.empty()) sink_->MarkDirty(changed);
  }
  std::lock_guard lock(mu_);
  listened_ = std::move(now);
  return true;
}

void GrpcTransport::ManagerLoop() {
  NameThisThread("lever-grpc");
  Backoff backoff(options_.backoff_min, options_.backoff_max);
  auto next_resync = Clock::now() + options_.full_resync_interval;
  for (;;) {
    std::shared_ptr<GrpcConnection> conn;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      conn = conn_;
    }
    if (!conn) {
      if (!Connect()) {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, backoff.Next(), [&] { return stopping_; });
        continue;
      }
      backoff.Reset();
      if (!SyncListens(true)) continue;
      sink_->MarkDirty({});  // re-fetch everything: a change made while disconnected is delivered
      next_resync = Clock::now() + options_.full_resync_interval;
      continue;
    }
    bool closed = false, reset = false, changed = false;
    std::optional<ServerAddress> reset_to;
    {
      std::unique_lock lock(mu_);
      const auto health_due = conn->last_activity() + options_.health_check_interval;
      cv_.wait_until(lock, std::min(health_due, next_resync), [&] {
        return stopping_ || listen_changed_ || reset_requested_ || conn_closed_ || conn_ != conn || conn->closed();
      });
      if (stopping_) return;
      closed = conn_closed_ || conn_ != conn || conn->closed();
      reset = reset_requested_;
      changed = listen_changed_;
      reset_to = reset_to_;
      reset_requested_ = listen_changed_ = false;
      reset_to_.reset();
    }
    if (closed) {
      Drop("stream closed or request failed");
      continue;
    }
    if (reset) {
      Drop("ConnectResetRequest");
      if (!reset_to || !servers_.Prefer(reset_to->host, reset_to->port)) servers_.Advance();
      continue;
    }
    if (changed && !SyncListens(false)) continue;
    const auto now = Clock::now();
    if (now >= next_resync) {
      next_resync = now + options_.full_resync_interval;
      if (!SyncListens(true)) continue;
    }
    if (now - conn->last_activity() >= options_.health_check_interval) {
      auto health = conn->Call("HealthCheckRequest", Json::object(), "internal");
      if (!health.ok() || health->result_code() != 200) Drop("health check failed");
    }
  }
}

}  // namespace lever::detail
