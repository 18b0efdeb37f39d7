#include "storage/etcd/etcd_client.h"

#include "storage/etcd/etcd_log.h"

namespace lever::storage::etcd {

StatusOr<std::unique_ptr<EtcdClient>> EtcdClient::Create(EtcdClientOptions options) {
  if (options.endpoints.empty()) return Status::InvalidArgument("no etcd endpoints given");
  for (std::string& e : options.endpoints) {
    if (e.rfind("http://", 0) == 0) e = e.substr(7);
    if (e.rfind("https://", 0) == 0) return Status::InvalidArgument("TLS to etcd is not supported: " + e);
    if (e.empty() || e.find(':') == std::string::npos) {
      return Status::InvalidArgument("etcd endpoint must be host:port, got '" + e + "'");
    }
  }
  return std::unique_ptr<EtcdClient>(new EtcdClient(std::move(options)));
}

EtcdClient::EtcdClient(EtcdClientOptions options) : options_(std::move(options)) {
  for (const std::string& address : options_.endpoints) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
    args.SetInt(GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, 64 << 20);
    args.SetInt(GRPC_ARG_MAX_SEND_MESSAGE_LENGTH, 64 << 20);
    Endpoint e;
    e.address = address;
    e.channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
    e.kv = etcdserverpb::KV::NewStub(e.channel);
    e.lease = etcdserverpb::Lease::NewStub(e.channel);
    e.cluster = etcdserverpb::Cluster::NewStub(e.channel);
    endpoints_.push_back(std::move(e));
  }
}

std::shared_ptr<grpc::Channel> EtcdClient::CurrentChannel(size_t* index) const {
  *index = current_.load() % endpoints_.size();
  return endpoints_[*index].channel;
}

void EtcdClient::MoveOnFrom(size_t failed_index) {
  size_t expected = failed_index;
  if (current_.compare_exchange_strong(expected, (failed_index + 1) % endpoints_.size())) {
    StorageLog()->warn("event=etcd_endpoint_switch from={} to={}", endpoints_[failed_index].address,
                                 endpoints_[(failed_index + 1) % endpoints_.size()].address);
  }
}

template <typename Response, typename Call>
StatusOr<Response> EtcdClient::Run(const char* what, bool idempotent, Call call) {
  grpc::Status last;
  for (size_t attempt = 0; attempt < endpoints_.size(); ++attempt) {
    const size_t index = current_.load() % endpoints_.size();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + options_.call_timeout);
    Response response;
    last = call(endpoints_[index], &context, &response);
    if (last.ok()) return response;
    const bool unreachable = last.error_code() == grpc::StatusCode::UNAVAILABLE;
    const bool silent = last.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
    if (!unreachable && !silent) {
      return Status::Internal(std::string("etcd ") + what + ": " + last.error_message());
    }
    MoveOnFrom(index);
    if (!idempotent && !unreachable) break;
  }
  return Status::Unavailable(std::string("etcd ") + what + " failed on every endpoint: " + last.error_message());
}

StatusOr<etcdserverpb::RangeResponse> EtcdClient::Range(const etcdserverpb::RangeRequest& request) {
  return Run<etcdserverpb::RangeResponse>("range", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.kv->Range(ctx, request, resp);
  });
}

StatusOr<etcdserverpb::PutResponse> EtcdClient::Put(const etcdserverpb::PutRequest& request) {
  return Run<etcdserverpb::PutResponse>("put", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.kv->Put(ctx, request, resp);
  });
}

StatusOr<etcdserverpb::DeleteRangeResponse> EtcdClient::DeleteRange(const etcdserverpb::DeleteRangeRequest& request) {
  return Run<etcdserverpb::DeleteRangeResponse>("delete", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.kv->DeleteRange(ctx, request, resp);
  });
}

StatusOr<etcdserverpb::TxnResponse> EtcdClient::Txn(const etcdserverpb::TxnRequest& request) {
  return Run<etcdserverpb::TxnResponse>("txn", false, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.kv->Txn(ctx, request, resp);
  });
}

StatusOr<etcdserverpb::LeaseGrantResponse> EtcdClient::LeaseGrant(int64_t ttl_seconds) {
  etcdserverpb::LeaseGrantRequest request;
  request.set_ttl(ttl_seconds);
  return Run<etcdserverpb::LeaseGrantResponse>("lease grant", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.lease->LeaseGrant(ctx, request, resp);
  });
}

Status EtcdClient::LeaseRevoke(int64_t lease_id) {
  etcdserverpb::LeaseRevokeRequest request;
  request.set_id(lease_id);
  auto r = Run<etcdserverpb::LeaseRevokeResponse>("lease revoke", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.lease->LeaseRevoke(ctx, request, resp);
  });
  return r.ok() ? Status::Ok() : r.status();
}

StatusOr<etcdserverpb::LeaseKeepAliveResponse> EtcdClient::LeaseKeepAliveOnce(int64_t lease_id) {
  return Run<etcdserverpb::LeaseKeepAliveResponse>("lease keepalive", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    auto stream = e.lease->LeaseKeepAlive(ctx);
    etcdserverpb::LeaseKeepAliveRequest request;
    request.set_id(lease_id);
    if (stream->Write(request) && stream->Read(resp)) {
      stream->WritesDone();
      ctx->TryCancel();
      stream->Finish().ok();
      return grpc::Status::OK;
    }
    stream->WritesDone();
    grpc::Status s = stream->Finish();
    return s.ok() ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "keepalive stream closed") : s;
  });
}

StatusOr<etcdserverpb::MemberListResponse> EtcdClient::MemberList() {
  etcdserverpb::MemberListRequest request;
  return Run<etcdserverpb::MemberListResponse>("member list", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.cluster->MemberList(ctx, request, resp);
  });
}

Status EtcdClient::Compact(int64_t revision) {
  etcdserverpb::CompactionRequest request;
  request.set_revision(revision);
  request.set_physical(true);
  auto r = Run<etcdserverpb::CompactionResponse>("compact", true, [&](Endpoint& e, auto* ctx, auto* resp) {
    return e.kv->Compact(ctx, request, resp);
  });
  return r.ok() ? Status::Ok() : r.status();
}

std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

}  // namespace lever::storage::etcd
