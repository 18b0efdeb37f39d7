// Starts real etcd members (Debian's etcd-server, `etcd` on PATH or $LEVER_ETCD_BIN) on loopback
// for cluster tests: free client and peer ports, one temp data dir per member, output captured
// to <dir>/etcd-<i>.log, readiness taken from each member's /health endpoint.
//
// Members run with --max-txn-ops=10000 and --max-request-bytes=32 MiB (what docs/operations.md
// recommends for Lever) and a short election timeout, so a lost member is noticed quickly.
// Not thread safe; children are tied to the starting thread with PR_SET_PDEATHSIG.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lever::testing {

class EtcdCluster {
 public:
  explicit EtcdCluster(int members = 1);
  ~EtcdCluster();  // SIGKILLs every member and removes the temp dir (kept with LEVER_TEST_KEEP)
  EtcdCluster(const EtcdCluster&) = delete;
  EtcdCluster& operator=(const EtcdCluster&) = delete;

  // Launches every member and waits until each reports healthy. False (see error()) otherwise.
  bool Start(std::chrono::milliseconds deadline = std::chrono::milliseconds(30000));
  // SIGKILL member `i` (its data dir stays, so RestartMember brings it back).
  void KillMember(int i);
  bool RestartMember(int i, std::chrono::milliseconds deadline = std::chrono::milliseconds(30000));

  int size() const { return static_cast<int>(members_.size()); }
  // "127.0.0.1:<client port>" of member i, and all of them comma-separated.
  std::string endpoint(int i) const;
  std::string endpoints() const;
  const std::string& error() const { return error_; }
  // Log tails of every member, for assertion messages.
  std::string Describe() const;

 private:
  struct Member {
    int client_port = 0;
    int peer_port = 0;
    pid_t pid = -1;
  };
  bool Spawn(int i, bool initial);
  bool Healthy(int i) const;

  std::string dir_;
  std::vector<Member> members_;
  std::string error_;
};

// Path of the etcd binary ($LEVER_ETCD_BIN, else "etcd" resolved on PATH); "" when not found.
std::string EtcdBinaryPath();

}  // namespace lever::testing
