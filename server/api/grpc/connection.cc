#include "api/grpc/connection.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "api/grpc/grpc_runtime.h"

namespace lever::rpc {

namespace {

int64_t SteadyNowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Refuses a stream while the server shuts down.
class RejectedStream : public grpc::ServerBidiReactor<Payload, Payload> {
 public:
  RejectedStream() { Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down")); }
  void OnDone() override { delete this; }
};

}  // namespace

// The reactor of one bi-stream. gRPC owns it (deleted in OnDone); all logic is in Connection.
class BiStreamReactor : public grpc::ServerBidiReactor<Payload, Payload> {
 public:
  explicit BiStreamReactor(std::shared_ptr<Connection> conn) : conn_(std::move(conn)) {}
  void Begin() { StartRead(&read_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      conn_->Close("stream ended by client");
      return;
    }
    conn_->OnInbound(read_);
    // An idle stream holds its read message until the next one arrives: give back what this one
    // allocated (its body and metadata) rather than keep it for as long as the client is idle.
    read_ = Payload();
    if (!conn_->closed()) StartRead(&read_);
  }
  void OnWriteDone(bool ok) override { conn_->OnWriteDone(ok); }
  void OnCancel() override { conn_->Close("stream cancelled"); }
  void OnDone() override {
    conn_->OnStreamDone();
    delete this;
  }

 private:
  std::shared_ptr<Connection> conn_;
  Payload read_;
};

Connection::Connection(Runtime* runtime, std::string peer, std::string id)
    : runtime_(runtime),
      peer_(std::move(peer)),
      id_(std::move(id)),
      last_active_ms_(SteadyNowMs()) {}

Connection::~Connection() = default;

StreamReactor* Connection::OpenStream(Runtime* runtime, grpc::CallbackServerContext* ctx) {
  if (runtime->shutting_down.load()) return new RejectedStream();
  std::string peer = ctx->peer();
  auto conn = std::make_shared<Connection>(runtime, peer, runtime->registry.ClaimId(peer));
  auto* reactor = new BiStreamReactor(conn);
  conn->reactor_ = reactor;
  if (auto displaced = runtime->registry.AddStream(peer, conn))
    displaced->Close("replaced by a new stream");
  reactor->Begin();
  return reactor;
}

std::string Connection::client_ip() const {
  std::lock_guard lock(mutex_);
  return client_ip_;
}

std::string Connection::label(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = labels_.find(name);
  return it == labels_.end() ? "" : it->second;
}

bool Connection::registered() const {
  std::lock_guard lock(mutex_);
  return registered_;
}

bool Connection::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void Connection::Touch() { last_active_ms_.store(SteadyNowMs(), std::memory_order_relaxed); }

size_t Connection::listen_count() const {
  std::lock_guard lock(mutex_);
  return listens_.size();
}

// ------------------------------------------------------------------------------ inbound

void Connection::OnInbound(const Payload& payload) {
  Touch();
  InboundMessage msg = DecodePayload(payload);
  if (msg.type == "ConnectionSetupRequest") {
    HandleSetup(msg);
  } else {
    HandleResponse(msg);  // any other type is an answer to one of our requests
  }
}

void Connection::HandleSetup(const InboundMessage& msg) {
  auto body = ParseBody(msg.body);
  if (!body) {
    Close("unparseable ConnectionSetupRequest");
    return;
  }
  const auto& opts = runtime_->options;
  if (runtime_->shutting_down.load()) {
    Close("server shutting down");
    return;
  }
  if (opts.max_connections > 0 &&
      runtime_->stats.connections.load() >= static_cast<uint64_t>(opts.max_connections)) {
    GrpcLog().warn("event=refuse conn_id={} peer={} reason=\"connection limit {}\"", id_, peer_,
                   opts.max_connections);
    // As Nacos does over its limit: ConnectResetRequest (the SDK moves to another server), then
    // close. The connection never registers, so its unary calls get 301.
    Deferred refuse;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      if (reactor_ != nullptr) {
        Enqueue({Kind::kReset, {}}, /*front=*/true, refuse);
      } else {
        refuse.close = true;
        refuse.reason = "over the connection limit";
      }
    }
    Execute(refuse);
    return;
  }
  Deferred todo;
  std::string ip, version;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || registered_) return;  // a repeated setup changes nothing
    client_ip_ = msg.client_ip.empty() ? ParsePeer(peer_).ip : msg.client_ip;
    if (auto labels = body->find("labels"); labels != body->end() && labels->is_object()) {
      for (const auto& [k, v] : labels->items())
        labels_[k] = v.is_string() ? v.get<std::string>() : v.dump();
    }
    client_version_ = StringField(*body, "clientVersion");
    registered_ = true;
    runtime_->stats.connections.fetch_add(1);
    runtime_->stats.connections_opened.fetch_add(1);
    ip = client_ip_;
    version = client_version_;
    auto table = body->find("abilityTable");
    if (opts.ability_negotiation && table != body->end() && !table->is_null()) {
      Enqueue({Kind::kSetupAck, {}}, /*front=*/true, todo);
    }
  }
  GrpcLog().info("event=connect conn_id={} peer={} client_ip={} version=\"{}\" tenant=\"{}\"", id_,
                 peer_, ip, version, StringField(*body, "tenant"));
  Execute(todo);
}

void Connection::HandleResponse(const InboundMessage& msg) {
  // One answer per push and listener: read the two fields without building a JSON tree.
  auto answer = ParsePushAnswer(msg.body);
  if (!answer) return;
  const std::string& rid = answer->request_id;
  if (rid.empty()) return;  // e.g. SetupAckResponse: nothing to match
  const bool success = answer->result_code == 200;
  Deferred todo;
  TimerQueue::TimerId cancel = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (rid == detection_request_id_) {
      if (!success) return;  // the detection timeout decides
      detection_request_id_.clear();
      detection_pending_ = false;
      cancel = detection_timer_;
      detection_timer_ = 0;
    } else if (auto it = acks_.find(rid); it != acks_.end()) {
      const core::ConfigKey key = std::move(it->second);
      acks_.erase(it);
      auto ps = pushes_.find(key);
      if (ps == pushes_.end() || ps->second.inflight != rid) return;  // superseded attempt
      PushState& state = ps->second;
      state.inflight.clear();
      cancel = state.timer;
      state.timer = 0;
      if (!success) {
        OnPushFailed(key, state, todo);
      } else {
        runtime_->stats.push_acks.fetch_add(1, std::memory_order_relaxed);
        runtime_->stats.RecordPushLatency(SteadyNowUs() - state.changed_at_us);
        if (state.resend_after_ack) {
          const int64_t changed_at = state.resend_changed_at_us;
          state = PushState{};
          state.changed_at_us = changed_at;
          StartAttempt(key, state, todo);
        } else {
          pushes_.erase(ps);
        }
      }
    }
  }
  runtime_->timers.Cancel(cancel);
  Execute(todo);
}

// ------------------------------------------------------------------------------ listening

bool Connection::Listen(const core::ConfigKey& key, const std::string& raw_tenant,
                        const std::string& md5) {
  std::lock_guard lock(mutex_);
  if (closed_ || !registered_) return false;
  auto [it, inserted] = listens_.try_emplace(key);
  it->second.raw_tenant = raw_tenant;
  runtime_->hub->Watch(key, shared_from_this(), client_ip_, md5);
  if (inserted) runtime_->stats.listens.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void Connection::Unlisten(const core::ConfigKey& key) {
  TimerQueue::TimerId cancel = 0;
  {
    std::lock_guard lock(mutex_);
    if (listens_.erase(key) == 0) return;
    runtime_->stats.listens.fetch_sub(1, std::memory_order_relaxed);
    runtime_->hub->Unwatch(key, this);
    if (auto ps = pushes_.find(key); ps != pushes_.end()) {
      cancel = ps->second.timer;
      acks_.erase(ps->second.inflight);
      pushes_.erase(ps);  // a queued entry for it is skipped when its turn comes
    }
  }
  runtime_->timers.Cancel(cancel);
}

void Connection::OnConfigChanged(const core::ChangeEvent& event) {
  Deferred todo;
  TimerQueue::TimerId cancel = 0;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || !registered_ || !listens_.contains(event.key)) return;
    auto [it, fresh] = pushes_.try_emplace(event.key);
    PushState& ps = it->second;
    const int64_t now = SteadyNowUs();
    if (fresh) ps.changed_at_us = now;
    if (ps.queued) {
      runtime_->stats.pushes_coalesced.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (!ps.inflight.empty()) {  // the client may already be reading the older version
      if (ps.resend_after_ack) {
        runtime_->stats.pushes_coalesced.fetch_add(1, std::memory_order_relaxed);
      } else {
        ps.resend_after_ack = true;
        ps.resend_changed_at_us = now;
      }
      return;
    }
    cancel = ps.timer;  // a retry was waiting: the new change goes out now instead
    ps.timer = 0;
    StartAttempt(event.key, ps, todo);
  }
  runtime_->timers.Cancel(cancel);
  Execute(todo);
}

}  // namespace lever::rpc
