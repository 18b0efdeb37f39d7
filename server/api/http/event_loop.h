// Internals of EventLoopServer shared by its two source files: a connection's state and one
// event loop (an epoll set and its thread). Not part of the HTTP module's interface.
//
// A Loop's thread accepts connections (the listening socket is in every loop's epoll set with
// EPOLLEXCLUSIVE), reads what arrived and passes it to EventLoopServer::Process, and every 500 ms
// closes connections that have been idle, half-sent or lingering too long. Arm/Close may be called
// by whichever thread owns a connection.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>

#include "api/http/event_loop_server.h"

namespace lever::http {

int64_t EventLoopNowMs();
// "a.b.c.d" or an IPv6 address (IPv4-mapped ones as IPv4), and the port into `port`.
std::string SocketAddressText(const sockaddr_storage& addr, int& port);

struct EventLoopServer::Connection {
  Connection(int fd, Loop* loop, const wire::RequestLimits& limits) : fd(fd), loop(loop), parser(limits) {}

  const int fd;
  Loop* const loop;
  std::string in;  // received, from in_pos on not yet parsed
  size_t in_pos = 0;
  wire::RequestParser parser;
  std::optional<wire::ParsedRequest> pending;  // handed to a worker
  const Route* pending_route = nullptr;        // its route (null: static file, 404 ...)
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
  ~Loop();

  bool Init(int listen_fd);  // epoll set watching the shared listening socket
  void StartThread();
  void Wake();
  void Join();

  // Gives a connection the owner is done with back to epoll (closed instead while stopping).
  void Arm(Connection* conn, uint32_t events);
  void Close(Connection* conn);

  // After the thread has stopped: closes every connection waiting in epoll.
  void CloseAllArmed();

 private:
  void Run();
  void Accept();
  void OnEvent(Connection* conn);
  void Sweep(int64_t now);
  void CloseLocked(Connection* conn);

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

}  // namespace lever::http
