// HTTPS on the HTTP port: cpp-httplib's SSLServer, one pool thread per connection. Plain HTTP is
// served by EventLoopServer (http_server.cc); both run the same routes through HttpRouter.
#include "api/http/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <future>

#include "api/http/elastic_thread_pool.h"
#include "api/http/http_metrics.h"
#include "base/thread_name.h"

namespace lever::http {
namespace {

int PortOf(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

// Half-closes (read side) every accepted TCP socket of this process whose local port is
// `local_port` and, unless `peer_port` is -1, whose peer port is `peer_port`. cpp-httplib keeps a
// connection in its keep-alive wait whatever the response said; shutting the read side ends that
// wait at once (after the response being written, which is not affected). The library does not
// expose the socket, so it is found in /proc/self/fd.
void ShutdownReadSide(int local_port, int peer_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* entry = readdir(dir)) {
    int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(dir)) continue;
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening) continue;
    sockaddr_storage addr{};
    socklen_t addr_len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0 || PortOf(addr) != local_port) continue;
    if (peer_port != -1) {
      addr_len = sizeof addr;
      if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0 || PortOf(addr) != peer_port) continue;
    }
    ::shutdown(fd, SHUT_RD);
  }
  closedir(dir);
}

// Without this a shutdown would wait out the keep-alive timeout of idle connections.
void WakeIdleConnections(int port) { ShutdownReadSide(port, -1); }

}  // namespace

Status HttpServer::StartTls() {
  auto log = spdlog::get("http");
  auto tls = std::make_unique<httplib::SSLServer>(options_.tls_cert_path.c_str(), options_.tls_key_path.c_str());
  if (!tls->is_valid()) {
    return Status::InvalidArgument("cannot load TLS certificate " + options_.tls_cert_path + " with key " +
                                   options_.tls_key_path + " (PEM files expected, key matching the certificate)");
  }
  server_ = std::move(tls);
  server_->new_task_queue = [this] {
    auto* pool = new ElasticThreadPool(options_.min_threads, options_.max_threads, options_.max_connections);
    pool_ = pool;
    return pool;
  };
  server_->set_keep_alive_max_count(100000);
  server_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
  server_->set_tcp_nodelay(true);
  // The packaged cpp-httplib listens with a backlog of 5, so a burst of reconnecting clients
  // (every listener of a restarted server) would see SYNs dropped and retried for seconds.
  // Remember the listening socket here and raise its backlog after binding.
  server_->set_socket_options([this](int fd) {
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = fd;
  });
  server_->set_read_timeout(30, 0);
  server_->set_write_timeout(30, 0);
  // A connection over max_connections is told so and closed before its body is read.
  const std::string over_capacity =
      "caused: too many connections, over " + std::to_string(options_.max_connections) + "; retry later;";
  server_->set_pre_routing_handler([over_capacity](const httplib::Request& req, httplib::Response& res) {
    if (!ElasticThreadPool::OverCapacity()) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 503;
    res.set_header("Connection", "close");
    res.set_header("Retry-After", "1");
    // Written by a provider so the read side is shut only once the answer is out: that ends the
    // keep-alive wait (the library keeps waiting whatever Connection says) and the connection.
    const int local_port = req.local_port, peer_port = req.remote_port;
    res.set_content_provider(
        over_capacity.size(), "text/plain;charset=UTF-8",
        [over_capacity, local_port, peer_port](size_t offset, size_t length, httplib::DataSink& sink) {
          sink.write(over_capacity.data() + offset, length);
          ShutdownReadSide(local_port, peer_port);
          return true;
        });
    return httplib::Server::HandlerResponse::Handled;
  });
  if (!options_.console_dir.empty()) {
    if (!std::filesystem::is_directory(options_.console_dir) ||
        !server_->set_mount_point("/nacos", options_.console_dir)) {
      log->warn("event=console_missing dir={} hint=\"build web/ with npm run build\"", options_.console_dir);
    }
  }
  server_->Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/nacos/"); });
  server_->Get("/nacos", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/nacos/"); });
  HttpMetrics* metrics = metrics_.get();
  router_.Install(*server_, guard_,
                  [metrics](const Route& r, int status, double s) { metrics->Observe(r, status, s); },
                  options_.max_body_bytes);
  const std::string too_large = "caused: request body over " + std::to_string(options_.max_body_bytes) + " bytes;";
  server_->set_error_handler([too_large](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty()) res.set_content("no such endpoint: " + req.path + "\n", "text/plain");
    if (res.status == 413 && res.body.empty()) res.set_content(too_large, "text/plain");
  });

  port_ = options_.port == 0 ? server_->bind_to_any_port(options_.host)
                             : (server_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port_ <= 0) {
    return Status::Unavailable("cannot bind HTTP port " + options_.host + ":" + std::to_string(options_.port));
  }
  deps_.http_port = port_;
  if (listen_fd_ >= 0 && ::listen(listen_fd_, options_.listen_backlog) != 0) {
    log->warn("event=listen_backlog_failed backlog={}", options_.listen_backlog);
  }
  thread_ = std::thread([this] {
    SetCurrentThreadName("lever-https");
    server_->listen_after_bind();
  });
  return Status::Ok();
}

void HttpServer::StopTls() {
  server_->stop();
  if (thread_.joinable()) {
    auto joined = std::async(std::launch::async, [this] { thread_.join(); });
    // Repeat: a connection accepted just before stop() may only now reach its keep-alive wait.
    do {
      WakeIdleConnections(port_);
    } while (joined.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready);
  }
  pool_ = nullptr;
  server_.reset();
}

}  // namespace lever::http
