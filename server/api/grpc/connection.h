// Connection — one Nacos client connection: its bi-stream, its registration (§8.5), the keys it
// listens to, and the queue of server->client messages with ack tracking and retries (§8.8).
//
// Pushes: every change of a listened key enqueues one ConfigChangeNotifyRequest; while one for a
// key is still queued further changes coalesce into it, so the queue never holds more than one
// entry per key (DESIGN.md decision 4). Exactly one gRPC write is in flight at a time. Each
// written push waits push_ack_timeout_ms for a response with its requestId (any response type,
// resultCode 200 = success); on failure it is re-sent after n x push_retry_delay_ms, and after
// push_max_retries failed re-sends the connection is dropped.
//
// Thread safety: every public method is thread safe. The internal mutex is never held while
// calling into gRPC, the watch hub (except Watch/Unwatch, which never call back) or the registry.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/grpc/payload_json.h"
#include "api/grpc/timer_queue.h"
#include "core/config_types.h"
#include "nacos_grpc_service.pb.h"
#include "watch/watch_hub.h"

namespace grpc {
class CallbackServerContext;
template <class Request, class Response>
class ServerBidiReactor;
}  // namespace grpc

namespace lever::rpc {

struct Runtime;
using StreamReactor = grpc::ServerBidiReactor<Payload, Payload>;

class Connection : public watch::Watcher, public std::enable_shared_from_this<Connection> {
 public:
  Connection(Runtime* runtime, std::string peer, std::string id);
  ~Connection() override;

  // Creates the connection and the reactor serving a new bi-stream (gRPC owns the reactor).
  static StreamReactor* OpenStream(Runtime* runtime, grpc::CallbackServerContext* ctx);

  const std::string& id() const { return id_; }
  const std::string& peer() const { return peer_; }
  // Metadata.clientIp of the setup (the peer IP if the client sent none). Fixed after setup.
  std::string client_ip() const;
  std::string label(const std::string& name) const;
  bool registered() const;
  // Refreshes the activity time that idle detection looks at.
  void Touch();

  // Adds `key` to the listen set and the watch hub. `raw_tenant` is echoed in pushes. False when
  // the connection is no longer registered.
  bool Listen(const core::ConfigKey& key, const std::string& raw_tenant, const std::string& md5);
  void Unlisten(const core::ConfigKey& key);
  size_t listen_count() const;

  // watch::Watcher: called on the committing writer's thread; only enqueues.
  void OnConfigChanged(const core::ChangeEvent& event) override;

  // Sends ClientDetectionRequest if idle for client_idle_ms and none is outstanding.
  void CheckIdle(int64_t now_ms);
  // Queues ConnectResetRequest and closes the stream once it is written.
  void SendResetAndClose();
  // Unregisters: drops listens, cancels timers, finishes the stream. Idempotent.
  void Close(const char* reason, bool dropped = false);

  // -- called by the stream reactor --
  bool closed() const;
  void OnInbound(const Payload& payload);
  void OnWriteDone(bool ok);
  void OnStreamDone();

 private:
  enum class Kind { kNotify, kSetupAck, kDetection, kReset };
  struct Outgoing {
    Kind kind;
    core::ConfigKey key;  // kNotify only
  };
  // One per listened key with a notification not yet acked. An attempt starts when the
  // notification is queued; it fails when no successful ack arrives within push_ack_timeout_ms
  // (also when it could not even be written: a client that stops reading is dropped too).
  struct PushState {
    bool queued = false;
    std::string inflight;           // requestId of the written attempt awaiting its ack, or ""
    bool resend_after_ack = false;  // changed again while in flight
    int tries = 0;                  // attempts so far without success
    uint64_t attempt = 0;           // identifies the current attempt for its timers
    TimerQueue::TimerId timer = 0;  // the attempt's ack timeout, or the retry delay
    int64_t changed_at_us = 0;      // first unacked change, for the latency histogram
    int64_t resend_changed_at_us = 0;
  };
  struct Listened {
    std::string raw_tenant;
  };
  // Actions decided under the lock and carried out after it is released.
  struct Deferred {
    StreamReactor* reactor = nullptr;
    bool start_write = false;
    bool finish = false;
    bool close = false;
    bool drop = false;
    const char* reason = "";
  };

  void HandleSetup(const InboundMessage& msg);
  void HandleResponse(const InboundMessage& msg);
  void Enqueue(Outgoing out, bool front, Deferred& todo);                        // mutex_ held
  void PumpLocked(Deferred& todo);                                               // mutex_ held
  bool BuildWrite(const Outgoing& out);                                          // mutex_ held
  void StartAttempt(const core::ConfigKey& key, PushState& ps, Deferred& todo);  // mutex_ held
  void OnAttemptTimeout(const core::ConfigKey& key, uint64_t attempt);
  void OnRetryDue(const core::ConfigKey& key, uint64_t attempt);
  void OnDetectionTimeout(const std::string& request_id);
  void OnPushFailed(const core::ConfigKey& key, PushState& ps, Deferred& todo);  // mutex_ held
  void Execute(const Deferred& todo);

  Runtime* const runtime_;
  const std::string peer_;
  const std::string id_;

  mutable std::mutex mutex_;
  StreamReactor* reactor_ = nullptr;  // null once the stream is done. GUARDED_BY(mutex_)
  bool registered_ = false;
  bool closed_ = false;
  bool write_in_flight_ = false;
  bool finish_called_ = false;
  bool finish_after_write_ = false;
  std::string client_ip_;
  std::map<std::string, std::string> labels_;
  std::string client_version_;
  std::atomic<int64_t> last_active_ms_;
  bool detection_pending_ = false;    // a ClientDetectionRequest is queued or awaiting its answer
  std::string detection_request_id_;  // the written one, "" if none
  TimerQueue::TimerId detection_timer_ = 0;

  std::list<Outgoing> queue_;  // not a deque: an empty list allocates nothing (most are empty)
  std::unordered_map<core::ConfigKey, Listened, watch::ConfigKeyHash> listens_;
  std::unordered_map<core::ConfigKey, PushState, watch::ConfigKeyHash> pushes_;
  std::unordered_map<std::string, core::ConfigKey> acks_;  // written notifications by requestId
  uint64_t next_attempt_ = 1;
  Payload write_buffer_;  // the message in flight; touched only by the thread that owns the write
};

}  // namespace lever::rpc
