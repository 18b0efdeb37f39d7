#include "app/server_app.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "api/grpc/grpc_metrics.h"
#include "api/grpc/grpc_server.h"
#include "api/http/auth_guard.h"
#include "api/http/http_server.h"
#include "api/http/long_poll_service.h"
#include "auth/auth_runtime.h"
#include "base/clock.h"
#include "base/thread_name.h"
#include "core/config_service.h"
#include "core/validation.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "app/cluster_setup.h"
#include "watch/watch_hub.h"

namespace lever::app {
namespace {

constexpr const char* kVersion = "0.1.0";

// The built console next to a source checkout (build/server/app/lever-server -> web/dist), or
// in the working directory.
std::string FindConsoleDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> candidates;
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      candidates.push_back(dir / "web" / "dist");
    }
  }
  candidates.push_back(std::filesystem::current_path(ec) / "web" / "dist");
  for (const auto& c : candidates) {
    if (std::filesystem::exists(c / "index.html", ec)) return c.string();
  }
  return "";
}

}  // namespace

ServerApp::ServerApp(ServerOptions options) : options_(std::move(options)) {}

ServerApp::~ServerApp() { Stop(); }

Status ServerApp::Start() {
  auto log = spdlog::get("server");
  const auto started = std::chrono::steady_clock::now();
  if (options_.store == "memory") {
    store_ = std::make_unique<storage::MemoryStore>();
  } else if (options_.store == "etcd") {  // cluster mode
    auto opened = OpenEtcdStore(options_);
    if (!opened.ok()) return opened.status();
    etcd_ = opened->get();
    store_ = std::move(opened).value();
  } else {
    std::error_code ec;
    std::filesystem::create_directories(options_.data_dir, ec);
    if (ec) return Status::Internal("cannot create data dir " + options_.data_dir + ": " + ec.message());
    storage::RocksDbStoreOptions so;
    so.path = (std::filesystem::path(options_.data_dir) / "rocksdb").string();
    so.sync_writes = options_.sync_writes;
    auto opened = storage::RocksDbStore::Open(so);
    if (!opened.ok()) return opened.status();
    store_ = std::move(opened).value();
  }

  core::ConfigServiceOptions co;
  co.limits.max_content_bytes = options_.max_content_bytes;
  if (etcd_) co.max_batch = 32;  // one etcd Txn per group: stay under etcd's --max-txn-ops default (128)
  service_ = std::make_unique<core::ConfigService>(store_.get(), co);
  LEVER_RETURN_IF_ERROR(service_->Start());
  LEVER_RETURN_IF_ERROR(StartAuth());
  hub_ = std::make_unique<watch::WatchHub>(watch::Delivery::kOwnThread);
  service_->SetChangeListener(hub_.get());
  if (etcd_) LEVER_RETURN_IF_ERROR(etcd_->StartFeed(service_.get()));  // other nodes' commits -> hub

  http::LongPollOptions lo;
  lo.max_waiters = options_.max_long_polls;
  lo.min_hold_ms = options_.long_poll_min_hold_ms;
  long_polls_ = std::make_unique<http::LongPollService>(service_.get(), hub_.get(), lo);

  http::HttpServerOptions ho;
  ho.host = options_.host;
  ho.port = options_.port;
  ho.max_threads = options_.http_max_threads;
  ho.keep_alive_timeout_s = options_.http_keep_alive_seconds;
  ho.max_body_bytes = options_.max_body_bytes;
  ho.max_connections = options_.http_max_connections;
  ho.tls_cert_path = options_.tls_cert;
  ho.tls_key_path = options_.tls_key;
  ho.console_dir = options_.console_dir.empty() ? FindConsoleDir() : options_.console_dir;
  http::HandlerDeps deps;
  deps.service = service_.get();
  deps.hub = hub_.get();
  deps.long_polls = long_polls_.get();
  deps.version = kVersion;
  deps.auth_enabled = guard_ != nullptr;
  deps.authorizer = auth_->authorizer();
  deps.max_listeners_per_request = options_.max_listeners_per_request;
  deps.ready = [this] { return ready_; };
  if (etcd_) {
    deps.cluster_self = [this] { return AdvertiseHost(options_) + ":" + std::to_string(http_ ? http_->port() : 0); };
    deps.cluster_nodes = [this] {
      return LiveNodes(*etcd_, AdvertiseHost(options_) + ":" + std::to_string(http_ ? http_->port() : 0));
    };
  }
  deps.extra_metrics = [this] {
    std::string m;
    m += "# TYPE lever_configs gauge\nlever_configs " + std::to_string(service_->ConfigCount()) + "\n";
    m += "# TYPE lever_revision gauge\nlever_revision " + std::to_string(service_->LastRevision()) + "\n";
    m += "# TYPE lever_watch_subscriptions gauge\nlever_watch_subscriptions " + std::to_string(hub_->subscription_count()) + "\n";
    m += "# TYPE lever_watch_deliveries_total counter\nlever_watch_deliveries_total " + std::to_string(hub_->delivered_count()) + "\n";
    m += "# TYPE lever_watch_events_coalesced_total counter\nlever_watch_events_coalesced_total " + std::to_string(hub_->coalesced_count()) + "\n";
    m += "# TYPE lever_long_polls gauge\nlever_long_polls " + std::to_string(long_polls_->active()) + "\n";
    m += "# TYPE lever_long_polls_rejected_total counter\nlever_long_polls_rejected_total " + std::to_string(long_polls_->rejected()) + "\n";
    if (grpc_) m += rpc::FormatGrpcMetrics(grpc_->Stats());
    return m;
  };
  if (options_.grpc_port != -1) {  // constructed before HTTP starts serving /metrics
    rpc::GrpcServerOptions go;
    go.host = options_.host;
    go.port = options_.grpc_port;
    go.push_ack_timeout_ms = options_.grpc_push_ack_timeout_ms;
    go.push_retry_delay_ms = options_.grpc_push_retry_delay_ms;
    go.push_max_retries = options_.grpc_push_max_retries;
    go.client_idle_ms = options_.grpc_detect_idle_ms;
    go.client_detection_timeout_ms = options_.grpc_detect_timeout_ms;
    go.client_check_interval_ms = options_.grpc_detect_interval_ms;
    go.max_connections = options_.grpc_max_connections;
    go.ability_negotiation = options_.grpc_ability_negotiation;
    go.worker_threads = options_.grpc_worker_threads;
    go.tls_cert_path = options_.tls_cert;
    go.tls_key_path = options_.tls_key;
    go.max_listeners_per_request = options_.max_listeners_per_request;
    if (guard_) {
      go.authorize = [a = auth_->authorizer()](const rpc::AuthRequest& r) {
        const std::string resource = auth::ConfigResource(core::NormalizeTenant(r.tenant), r.group, r.data_id);
        return a->Check({r.access_token, "", "", ""}, resource, r.write ? auth::Action::kWrite : auth::Action::kRead);
      };
    }
    grpc_ = std::make_unique<rpc::GrpcServer>(service_.get(), hub_.get(), go);
  }
  http_ = std::make_unique<http::HttpServer>(ho, std::move(deps), guard_.get());
  LEVER_RETURN_IF_ERROR(http_->Start());
  if (grpc_) LEVER_RETURN_IF_ERROR(grpc_->Start());
  if (etcd_) LEVER_RETURN_IF_ERROR(RegisterClusterNode(*etcd_, options_, http_->port(), grpc_ ? grpc_->port() : -1));

  if (options_.history_retention_days > 0) retention_thread_ = std::thread([this] { RetentionLoop(); });

  ready_ = true;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  log->info("event=ready http_port={} grpc_port={} configs={} revision={} startup_ms={} console={} version={}",
            http_->port(), grpc_ ? grpc_->port() : -1, service_->ConfigCount(), service_->LastRevision(), ms,
            ho.console_dir.empty() ? "none"
                                   : (options_.tls_cert.empty() ? "http" : "https") + std::string("://127.0.0.1:") +
                                         std::to_string(http_->port()) + "/nacos/",
            kVersion);
  return Status::Ok();
}

Status ServerApp::StartAuth() {
  const bool on = options_.auth == "on";
  auth::AuthRuntimeOptions ao;
  if (options_.store != "memory") ao.key_dir = (std::filesystem::path(options_.data_dir) / "auth").string();
  if (options_.store == "etcd") {  // nodes share the Store: one signing key, accounts re-read
    ao.key_in_store = true;
    ao.refresh_interval = std::chrono::seconds(2);
  }
  ao.token_ttl_seconds = options_.auth_token_ttl_seconds;
  ao.login_attempts_per_minute = options_.auth_login_attempts_per_minute;
  ao.bootstrap_admin = on;
  // From the environment only: a flag would show the password in `ps`.
  if (const char* pw = std::getenv("LEVER_ADMIN_PASSWORD"); pw != nullptr) ao.admin_password = pw;
  auto started = auth::AuthRuntime::Start(store_.get(), ao);
  if (!started.ok()) return started.status();
  auth_ = std::move(started).value();
  if (on) guard_ = std::make_unique<http::AuthGuard>(auth_->authorizer(), service_.get());
  return Status::Ok();
}

void ServerApp::RetentionLoop() {
  SetCurrentThreadName("lever-retention");
  auto log = spdlog::get("storage");
  std::unique_lock lock(retention_mutex_);
  while (!stopping_) {
    lock.unlock();
    const int64_t cutoff = NowEpochMillis() - int64_t{options_.history_retention_days} * 86400 * 1000;
    auto pruned = store_->PruneHistory(cutoff);
    if (!pruned.ok()) {
      log->warn("event=history_prune_failed error=\"{}\"", pruned.status().ToString());
    } else if (*pruned > 0) {
      log->info("event=history_pruned rows={} retention_days={}", *pruned, options_.history_retention_days);
    }
    lock.lock();
    retention_cv_.wait_for(lock, std::chrono::hours(1), [&] { return stopping_; });
  }
}

void ServerApp::Stop() {
  if (!http_ && !retention_thread_.joinable()) {
    if (etcd_) etcd_->StopFeed();  // a start that failed half-way: the feed calls into the service
    return;
  }
  auto log = spdlog::get("server");
  log->info("event=stopping");
  ready_ = false;
  {
    std::lock_guard lock(retention_mutex_);
    stopping_ = true;
  }
  retention_cv_.notify_all();
  if (retention_thread_.joinable()) retention_thread_.join();
  if (long_polls_) long_polls_->Shutdown();
  if (grpc_) grpc_->Shutdown();  // ConnectResetRequest to every gRPC client, then stop
  if (http_) http_->Stop();
  // Hands out the changes still queued (the adapters' watchers are closed by now and ignore
  // them) before the adapters go away; later ones, from the etcd feed, are delivered in place.
  if (hub_) hub_->StopDelivery();
  http_.reset();
  grpc_.reset();
  // After the adapters (an in-flight write may wait for the feed), before the service goes.
  if (etcd_) etcd_->StopFeed();
  log->info("event=stopped revision={}", service_ ? service_->LastRevision() : 0);
}

}  // namespace lever::app
