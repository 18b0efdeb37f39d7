#include "http_connections.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <strings.h>

namespace lever::bench {

double MillisBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}


HttpConnectionSet::HttpConnectionSet(std::string host, int port)
    : host_(std::move(host)), port_(port), epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {}

HttpConnectionSet::~HttpConnectionSet() {
  for (auto& c : connections_) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(epoll_fd_);
}

bool HttpConnectionSet::Open(size_t count, std::string* error) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  if (inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) {
    if (error) *error = "not an IPv4 address: " + host_;
    return false;
  }
  connections_.reserve(connections_.size() + count);
  for (size_t i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (error) *error = "connect " + host_ + ":" + std::to_string(port_) + ": " + std::strerror(errno);
      if (fd >= 0) ::close(fd);
      return false;
    }
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    Connection c;
    c.fd = fd;
    connections_.push_back(std::move(c));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = connections_.size() - 1;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }
  return true;
}

size_t HttpConnectionSet::live() const {
  size_t n = 0;
  for (const auto& c : connections_) n += c.dead ? 0 : 1;
  return n;
}

bool HttpConnectionSet::Send(size_t conn, std::string request) {
  Connection& c = connections_[conn];
  if (c.dead || c.busy) return false;
  c.busy = true;
  ++in_flight_;
  c.out = std::move(request);
  c.out_offset = 0;
  c.sent = Clock::now();
  OnWritable(conn);
  return true;
}

void HttpConnectionSet::WatchWrites(size_t conn, bool on) {
  Connection& c = connections_[conn];
  if (c.watching_writes == on) return;
  c.watching_writes = on;
  epoll_event ev{};
  ev.events = on ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
  ev.data.u64 = conn;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

void HttpConnectionSet::OnWritable(size_t conn) {
  Connection& c = connections_[conn];
  while (c.out_offset < c.out.size()) {
    ssize_t n = ::send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_offset += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      WatchWrites(conn, true);
      return;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      Fail(conn);
      return;
    }
  }
  WatchWrites(conn, false);
}

void HttpConnectionSet::Fail(size_t conn) {
  Connection& c = connections_[conn];
  if (c.dead) return;
  c.dead = true;
  ++errors_;
  if (c.busy) --in_flight_;
  c.busy = false;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  c.fd = -1;
}

namespace {

// Parses one complete response at the front of `in`. Returns the bytes it spans, 0 when more
// bytes are needed, or -1 when it cannot be framed (no Content-Length, chunked, garbage).
long FrameResponse(const std::string& in, HttpResponse* out) {
  const size_t header_end = in.find("\r\n\r\n");
  if (header_end == std::string::npos) return in.size() > (64u << 10) ? -1 : 0;
  if (in.compare(0, 5, "HTTP/") != 0) return -1;
  const size_t space = in.find(' ');
  if (space == std::string::npos || space > header_end) return -1;
  const int status = std::atoi(in.c_str() + space + 1);
  long length = -1;
  size_t line = in.find("\r\n") + 2;
  while (line < header_end) {
    const size_t eol = in.find("\r\n", line);
    if (eol - line > 15 && strncasecmp(in.c_str() + line, "content-length:", 15) == 0) {
      length = std::atol(in.c_str() + line + 15);
    }
    line = eol + 2;
  }
  if (length < 0) return -1;
  const size_t total = header_end + 4 + static_cast<size_t>(length);
  if (in.size() < total) return 0;
  out->status = status;
  out->body.assign(in, header_end + 4, static_cast<size_t>(length));
  return static_cast<long>(total);
}

}  // namespace

void HttpConnectionSet::OnReadable(size_t conn, const OnResponse& on_response) {
  Connection& c = connections_[conn];
  char buffer[16384];
  for (;;) {
    ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      c.in.append(buffer, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof buffer) break;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      Fail(conn);  // closed by the server (or reset)
      return;
    }
  }
  if (!c.busy) return;
  HttpResponse response;
  const long used = FrameResponse(c.in, &response);
  if (used < 0) {
    Fail(conn);
    return;
  }
  if (used == 0) return;
  response.done = Clock::now();
  response.sent = c.sent;
  c.in.erase(0, static_cast<size_t>(used));
  c.busy = false;
  --in_flight_;
  on_response(conn, response);
}

void HttpConnectionSet::Run(Clock::time_point deadline, const OnResponse& on_response) {
  epoll_event events[256];
  while (in_flight_ > 0) {
    const auto now = Clock::now();
    if (now >= deadline) return;
    const int timeout_ms =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
    const int n = epoll_wait(epoll_fd_, events, 256, timeout_ms);
    for (int i = 0; i < n; ++i) {
      const size_t conn = events[i].data.u64;
      if (connections_[conn].dead) continue;
      if (events[i].events & EPOLLOUT) OnWritable(conn);
      if (connections_[conn].dead) continue;
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) OnReadable(conn, on_response);
    }
  }
}

std::string HttpGet(const std::string& host_port, const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: " + host_port + "\r\n\r\n";
}

std::string HttpPostForm(const std::string& host_port, const std::string& path, const std::string& body,
                         const std::string& extra_headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: " + host_port +
         "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

HttpResponse HttpRoundTrip(const std::string& host, int port, const std::string& request,
                           std::chrono::milliseconds timeout) {
  HttpConnectionSet set(host, port);
  HttpResponse result;
  result.status = -1;
  if (!set.Open(1, nullptr) || !set.Send(0, request)) return result;
  set.Run(Clock::now() + timeout, [&](size_t, const HttpResponse& r) { result = r; });
  return result;
}

double PrometheusValue(const std::string& page, const std::string& name) {
  const std::string needle = "\n" + name + " ";
  size_t at = page.rfind(name + " ", 0) == 0 ? 0 : page.find(needle);
  if (at == std::string::npos) return -1;
  if (at != 0) ++at;
  return std::strtod(page.c_str() + at + name.size() + 1, nullptr);
}

}  // namespace lever::bench
