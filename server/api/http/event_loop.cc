#include "api/http/event_loop.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "base/thread_name.h"

namespace lever::http {
namespace {

constexpr size_t kReadChunk = 64u << 10;
constexpr size_t kMaxReadPerEvent = 1u << 20;  // then other connections get their turn
constexpr int64_t kLingerMs = 2000;             // after a refusal, for the client to read it
constexpr int kSweepEveryMs = 500;

}  // namespace

int64_t EventLoopNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string SocketAddressText(const sockaddr_storage& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
    if (std::strncmp(text, "::ffff:", 7) == 0 && std::strchr(text + 7, '.')) return text + 7;  // IPv4-mapped
  }
  return text;
}

EventLoopServer::Loop::~Loop() {
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool EventLoopServer::Loop::Init(int listen_fd) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) return false;
  listen_fd_ = listen_fd;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLEXCLUSIVE;  // one loop wakes per new connection
  ev.data.ptr = &listen_tag_;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd, &ev) != 0) return false;
  ev.events = EPOLLIN;
  ev.data.ptr = &wake_tag_;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) == 0;
}

void EventLoopServer::Loop::StartThread() {
  thread_ = std::thread([this] { Run(); });
}

void EventLoopServer::Loop::Wake() {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void EventLoopServer::Loop::Join() {
  if (thread_.joinable()) thread_.join();
}

void EventLoopServer::Loop::Arm(Connection* conn, uint32_t events) {
  std::lock_guard lock(mutex_);
  if (server_->stopping_.load()) return CloseLocked(conn);
  conn->armed = true;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = conn;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn->fd, &ev) != 0) CloseLocked(conn);
}

void EventLoopServer::Loop::Close(Connection* conn) {
  std::lock_guard lock(mutex_);
  CloseLocked(conn);
}

void EventLoopServer::Loop::CloseAllArmed() {
  std::lock_guard lock(mutex_);
  std::vector<Connection*> armed;
  for (Connection* conn : conns_) {
    if (conn->armed) armed.push_back(conn);
  }
  for (Connection* conn : armed) CloseLocked(conn);
}

void EventLoopServer::Loop::Run() {
  SetCurrentThreadName("lever-http-io");
  epoll_event events[128];
  int64_t last_sweep = EventLoopNowMs();
  while (!server_->stopping_.load()) {
    const int n = epoll_wait(epoll_fd_, events, 128, kSweepEveryMs);
    if (n < 0 && errno != EINTR) {
      spdlog::get("http")->error("event=epoll_wait_failed error=\"{}\"", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &listen_tag_) {
        Accept();
      } else if (tag == &wake_tag_) {
        uint64_t count;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
      } else {
        auto* conn = static_cast<Connection*>(tag);
        {
          std::lock_guard lock(mutex_);
          conn->armed = false;
        }
        OnEvent(conn);
      }
    }
    const int64_t now = EventLoopNowMs();
    if (now - last_sweep >= kSweepEveryMs) {
      Sweep(now);
      last_sweep = now;
    }
  }
}

void EventLoopServer::Loop::Accept() {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE) {
        spdlog::get("http")->warn("event=accept_failed error=\"{}\"", std::strerror(errno));
      }
      return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto* conn = new Connection(fd, this, server_->options_.limits);
    conn->remote_addr = SocketAddressText(peer, conn->remote_port);
    sockaddr_storage local{};
    len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
      conn->local_addr = SocketAddressText(local, conn->local_port);
    }
    conn->over_capacity = server_->open_.fetch_add(1) + 1 > server_->options_.max_connections;
    conn->last_active_ms = EventLoopNowMs();
    std::lock_guard lock(mutex_);
    conns_.insert(conn);
    conn->armed = true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    ev.data.ptr = conn;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) CloseLocked(conn);
  }
}

void EventLoopServer::Loop::OnEvent(Connection* conn) {
  if (conn->out_pos < conn->out.size()) {
    if (!server_->FlushOut(conn)) return;
    if (conn->close_after_out) return Close(conn);
  }
  char buffer[kReadChunk];
  size_t total = 0;
  while (total < kMaxReadPerEvent) {
    const ssize_t n = ::recv(conn->fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      total += static_cast<size_t>(n);
      if (!conn->lingering) conn->in.append(buffer, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof buffer) break;  // drained; epoll re-checks on re-arm
      continue;
    }
    if (n == 0) {
      conn->peer_closed = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return Close(conn);  // reset by the peer
  }
  conn->last_active_ms = EventLoopNowMs();
  if (conn->lingering) {
    if (conn->peer_closed) return Close(conn);
    return Arm(conn, EPOLLIN | EPOLLRDHUP);
  }
  server_->Process(conn, /*on_loop=*/true);
}

void EventLoopServer::Loop::Sweep(int64_t now) {
  const EventLoopOptions& o = server_->options_;
  std::lock_guard lock(mutex_);
  std::vector<Connection*> expired;
  for (Connection* conn : conns_) {
    if (!conn->armed) continue;
    const int64_t idle = now - conn->last_active_ms;
    bool expire;
    if (conn->lingering) {
      expire = idle > kLingerMs;
    } else if (conn->out_pos < conn->out.size()) {
      expire = idle > int64_t{o.write_timeout_s} * 1000;
    } else if (conn->parser.in_progress()) {
      expire = now - conn->request_started_ms > int64_t{o.read_timeout_s} * 1000;
    } else {
      expire = idle > int64_t{o.keep_alive_timeout_s} * 1000;
    }
    if (expire) expired.push_back(conn);
  }
  for (Connection* conn : expired) CloseLocked(conn);
}

void EventLoopServer::Loop::CloseLocked(Connection* conn) {
  conns_.erase(conn);
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, conn->fd, nullptr);
  ::close(conn->fd);
  server_->open_.fetch_sub(1);
  delete conn;
}

}  // namespace lever::http
