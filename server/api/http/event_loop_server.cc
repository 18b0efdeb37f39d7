#include "api/http/event_loop_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "api/http/elastic_thread_pool.h"
#include "api/http/wire/response_writer.h"

namespace lever::http {
namespace {

constexpr size_t kReadChunk = 64u << 10;
constexpr size_t kMaxReadPerEvent = 1u << 20;  // then other connections get their turn
constexpr int64_t kLingerMs = 2000;             // after a refusal, for the client to read it
constexpr int kSweepEveryMs = 500;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string AddressText(const sockaddr_storage& addr, int& port) {
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

}  // namespace

struct EventLoopServer::Connection {
  Connection(int fd, Loop* loop, const wire::RequestLimits& limits) : fd(fd), loop(loop), parser(limits) {}

  const int fd;
  Loop* const loop;
  std::string in;  // received, from in_pos on not yet parsed
  size_t in_pos = 0;
  wire::RequestParser parser;
  std::optional<wire::ParsedRequest> pending;  // handed to a worker
  std::string out;                             // unsent part of an inline answer, from out_pos
  size_t out_pos = 0;
  bool close_after_out = false;
  bool peer_closed = false;
  bool over_capacity = false;
  bool continue_sent = false;
  bool lingering = false;  // refused: reading until the client closes, then closing
  std::string remote_addr, local_addr;
  int remote_port = -1, local_port = -1;
  int64_t last_active_ms = 0;
  int64_t request_started_ms = 0;
  bool armed = false;  // GUARDED_BY(loop->mutex_): waiting in epoll, owned by no thread
};

class EventLoopServer::Loop {
 public:
  explicit Loop(EventLoopServer* server) : server_(server) {}
  ~Loop() {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
  }

  bool Init(int listen_fd) {
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

  void StartThread() { thread_ = std::thread([this] { Run(); }); }
  void Wake() {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

  // Gives a connection the owner is done with back to epoll (closed instead while stopping).
  void Arm(Connection* conn, uint32_t events) {
    std::lock_guard lock(mutex_);
    if (server_->stopping_.load()) return CloseLocked(conn);
    conn->armed = true;
    epoll_event ev{};
    ev.events = events | EPOLLONESHOT;
    ev.data.ptr = conn;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn->fd, &ev) != 0) CloseLocked(conn);
  }

  void Close(Connection* conn) {
    std::lock_guard lock(mutex_);
    CloseLocked(conn);
  }

  // After the thread has stopped: closes every connection waiting in epoll.
  void CloseAllArmed() {
    std::lock_guard lock(mutex_);
    std::vector<Connection*> armed;
    for (Connection* conn : conns_) {
      if (conn->armed) armed.push_back(conn);
    }
    for (Connection* conn : armed) CloseLocked(conn);
  }

 private:
  void Run() {
    epoll_event events[128];
    int64_t last_sweep = NowMs();
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
      const int64_t now = NowMs();
      if (now - last_sweep >= kSweepEveryMs) {
        Sweep(now);
        last_sweep = now;
      }
    }
  }

  void Accept() {
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
      conn->remote_addr = AddressText(peer, conn->remote_port);
      sockaddr_storage local{};
      len = sizeof local;
      if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
        conn->local_addr = AddressText(local, conn->local_port);
      }
      conn->over_capacity = server_->open_.fetch_add(1) + 1 > server_->options_.max_connections;
      conn->last_active_ms = NowMs();
      std::lock_guard lock(mutex_);
      conns_.insert(conn);
      conn->armed = true;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
      ev.data.ptr = conn;
      if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) CloseLocked(conn);
    }
  }

  void OnEvent(Connection* conn) {
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
    conn->last_active_ms = NowMs();
    if (conn->lingering) {
      if (conn->peer_closed) return Close(conn);
      return Arm(conn, EPOLLIN | EPOLLRDHUP);
    }
    server_->Process(conn, /*on_loop=*/true);
  }

  void Sweep(int64_t now) {
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

  void CloseLocked(Connection* conn) {
    conns_.erase(conn);
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, conn->fd, nullptr);
    ::close(conn->fd);
    server_->open_.fetch_sub(1);
    delete conn;
  }

  EventLoopServer* const server_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int listen_fd_ = -1;
  char listen_tag_ = 0;
  char wake_tag_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::unordered_set<Connection*> conns_;  // GUARDED_BY(mutex_)
};

EventLoopServer::EventLoopServer(EventLoopOptions options, const RequestDispatcher* dispatcher)
    : options_(std::move(options)), dispatcher_(dispatcher) {}

EventLoopServer::~EventLoopServer() { Stop(); }

size_t EventLoopServer::worker_threads() const { return pool_ ? pool_->threads() : 0; }
size_t EventLoopServer::busy_workers() const { return pool_ ? pool_->busy() : 0; }

Status EventLoopServer::Start() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  const std::string where = options_.host + ":" + port;
  if (getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found) != 0) {
    return Status::InvalidArgument("cannot resolve HTTP host " + options_.host);
  }
  for (addrinfo* a = found; a && listen_fd_ < 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, options_.listen_backlog) == 0) {
      listen_fd_ = fd;
    } else {
      ::close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) return Status::Unavailable("cannot bind HTTP port " + where + ": " + std::strerror(errno));
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  AddressText(bound, port_);

  pool_ = std::make_unique<ElasticThreadPool>(options_.min_threads, options_.max_threads);
  for (size_t i = 0; i < std::max<size_t>(1, options_.loops); ++i) {
    auto loop = std::make_unique<Loop>(this);
    if (!loop->Init(listen_fd_)) return Status::Internal(std::string("cannot set up epoll: ") + std::strerror(errno));
    loops_.push_back(std::move(loop));
  }
  for (auto& loop : loops_) loop->StartThread();
  return Status::Ok();
}

void EventLoopServer::Stop() {
  if (stopping_.exchange(true)) return;
  for (auto& loop : loops_) loop->Wake();
  for (auto& loop : loops_) loop->Join();
  for (auto& loop : loops_) loop->CloseAllArmed();
  if (pool_) pool_->shutdown();  // workers finish; the connections they hand back are closed
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  loops_.clear();
}

void EventLoopServer::Process(Connection* conn, bool on_loop) {
  for (;;) {
    conn->in_pos += conn->parser.Consume(std::string_view(conn->in).substr(conn->in_pos));
    if (conn->in_pos == conn->in.size()) {
      conn->in.clear();
      conn->in_pos = 0;
      if (conn->in.capacity() > (1u << 20)) conn->in.shrink_to_fit();
    }
    if (conn->parser.failed()) {
      const wire::ParseError& error = conn->parser.error();
      return AnswerRefusal(conn, error.status, "caused: " + error.message + ";");
    }
    if (!conn->parser.done()) {
      if (conn->parser.awaiting_body_after_continue() && !conn->continue_sent) {
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        conn->continue_sent = true;
        if (!SendBlocking(conn, kContinue, sizeof kContinue - 1)) return conn->loop->Close(conn);
      }
      if (conn->peer_closed) return conn->loop->Close(conn);
      if (!conn->parser.in_progress()) {
        conn->request_started_ms = 0;
      } else if (conn->request_started_ms == 0) {
        conn->request_started_ms = NowMs();
      }
      if (conn->in_pos > 0) {
        conn->in.erase(0, conn->in_pos);
        conn->in_pos = 0;
      }
      return conn->loop->Arm(conn, EPOLLIN | EPOLLRDHUP);
    }
    wire::ParsedRequest request = conn->parser.Take();
    conn->continue_sent = false;
    conn->request_started_ms = 0;
    request.raw.remote_addr = conn->remote_addr;
    request.raw.remote_port = conn->remote_port;
    request.raw.local_addr = conn->local_addr;
    request.raw.local_port = conn->local_port;
    if (conn->over_capacity) {
      refused_.fetch_add(1);
      return AnswerRefusal(conn, 503, "caused: too many connections, over " +
                                          std::to_string(options_.max_connections) + "; retry later;");
    }
    const Route* route = dispatcher_->Find(request.raw);
    if (on_loop && !dispatcher_->RunsInline(route, request.raw)) {
      conn->pending = std::move(request);
      pool_->enqueue([this, conn] { ServeOnWorker(conn); });
      return;
    }
    if (route && route->async_handler) return ServeAsync(conn, *route, request);  // conn is not ours now
    const bool head_only = request.raw.method == "HEAD";
    httplib::Response res;
    dispatcher_->Serve(route, request, res);
    const bool keep_alive = request.keep_alive && !stopping_.load() && !wire::ResponseClosesConnection(res);
    if (on_loop && !res.content_provider_) {
      wire::AppendResponse(conn->out, res, keep_alive, head_only);
      conn->close_after_out = !keep_alive;
      if (!FlushOut(conn)) return;  // waiting for EPOLLOUT, or closed
    } else if (!WriteBlocking(conn, res, keep_alive, head_only)) {
      return conn->loop->Close(conn);
    }
    if (!keep_alive) return conn->loop->Close(conn);
    conn->last_active_ms = NowMs();
  }
}

void EventLoopServer::ServeOnWorker(Connection* conn) {
  wire::ParsedRequest request = std::move(*conn->pending);
  conn->pending.reset();
  const Route* route = dispatcher_->Find(request.raw);
  if (route && route->async_handler) return ServeAsync(conn, *route, request);
  const bool head_only = request.raw.method == "HEAD";
  httplib::Response res;
  dispatcher_->Serve(route, request, res);
  const bool keep_alive = request.keep_alive && !stopping_.load() && !wire::ResponseClosesConnection(res);
  if (!WriteBlocking(conn, res, keep_alive, head_only) || !keep_alive) return conn->loop->Close(conn);
  conn->last_active_ms = NowMs();
  Process(conn, /*on_loop=*/false);
}

void EventLoopServer::ServeAsync(Connection* conn, const Route& route, wire::ParsedRequest& request) {
  const bool keep_alive = request.keep_alive, head_only = request.raw.method == "HEAD";
  dispatcher_->ServeAsync(route, request, [this, conn, keep_alive, head_only](httplib::Response& res) {
    FinishAsync(conn, res, keep_alive, head_only);
  });
}

void EventLoopServer::FinishAsync(Connection* conn, httplib::Response& res, bool keep_alive, bool head_only) {
  keep_alive = keep_alive && !stopping_.load() && !wire::ResponseClosesConnection(res);
  wire::AppendResponse(conn->out, res, keep_alive, head_only);
  conn->close_after_out = !keep_alive;
  if (!FlushOut(conn)) return;  // the loop finishes the write, or closed
  if (!keep_alive) return conn->loop->Close(conn);
  conn->last_active_ms = NowMs();
  // Bytes of a next request already read would not wake epoll again: parse them on a worker.
  if (conn->in_pos < conn->in.size()) {
    pool_->enqueue([this, conn] { Process(conn, /*on_loop=*/false); });
    return;
  }
  conn->loop->Arm(conn, EPOLLIN | EPOLLRDHUP);
}

bool EventLoopServer::FlushOut(Connection* conn) {
  while (conn->out_pos < conn->out.size()) {
    const ssize_t n = ::send(conn->fd, conn->out.data() + conn->out_pos, conn->out.size() - conn->out_pos, MSG_NOSIGNAL);
    if (n > 0) {
      conn->out_pos += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      conn->last_active_ms = NowMs();
      conn->loop->Arm(conn, EPOLLOUT);
      return false;
    }
    conn->loop->Close(conn);
    return false;
  }
  conn->out.clear();
  conn->out_pos = 0;
  if (conn->out.capacity() > (1u << 20)) conn->out.shrink_to_fit();
  return true;
}

void EventLoopServer::AnswerRefusal(Connection* conn, int status, const std::string& text) {
  httplib::Response res;
  res.status = status;
  res.set_content(text, "text/plain;charset=UTF-8");
  if (status == 503) res.set_header("Retry-After", "1");
  std::string bytes;
  wire::AppendResponse(bytes, res, /*keep_alive=*/false, /*head_only=*/false);
  if (!SendBlocking(conn, bytes.data(), bytes.size()) || conn->peer_closed) return conn->loop->Close(conn);
  // Closing now would reset the connection if the client is still sending (a body over the
  // limit), and a reset can destroy the answer before the client reads it: half-close, then read
  // and drop until the client closes or kLingerMs pass.
  ::shutdown(conn->fd, SHUT_WR);
  conn->lingering = true;
  conn->in.clear();
  conn->in_pos = 0;
  conn->last_active_ms = NowMs();
  conn->loop->Arm(conn, EPOLLIN | EPOLLRDHUP);
}

bool EventLoopServer::SendBlocking(Connection* conn, const char* data, size_t size) {
  const int64_t deadline = NowMs() + int64_t{options_.write_timeout_s} * 1000;
  while (size > 0) {
    const ssize_t n = ::send(conn->fd, data, size, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const int64_t left = deadline - NowMs();
      if (left <= 0) return false;
      pollfd p{conn->fd, POLLOUT, 0};
      if (::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000))) < 0 && errno != EINTR) return false;
      continue;
    }
    return false;
  }
  return true;
}

bool EventLoopServer::WriteBlocking(Connection* conn, httplib::Response& res, bool keep_alive, bool head_only) {
  std::string bytes;
  if (!res.content_provider_) {
    wire::AppendResponse(bytes, res, keep_alive, head_only);
    return SendBlocking(conn, bytes.data(), bytes.size());
  }
  // A streamed body (console event stream): the provider writes through a sink until done.
  const wire::BodyFraming framing = res.is_chunked_content_provider_ ? wire::BodyFraming::kChunked
                                    : res.content_length_ > 0       ? wire::BodyFraming::kLength
                                                                    : wire::BodyFraming::kClose;
  wire::AppendHead(bytes, res, framing, res.content_length_, keep_alive);
  if (!SendBlocking(conn, bytes.data(), bytes.size())) return false;
  if (head_only) return framing != wire::BodyFraming::kClose;
  bool ok = true, done = false;
  size_t offset = 0;
  httplib::DataSink sink;
  sink.write = [&](const char* data, size_t size) {
    if (!ok) return false;
    if (framing == wire::BodyFraming::kChunked) {
      if (size == 0) return true;
      char head[24];
      const int n = std::snprintf(head, sizeof head, "%zx\r\n", size);
      ok = SendBlocking(conn, head, static_cast<size_t>(n)) && SendBlocking(conn, data, size) &&
           SendBlocking(conn, "\r\n", 2);
    } else {
      ok = SendBlocking(conn, data, size);
    }
    offset += size;
    return ok;
  };
  sink.done = [&] { done = true; };
  sink.is_writable = [&] { return ok; };
  while (ok && !done) {
    if (framing == wire::BodyFraming::kLength && offset >= res.content_length_) break;
    const size_t length = framing == wire::BodyFraming::kLength ? res.content_length_ - offset : 0;
    if (!res.content_provider_(offset, length, sink)) ok = false;
  }
  if (ok && framing == wire::BodyFraming::kChunked) ok = SendBlocking(conn, "0\r\n\r\n", 5);
  res.content_provider_success_ = ok;
  return ok && framing != wire::BodyFraming::kClose;
}

}  // namespace lever::http
