// EtcdClient — unary calls to an etcd v3 cluster over gRPC, rotating across its endpoints.
//
// One channel per endpoint ("host:port", an optional "http://" prefix is accepted; TLS to etcd
// is not supported). Calls go to the current endpoint; when it is unreachable (UNAVAILABLE) or
// does not answer in time (DEADLINE_EXCEEDED, e.g. a member cut off from quorum) the client
// moves on to the next endpoint and, for idempotent calls, retries there, trying each endpoint
// at most once per call. Txn is retried only on UNAVAILABLE; callers make their Txns safe to
// repeat (see EtcdStore::Apply).
//
// Errors are lever Statuses: kUnavailable when no endpoint answered, kInternal for errors etcd
// reported (with etcd's message). Thread-safe.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <etcdserverpb/rpc.grpc.pb.h>

#include "base/status.h"

namespace lever::storage::etcd {

struct EtcdClientOptions {
  std::vector<std::string> endpoints;  // at least one
  std::chrono::milliseconds call_timeout{5000};
};

class EtcdClient {
 public:
  static StatusOr<std::unique_ptr<EtcdClient>> Create(EtcdClientOptions options);

  StatusOr<etcdserverpb::RangeResponse> Range(const etcdserverpb::RangeRequest& request);
  StatusOr<etcdserverpb::PutResponse> Put(const etcdserverpb::PutRequest& request);
  StatusOr<etcdserverpb::DeleteRangeResponse> DeleteRange(const etcdserverpb::DeleteRangeRequest& request);
  StatusOr<etcdserverpb::TxnResponse> Txn(const etcdserverpb::TxnRequest& request);
  StatusOr<etcdserverpb::LeaseGrantResponse> LeaseGrant(int64_t ttl_seconds);
  Status LeaseRevoke(int64_t lease_id);
  // One keep-alive round trip; the response's TTL <= 0 means the lease is gone.
  StatusOr<etcdserverpb::LeaseKeepAliveResponse> LeaseKeepAliveOnce(int64_t lease_id);
  StatusOr<etcdserverpb::MemberListResponse> MemberList();
  Status Compact(int64_t revision);

  // For long-lived streams (watch): the current endpoint's channel and index, and a way to move
  // on after a stream failed on endpoint `failed_index`.
  std::shared_ptr<grpc::Channel> CurrentChannel(size_t* index) const;
  void MoveOnFrom(size_t failed_index);
  const std::string& endpoint(size_t index) const { return endpoints_[index].address; }
  size_t endpoint_count() const { return endpoints_.size(); }

 private:
  struct Endpoint {
    std::string address;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<etcdserverpb::KV::Stub> kv;
    std::unique_ptr<etcdserverpb::Lease::Stub> lease;
    std::unique_ptr<etcdserverpb::Cluster::Stub> cluster;
  };
  explicit EtcdClient(EtcdClientOptions options);

  // Runs `call(endpoint, context)` on the current endpoint, moving on as described above.
  template <typename Response, typename Call>
  StatusOr<Response> Run(const char* what, bool idempotent, Call call);

  EtcdClientOptions options_;
  std::vector<Endpoint> endpoints_;
  std::atomic<size_t> current_{0};
};

// The smallest key greater than every key that starts with `prefix` (etcd's range_end for a
// prefix scan).
std::string PrefixEnd(const std::string& prefix);

}  // namespace lever::storage::etcd
