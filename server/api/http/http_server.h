// HttpServer: lever-server's HTTP port (Nacos Open API v1/v2, long-poll, console, ops).
// Owns the route table and the transport: EventLoopServer (epoll, event_loop_server.h) for plain
// HTTP, cpp-httplib's SSLServer when TLS is on. Handlers live in *_handlers.cc and reach the core
// through HandlerDeps; they are the same whichever transport serves them.
//
// Thread safety: Start() and Stop() are called by the owning thread; the rest is thread safe.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "api/http/http_router.h"
#include "api/http/routes.h"
#include "base/status.h"

namespace lever::http {

struct HttpServerOptions {
  std::string host = "0.0.0.0";
  int port = 8848;  // 0 = pick a free port
  size_t event_loops = 2;  // plain HTTP: threads that own the connections (epoll)
  size_t min_threads = 8;
  // Workers: requests that may block at once (held long-polls count). Under TLS, connections
  // served at once (each keep-alive holds one).
  size_t max_threads = 2048;
  // Connections open at once (served or queued); past it a connection is answered 503 and
  // closed (ElasticThreadPool's overflow lane).
  size_t max_connections = 2048;
  // PEM files; both set = HTTPS only (a plaintext request gets no HTTP answer), both empty =
  // plain HTTP. Start() fails when they cannot be loaded.
  std::string tls_cert_path;
  std::string tls_key_path;
  size_t max_body_bytes = 32u << 20;  // 10 MiB of content is up to 30 MiB url-encoded
  // Idle keep-alive connections are closed after this long. Keep it >= 5 s so clients whose pools
  // drop idle sockets at 4-5 s (Node.js agents) never reuse a socket the server closed. (Under
  // TLS, cpp-httplib 0.11 polls each idle keep-alive socket every ~10 ms until then.)
  int keep_alive_timeout_s = 5;
  int listen_backlog = 4096;  // pending connections the kernel queues (capped by somaxconn)
  std::string console_dir;  // built web console served at /nacos/; empty = none
  size_t max_console_streams = 64;  // live-update streams of open consoles
};

class HttpMetrics;
class ElasticThreadPool;
class ConsoleEvents;
class EventLoopServer;
class RequestDispatcher;
class StaticFiles;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HandlerDeps deps, RequestGuard* guard = nullptr);
  ~HttpServer();

  // Binds the port and starts serving on a background thread.
  Status Start();
  // Stops accepting, closes connections and joins the server thread. Idempotent.
  void Stop();

  int port() const { return port_; }
  const HttpRouter& router() const { return router_; }
  std::string MetricsText() const;

 private:
  Status StartTls();  // http_server_tls.cc
  void StopTls();

  HttpServerOptions options_;
  HandlerDeps deps_;
  RequestGuard* guard_;
  HttpRouter router_;
  std::unique_ptr<ConsoleEvents> console_events_;
  std::unique_ptr<HttpMetrics> metrics_;
  // Plain HTTP.
  std::unique_ptr<StaticFiles> static_files_;
  std::unique_ptr<RequestDispatcher> dispatcher_;
  std::unique_ptr<EventLoopServer> event_loop_;
  // TLS.
  std::unique_ptr<httplib::Server> server_;
  ElasticThreadPool* pool_ = nullptr;  // owned by server_
  std::thread thread_;
  int port_ = 0;
  int listen_fd_ = -1;
};

}  // namespace lever::http
