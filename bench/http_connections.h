// HttpConnectionSet — N keep-alive HTTP/1.1 client connections to one host:port, driven by one
// epoll loop on the calling thread, built on raw non-blocking sockets so that the load
// generator costs a few syscalls per request and is never the bottleneck it measures.
//
// Each connection carries at most one request at a time (closed loop, like wrk). Responses must
// carry Content-Length (cpp-httplib and nginx static files do); a chunked or malformed response
// or a closed socket marks the connection dead and counts an error.
//
// Not thread safe: one instance per thread; a load run over several threads uses one set each.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lever::bench {

using Clock = std::chrono::steady_clock;

double MillisBetween(Clock::time_point from, Clock::time_point to);

struct HttpResponse {
  int status = 0;
  std::string body;
  Clock::time_point sent;  // when the request's first byte was handed to the kernel
  Clock::time_point done;  // when the last byte of the response was read
};

class HttpConnectionSet {
 public:
  // Called for every completed response; it may Send() the next request on `conn`.
  using OnResponse = std::function<void(size_t conn, const HttpResponse& response)>;

  HttpConnectionSet(std::string host, int port);
  ~HttpConnectionSet();
  HttpConnectionSet(const HttpConnectionSet&) = delete;
  HttpConnectionSet& operator=(const HttpConnectionSet&) = delete;

  // Opens `count` more connections (blocking connect, then non-blocking). False with `error`
  // when one cannot be opened; those opened so far stay.
  bool Open(size_t count, std::string* error);
  size_t size() const { return connections_.size(); }

  // Queues `request` (complete HTTP/1.1 bytes) on an idle, live connection; false otherwise.
  bool Send(size_t conn, std::string request);
  // Runs the loop until `deadline`, or until no request is in flight.
  void Run(Clock::time_point deadline, const OnResponse& on_response);

  size_t in_flight() const { return in_flight_; }
  size_t errors() const { return errors_; }
  size_t live() const;

 private:
  struct Connection {
    int fd = -1;
    bool busy = false;  // a request is in flight
    bool dead = false;
    bool watching_writes = false;
    std::string out;
    size_t out_offset = 0;
    std::string in;
    Clock::time_point sent;
  };
  void OnReadable(size_t conn, const OnResponse& on_response);
  void OnWritable(size_t conn);
  void Fail(size_t conn);
  void WatchWrites(size_t conn, bool on);

  std::string host_;
  int port_;
  int epoll_fd_;
  std::vector<Connection> connections_;
  size_t in_flight_ = 0;
  size_t errors_ = 0;
};

// Request builders.
std::string HttpGet(const std::string& host_port, const std::string& path);
std::string HttpPostForm(const std::string& host_port, const std::string& path, const std::string& body,
                         const std::string& extra_headers = "");

// One blocking request on a fresh connection set (setup and seeding, not measurement).
// Status -1 when the connection failed or `timeout` passed.
HttpResponse HttpRoundTrip(const std::string& host, int port, const std::string& request,
                           std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The value of a `name value` line of a Prometheus text page, or -1.
double PrometheusValue(const std::string& page, const std::string& name);

}  // namespace lever::bench
