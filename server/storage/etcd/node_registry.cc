#include "storage/etcd/node_registry.h"

#include "storage/etcd/etcd_log.h"

#include <chrono>

#include "base/thread_name.h"

namespace lever::storage::etcd {

NodeRegistry::NodeRegistry(EtcdClient* client, std::string key, std::string value, int ttl_seconds)
    : client_(client), key_(std::move(key)), value_(std::move(value)), ttl_seconds_(ttl_seconds) {}

NodeRegistry::~NodeRegistry() { Stop(); }

Status NodeRegistry::Register() {
  auto lease = client_->LeaseGrant(ttl_seconds_);
  if (!lease.ok()) return lease.status();
  if (!lease->error().empty()) return Status::Internal("etcd lease grant: " + lease->error());
  etcdserverpb::PutRequest put;
  put.set_key(key_);
  put.set_value(value_);
  put.set_lease(lease->id());
  auto r = client_->Put(put);
  if (!r.ok()) return r.status();
  lease_id_ = lease->id();
  StorageLog()->info("event=node_registered key={} lease={} ttl_s={}", key_, lease_id_, ttl_seconds_);
  return Status::Ok();
}

Status NodeRegistry::Start() {
  LEVER_RETURN_IF_ERROR(Register());
  thread_ = std::thread([this] { KeepAliveLoop(); });
  return Status::Ok();
}

void NodeRegistry::KeepAliveLoop() {
  SetCurrentThreadName("lever-etcd-ttl");
  auto log = StorageLog();
  const auto period = std::chrono::milliseconds(ttl_seconds_ * 1000 / 3);
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, period, [&] { return stopping_; })) {
    lock.unlock();
    auto alive = client_->LeaseKeepAliveOnce(lease_id_);
    if (!alive.ok()) {
      log->warn("event=node_keepalive_failed key={} error=\"{}\"", key_, alive.status().ToString());
    } else if (alive->ttl() <= 0) {
      log->warn("event=node_lease_lost key={} lease={}", key_, lease_id_);
      Status s = Register();
      if (!s.ok()) log->warn("event=node_reregister_failed key={} error=\"{}\"", key_, s.ToString());
    }
    lock.lock();
  }
}

void NodeRegistry::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (lease_id_ != 0) {
    Status s = client_->LeaseRevoke(lease_id_);
    if (!s.ok()) StorageLog()->warn("event=node_unregister_failed key={} error=\"{}\"", key_, s.ToString());
  }
}

}  // namespace lever::storage::etcd
