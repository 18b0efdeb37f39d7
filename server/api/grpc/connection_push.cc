// Connection, outbound half: the write queue, ack timeouts, retries, idle detection and close.
#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "api/grpc/connection.h"
#include "api/grpc/grpc_runtime.h"

namespace lever::rpc {

void Connection::Enqueue(Outgoing out, bool front, Deferred& todo) {
  if (front) {
    queue_.push_front(std::move(out));
  } else {
    queue_.push_back(std::move(out));
  }
  PumpLocked(todo);
}

void Connection::PumpLocked(Deferred& todo) {
  if (write_in_flight_ || finish_called_ || reactor_ == nullptr) return;
  if (closed_) {
    finish_called_ = true;
    todo.reactor = reactor_;
    todo.finish = true;
    return;
  }
  while (!queue_.empty()) {
    Outgoing out = std::move(queue_.front());
    queue_.pop_front();
    if (!BuildWrite(out)) continue;
    write_in_flight_ = true;
    todo.reactor = reactor_;
    todo.start_write = true;
    return;
  }
}

bool Connection::BuildWrite(const Outgoing& out) {
  switch (out.kind) {
    case Kind::kNotify: {
      auto lit = listens_.find(out.key);
      auto ps = pushes_.find(out.key);
      if (lit == listens_.end() || ps == pushes_.end() || !ps->second.queued) return false;
      const std::string rid = runtime_->NextRequestId();
      ps->second.queued = false;
      ps->second.inflight = rid;
      acks_[rid] = out.key;
      EncodePayloadText("ConfigChangeNotifyRequest",
                        NotifyBodyText(rid, out.key.data_id, out.key.group, lit->second.raw_tenant),
                        &write_buffer_);
      runtime_->stats.pushes_sent.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    case Kind::kSetupAck: {
      Json body = PushBody("");
      body["abilityTable"] = Json::object();  // a config-only server advertises nothing (§8.6)
      AddModule(body, "internal");
      EncodePayload("SetupAckRequest", body, &write_buffer_);
      return true;
    }
    case Kind::kDetection: {  // its requestId and timeout were set when it was queued
      Json body = PushBody(detection_request_id_);
      AddModule(body, "internal");
      EncodePayload("ClientDetectionRequest", body, &write_buffer_);
      return true;
    }
    case Kind::kReset: {
      // No serverIp/serverPort: the client moves on to the next server of its own list.
      Json body = PushBody(runtime_->NextRequestId());
      body["connectionId"] = id_;
      AddModule(body, "internal");
      EncodePayload("ConnectResetRequest", body, &write_buffer_);
      finish_after_write_ = true;
      return true;
    }
  }
  return false;
}

void Connection::OnWriteDone(bool ok) {
  Deferred todo;
  {
    std::lock_guard lock(mutex_);
    write_in_flight_ = false;
    write_buffer_ = Payload();  // written: do not hold its bytes while the stream is idle
    if (!ok) {
      todo.close = true;
      todo.reason = "write failed";
    } else if (finish_after_write_) {
      todo.close = true;
      todo.reason = "server shutdown";
    } else {
      PumpLocked(todo);
    }
    if (closed_ && !finish_called_ && reactor_ != nullptr) {
      finish_called_ = true;
      todo.reactor = reactor_;
      todo.finish = true;
    }
  }
  Execute(todo);
}

void Connection::StartAttempt(const core::ConfigKey& key, PushState& ps, Deferred& todo) {
  // A retry: after a failed attempt, whether its delay ran out or a newer change came first.
  if (ps.tries > 0) runtime_->stats.push_retries.fetch_add(1, std::memory_order_relaxed);
  ps.tries++;
  ps.attempt = next_attempt_++;
  std::weak_ptr<Connection> weak = weak_from_this();
  ps.timer = runtime_->timers.Schedule(runtime_->options.push_ack_timeout_ms,
                                       [weak, key, attempt = ps.attempt] {
                                         if (auto self = weak.lock())
                                           self->OnAttemptTimeout(key, attempt);
                                       });
  if (ps.queued) return;  // still waiting for the writer (a client that does not read)
  ps.queued = true;
  Enqueue({Kind::kNotify, key}, false, todo);
}

void Connection::OnAttemptTimeout(const core::ConfigKey& key, uint64_t attempt) {
  Deferred todo;
  {
    std::lock_guard lock(mutex_);
    auto ps = pushes_.find(key);
    if (closed_ || ps == pushes_.end() || ps->second.attempt != attempt) return;
    PushState& state = ps->second;
    state.timer = 0;
    if (!state.inflight.empty()) {
      acks_.erase(state.inflight);
      state.inflight.clear();
    }
    state.resend_after_ack = false;  // the retry carries the newest version anyway
    OnPushFailed(key, state, todo);
  }
  Execute(todo);
}

void Connection::OnPushFailed(const core::ConfigKey& key, PushState& ps, Deferred& todo) {
  const auto& opts = runtime_->options;
  if (ps.tries > opts.push_max_retries) {
    GrpcLog().warn("event=push_drop conn_id={} client_ip={} data_id={} group={} tenant={} tries={}",
                   id_, client_ip_, key.data_id, key.group, key.tenant, ps.tries);
    todo.close = true;
    todo.drop = true;
    todo.reason = "push retry limit";
    return;
  }
  std::weak_ptr<Connection> weak = weak_from_this();
  ps.timer = runtime_->timers.Schedule(static_cast<int64_t>(ps.tries) * opts.push_retry_delay_ms,
                                       [weak, key, attempt = ps.attempt] {
                                         if (auto self = weak.lock())
                                           self->OnRetryDue(key, attempt);
                                       });
}

void Connection::OnRetryDue(const core::ConfigKey& key, uint64_t attempt) {
  Deferred todo;
  {
    std::lock_guard lock(mutex_);
    auto ps = pushes_.find(key);
    if (closed_ || ps == pushes_.end() || ps->second.attempt != attempt) return;
    ps->second.timer = 0;
    StartAttempt(key, ps->second, todo);
  }
  Execute(todo);
}

void Connection::CheckIdle(int64_t now_ms) {
  Deferred todo;
  {
    std::lock_guard lock(mutex_);
    if (closed_ || !registered_ || detection_pending_) return;
    if (now_ms - last_active_ms_.load(std::memory_order_relaxed) < runtime_->options.client_idle_ms)
      return;
    detection_pending_ = true;
    // The answer is due client_detection_timeout_ms from now, written or not.
    const std::string rid = runtime_->NextRequestId();
    detection_request_id_ = rid;
    std::weak_ptr<Connection> weak = weak_from_this();
    detection_timer_ =
        runtime_->timers.Schedule(runtime_->options.client_detection_timeout_ms, [weak, rid] {
          if (auto self = weak.lock()) self->OnDetectionTimeout(rid);
        });
    Enqueue({Kind::kDetection, {}}, false, todo);
  }
  Execute(todo);
}

void Connection::OnDetectionTimeout(const std::string& request_id) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || detection_request_id_ != request_id) return;
  }
  Close("client detection timeout", /*dropped=*/true);
}

void Connection::SendResetAndClose() {
  Deferred todo;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (registered_ && reactor_ != nullptr) {
      Enqueue({Kind::kReset, {}}, /*front=*/true, todo);
    } else {
      todo.close = true;
      todo.reason = "server shutdown";
    }
  }
  Execute(todo);
}

void Connection::Close(const char* reason, bool dropped) {
  std::vector<core::ConfigKey> keys;
  std::vector<TimerQueue::TimerId> timers;
  StreamReactor* finish = nullptr;
  bool was_registered = false;
  std::string ip;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    was_registered = registered_;
    registered_ = false;
    ip = client_ip_;
    keys.reserve(listens_.size());
    for (const auto& [key, info] : listens_) keys.push_back(key);
    listens_.clear();
    for (const auto& [key, ps] : pushes_) timers.push_back(ps.timer);
    timers.push_back(detection_timer_);
    acks_.clear();
    pushes_.clear();
    queue_.clear();
    if (reactor_ != nullptr && !finish_called_ && !write_in_flight_) {
      finish_called_ = true;
      finish = reactor_;
    }
  }
  for (auto id : timers) runtime_->timers.Cancel(id);
  for (const auto& key : keys) runtime_->hub->Unwatch(key, this);
  runtime_->stats.listens.fetch_sub(keys.size(), std::memory_order_relaxed);
  runtime_->registry.Remove(peer_, this);
  if (was_registered) {
    runtime_->stats.connections.fetch_sub(1);
    runtime_->stats.connections_closed.fetch_add(1);
    if (dropped) runtime_->stats.connections_dropped.fetch_add(1);
    GrpcLog().info("event=disconnect conn_id={} peer={} client_ip={} listens={} reason=\"{}\"", id_,
                   peer_, ip, keys.size(), reason);
  }
  if (finish != nullptr) finish->Finish(grpc::Status::OK);
}

void Connection::OnStreamDone() {
  {
    std::lock_guard lock(mutex_);
    reactor_ = nullptr;
  }
  Close("stream done");
}

void Connection::Execute(const Deferred& todo) {
  if (todo.start_write) todo.reactor->StartWrite(&write_buffer_);
  if (todo.finish) todo.reactor->Finish(grpc::Status::OK);
  if (todo.close) Close(todo.reason, todo.drop);
}

}  // namespace lever::rpc
