#include "api/grpc/connection_registry.h"

#include <chrono>

#include "api/grpc/connection.h"
#include "api/grpc/timer_queue.h"

namespace lever::rpc {

PeerAddress ParsePeer(const std::string& peer) {
  std::string rest = peer;
  if (auto colon = rest.find(':');
      colon != std::string::npos && (rest.rfind("ipv4:", 0) == 0 || rest.rfind("ipv6:", 0) == 0)) {
    rest = rest.substr(colon + 1);
  }
  // gRPC may percent-encode the IPv6 brackets.
  for (auto [from, to] : {std::pair{"%5B", "["}, std::pair{"%5D", "]"}}) {
    for (size_t pos; (pos = rest.find(from)) != std::string::npos;) rest.replace(pos, 3, to);
  }
  PeerAddress out;
  const size_t port_colon = rest.rfind(':');
  if (port_colon == std::string::npos) {
    out.ip = rest;
    return out;
  }
  out.ip = rest.substr(0, port_colon);
  out.port = rest.substr(port_colon + 1);
  if (out.ip.size() >= 2 && out.ip.front() == '[' && out.ip.back() == ']') {
    out.ip = out.ip.substr(1, out.ip.size() - 2);
  }
  return out;
}

std::string ConnectionRegistry::NewId(const std::string& peer) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const PeerAddress addr = ParsePeer(peer);
  return std::to_string(millis) + "_" + addr.ip + "_" + addr.port;
}

std::string ConnectionRegistry::IdForPeer(const std::string& peer) {
  std::lock_guard lock(mutex_);
  if (auto it = by_peer_.find(peer); it != by_peer_.end()) return it->second->id();
  auto [it, inserted] = pending_.try_emplace(peer);
  if (inserted) it->second = {NewId(peer), SteadyNowMs()};
  return it->second.id;
}

std::string ConnectionRegistry::ClaimId(const std::string& peer) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(peer);
  if (it == pending_.end()) return NewId(peer);
  std::string id = std::move(it->second.id);
  pending_.erase(it);
  return id;
}

std::shared_ptr<Connection> ConnectionRegistry::AddStream(const std::string& peer,
                                                          std::shared_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  std::shared_ptr<Connection>& slot = by_peer_[peer];
  std::shared_ptr<Connection> displaced = std::move(slot);
  slot = std::move(conn);
  return displaced;
}

std::shared_ptr<Connection> ConnectionRegistry::Find(const std::string& peer) const {
  std::lock_guard lock(mutex_);
  auto it = by_peer_.find(peer);
  return it == by_peer_.end() ? nullptr : it->second;
}

void ConnectionRegistry::Remove(const std::string& peer, const Connection* conn) {
  std::shared_ptr<Connection> released;  // may be the last reference: destroy after unlocking
  std::lock_guard lock(mutex_);
  auto it = by_peer_.find(peer);
  if (it == by_peer_.end() || it->second.get() != conn) return;
  released = std::move(it->second);
  by_peer_.erase(it);
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::Snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> out;
  out.reserve(by_peer_.size());
  for (const auto& [peer, conn] : by_peer_) out.push_back(conn);
  return out;
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return by_peer_.size();
}

void ConnectionRegistry::ExpirePending(int64_t now_ms, int64_t max_age_ms) {
  std::lock_guard lock(mutex_);
  std::erase_if(pending_,
                [&](const auto& kv) { return now_ms - kv.second.issued_ms > max_age_ms; });
}

}  // namespace lever::rpc
