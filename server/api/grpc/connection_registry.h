// ConnectionRegistry — the connections of this server keyed by the HTTP/2 peer address of their
// transport (nacos-protocol.md §8.5: a unary call finds its connection by the transport it
// arrives on). Also hands out connection ids ("<millis>_<ip>_<port>"): ServerCheck may come
// before the bi-stream opens, so an id given to a peer is kept until its stream claims it.
//
// Thread safety: every method is thread safe. The registry never calls into a Connection while
// holding its lock.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace lever::rpc {

class Connection;

// "ipv4:10.0.0.5:52344" -> {"10.0.0.5", "52344"}; "ipv6:[::1]:52344" -> {"::1", "52344"}.
struct PeerAddress {
  std::string ip;
  std::string port;
};
PeerAddress ParsePeer(const std::string& peer);

class ConnectionRegistry {
 public:
  // The id ServerCheck reports for `peer`: that of its open stream, else a pending one.
  std::string IdForPeer(const std::string& peer);
  // A bi-stream is opening on `peer`: the id handed to ServerCheck, or a fresh one.
  std::string ClaimId(const std::string& peer);
  // Indexes `conn` under `peer`, replacing any older stream of that peer (returned, to be
  // closed by the caller).
  std::shared_ptr<Connection> AddStream(const std::string& peer, std::shared_ptr<Connection> conn);
  // The connection of `peer`, registered or not; nullptr when none.
  std::shared_ptr<Connection> Find(const std::string& peer) const;
  // Forgets `conn` if it is still the one indexed under `peer`.
  void Remove(const std::string& peer, const Connection* conn);
  std::vector<std::shared_ptr<Connection>> Snapshot() const;
  size_t size() const;
  // Drops pending ids handed out more than `max_age_ms` ago (ServerCheck without a stream).
  void ExpirePending(int64_t now_ms, int64_t max_age_ms);
  // "<epoch millis>_<ip>_<port>", the Nacos format (§8.5).
  static std::string NewId(const std::string& peer);

 private:
  struct Pending {
    std::string id;
    int64_t issued_ms;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Connection>> by_peer_;  // GUARDED_BY(mutex_)
  std::unordered_map<std::string, Pending> pending_;                      // GUARDED_BY(mutex_)
};

}  // namespace lever::rpc
