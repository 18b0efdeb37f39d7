#include "api/http/event_loop_server.h"

#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "api/http/elastic_thread_pool.h"
#include "api/http/event_loop.h"
#include "api/http/wire/response_writer.h"

namespace lever::http {

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
  SocketAddressText(bound, port_);

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
        conn->request_started_ms = EventLoopNowMs();
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
      conn->pending_route = route;
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
    conn->last_active_ms = EventLoopNowMs();
  }
}

void EventLoopServer::ServeOnWorker(Connection* conn) {
  wire::ParsedRequest request = std::move(*conn->pending);
  conn->pending.reset();
  const Route* route = conn->pending_route;
  if (route && route->async_handler) return ServeAsync(conn, *route, request);
  const bool head_only = request.raw.method == "HEAD";
  httplib::Response res;
  dispatcher_->Serve(route, request, res);
  const bool keep_alive = request.keep_alive && !stopping_.load() && !wire::ResponseClosesConnection(res);
  if (!WriteBlocking(conn, res, keep_alive, head_only) || !keep_alive) return conn->loop->Close(conn);
  conn->last_active_ms = EventLoopNowMs();
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
  conn->last_active_ms = EventLoopNowMs();
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
      conn->last_active_ms = EventLoopNowMs();
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
  conn->last_active_ms = EventLoopNowMs();
  conn->loop->Arm(conn, EPOLLIN | EPOLLRDHUP);
}

bool EventLoopServer::SendBlocking(Connection* conn, const char* data, size_t size) {
  const int64_t deadline = EventLoopNowMs() + int64_t{options_.write_timeout_s} * 1000;
  while (size > 0) {
    const ssize_t n = ::send(conn->fd, data, size, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      size -= static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      const int64_t left = deadline - EventLoopNowMs();
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
