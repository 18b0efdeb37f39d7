// EventLoopServer: the plain-HTTP transport of lever-server's HTTP port.
//
// A few event-loop threads (epoll) own the connections. Each reads what arrived, parses it with
// wire::RequestParser and either answers at once on the loop thread (what the dispatcher calls
// inline: config reads, health, console files, long-poll checks) with one send, or hands the
// connection to a worker of an ElasticThreadPool for anything that may block (publishes that
// fsync, cluster calls, event streams, imports); the worker writes the answer and gives the
// connection back. An idle keep-alive connection costs nothing until its next byte: no thread,
// no polling.
//
// Ownership: a connection is armed in its loop's epoll (EPOLLONESHOT) or owned by exactly one
// thread (the loop handling its event, one worker, or the thread delivering a pending
// asynchronous answer); only its owner may read, write or close it.
//
// Limits: connections past max_connections get their first request answered 503 and are closed;
// idle keep-alive connections close after keep_alive_timeout_s, half-sent requests after
// read_timeout_s; a response that cannot be written for write_timeout_s ends its connection. A
// request the parser refuses (413, 431, 400...) is answered in Nacos v1 text and the connection is
// closed after the client has been given time to read the answer.
//
// Asynchronous routes (held long-polls) keep their connection without any thread until they
// answer; they must all have answered before Stop() (LongPollService::Shutdown() first).
//
// Thread safety: Start() and Stop() from the owning thread; the counters from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "api/http/request_dispatcher.h"
#include "api/http/wire/request_parser.h"
#include "base/status.h"

namespace lever::http {

struct EventLoopOptions {
  std::string host = "0.0.0.0";
  int port = 0;  // 0 = any free port
  size_t loops = 2;
  size_t min_threads = 8;     // worker pool
  size_t max_threads = 2048;  // workers busy at once
  size_t max_connections = 2048;
  int keep_alive_timeout_s = 5;
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  int listen_backlog = 4096;
  wire::RequestLimits limits;
};

class ElasticThreadPool;

class EventLoopServer {
 public:
  // `dispatcher` must outlive the server.
  EventLoopServer(EventLoopOptions options, const RequestDispatcher* dispatcher);
  ~EventLoopServer();

  // Binds and listens, then starts the loop threads.
  Status Start();
  // Stops accepting, closes idle connections, lets workers finish and joins everything.
  void Stop();

  int port() const { return port_; }
  size_t worker_threads() const;
  size_t busy_workers() const;
  size_t refused() const { return refused_.load(std::memory_order_relaxed); }
  size_t open_connections() const { return open_.load(std::memory_order_relaxed); }

 private:
  struct Connection;
  class Loop;

  void Process(Connection* conn, bool on_loop);
  void ServeOnWorker(Connection* conn);
  // An asynchronous route (held long-poll): the connection waits, owned by the pending answer,
  // and FinishAsync (on whichever thread answers) writes it and hands the connection back.
  void ServeAsync(Connection* conn, const Route& route, wire::ParsedRequest& request);
  void FinishAsync(Connection* conn, httplib::Response& res, bool keep_alive, bool head_only);
  void AnswerRefusal(Connection* conn, int status, const std::string& text);
  bool FlushOut(Connection* conn);
  bool WriteBlocking(Connection* conn, httplib::Response& res, bool keep_alive, bool head_only);
  bool SendBlocking(Connection* conn, const char* data, size_t size);

  EventLoopOptions options_;
  const RequestDispatcher* dispatcher_;
  std::unique_ptr<ElasticThreadPool> pool_;
  std::vector<std::unique_ptr<Loop>> loops_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> open_{0};
  std::atomic<size_t> refused_{0};
};

}  // namespace lever::http
