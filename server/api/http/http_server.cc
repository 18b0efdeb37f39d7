#include "api/http/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "api/http/console_events.h"
#include "api/http/elastic_thread_pool.h"
#include "api/http/event_loop_server.h"
#include "api/http/http_metrics.h"
#include "api/http/request_dispatcher.h"
#include "api/http/static_files.h"

namespace lever::http {

HttpServer::HttpServer(HttpServerOptions options, HandlerDeps deps, RequestGuard* guard)
    : options_(std::move(options)), deps_(std::move(deps)), guard_(guard) {
  console_events_ = std::make_unique<ConsoleEvents>(deps_.hub, options_.max_console_streams);
  deps_.console_events = console_events_.get();
  AddAllRoutes(router_, deps_);
  deps_.http_metrics = [this] { return MetricsText(); };
  metrics_ = std::make_unique<HttpMetrics>(router_.routes());
}

HttpServer::~HttpServer() { Stop(); }

void AddAllRoutes(HttpRouter& router, const HandlerDeps& deps) {
  AddConfigRoutes(router, deps);
  AddHistoryRoutes(router, deps);
  AddNamespaceRoutes(router, deps);
  AddListenerRoutes(router, deps);
  AddOpsRoutes(router, deps);
  AddConsoleRoutes(router, deps);
  AddAuthRoutes(router, deps);
  AddClusterRoutes(router, deps);
}

Status HttpServer::Start() {
  if (!options_.tls_cert_path.empty()) return StartTls();
  std::string console_dir = options_.console_dir;
  if (!console_dir.empty() && !std::filesystem::is_directory(console_dir)) {
    spdlog::get("http")->warn("event=console_missing dir={} hint=\"build web/ with npm run build\"", console_dir);
    console_dir.clear();
  }
  static_files_ = std::make_unique<StaticFiles>("/nacos", console_dir);
  HttpMetrics* metrics = metrics_.get();
  dispatcher_ = std::make_unique<RequestDispatcher>(
      router_, guard_, [metrics](const Route& r, int status, double s) { metrics->Observe(r, status, s); },
      static_files_.get());
  EventLoopOptions eo;
  eo.host = options_.host;
  eo.port = options_.port;
  eo.loops = options_.event_loops;
  eo.min_threads = options_.min_threads;
  eo.max_threads = options_.max_threads;
  eo.max_connections = options_.max_connections;
  eo.keep_alive_timeout_s = options_.keep_alive_timeout_s;
  eo.listen_backlog = options_.listen_backlog;
  eo.limits.max_body_bytes = options_.max_body_bytes;
  event_loop_ = std::make_unique<EventLoopServer>(eo, dispatcher_.get());
  if (Status s = event_loop_->Start(); !s.ok()) {
    event_loop_.reset();
    return s;
  }
  port_ = event_loop_->port();
  deps_.http_port = port_;
  return Status::Ok();
}

void HttpServer::Stop() {
  if (!server_ && !event_loop_) return;
  console_events_->Shutdown();
  if (event_loop_) {
    event_loop_->Stop();
    event_loop_.reset();
  }
  if (server_) StopTls();
}

std::string HttpServer::MetricsText() const {
  std::string text = metrics_->Render();
  size_t threads = 0, busy = 0, refused = 0;
  bool running = false;
  if (event_loop_) {
    threads = event_loop_->worker_threads();
    busy = event_loop_->busy_workers();
    refused = event_loop_->refused();
    running = true;
    text += "# TYPE lever_http_connections gauge\nlever_http_connections " +
            std::to_string(event_loop_->open_connections()) + "\n";
  } else if (pool_ && server_ && server_->is_running()) {
    threads = pool_->threads();
    busy = pool_->busy();
    refused = pool_->refused();
    running = true;
  }
  if (running) {
    text += "# TYPE lever_http_threads gauge\nlever_http_threads " + std::to_string(threads) + "\n";
    text += "# TYPE lever_http_threads_busy gauge\nlever_http_threads_busy " + std::to_string(busy) + "\n";
    text += "# TYPE lever_http_connections_refused_total counter\nlever_http_connections_refused_total " +
            std::to_string(refused) + "\n";
  }
  return text;
}

}  // namespace lever::http
