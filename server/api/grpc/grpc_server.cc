#include "api/grpc/grpc_server.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "api/grpc/connection.h"
#include "api/grpc/grpc_runtime.h"
#include "api/grpc/request_dispatch.h"
#include "nacos_grpc_service.grpc.pb.h"

namespace lever::rpc {

spdlog::logger& GrpcLog() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("grpc")) return existing;
    auto created = spdlog::default_logger()->clone("grpc");
    try {
      spdlog::register_logger(created);
    } catch (const spdlog::spdlog_ex&) {  // registered concurrently by someone else
      if (auto existing = spdlog::get("grpc")) return existing;
    }
    return created;
  }();
  return *logger;
}

void StatCounters::RecordPushLatency(int64_t micros) {
  if (micros < 0) micros = 0;
  size_t bucket = 0;
  while (bucket < GrpcStats::kPushLatencyBoundsMs.size() &&
         micros > GrpcStats::kPushLatencyBoundsMs[bucket] * 1000) {
    ++bucket;
  }
  push_latency_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  push_latency_sum_us.fetch_add(static_cast<uint64_t>(micros), std::memory_order_relaxed);
  push_latency_count.fetch_add(1, std::memory_order_relaxed);
}

GrpcStats StatCounters::Snapshot() const {
  GrpcStats s;
  s.connections = connections.load();
  s.connections_opened = connections_opened.load();
  s.connections_closed = connections_closed.load();
  s.connections_dropped = connections_dropped.load();
  s.listens = listens.load();
  s.requests = requests.load();
  s.request_errors = request_errors.load();
  s.pushes_sent = pushes_sent.load();
  s.push_acks = push_acks.load();
  s.push_retries = push_retries.load();
  s.pushes_coalesced = pushes_coalesced.load();
  for (size_t i = 0; i < s.push_latency_buckets.size(); ++i) {
    s.push_latency_buckets[i] = push_latency_buckets[i].load();
  }
  s.push_latency_sum_us = push_latency_sum_us.load();
  s.push_latency_count = push_latency_count.load();
  return s;
}

namespace {

class RequestService final : public ::Request::CallbackService {
 public:
  explicit RequestService(RequestDispatcher* dispatcher) : dispatcher_(dispatcher) {}
  grpc::ServerUnaryReactor* request(grpc::CallbackServerContext* ctx, const Payload* request,
                                    Payload* response) override {
    return dispatcher_->Handle(ctx, request, response);
  }

 private:
  RequestDispatcher* dispatcher_;
};

class BiStreamService final : public ::BiRequestStream::CallbackService {
 public:
  explicit BiStreamService(Runtime* runtime) : runtime_(runtime) {}
  grpc::ServerBidiReactor<Payload, Payload>* requestBiStream(
      grpc::CallbackServerContext* ctx) override {
    return Connection::OpenStream(runtime_, ctx);
  }

 private:
  Runtime* runtime_;
};

// Pending ServerCheck ids without a stream are forgotten after this long.
constexpr int64_t kPendingIdTtlMs = 60 * 1000;

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return !out.empty();
}

// Plaintext, or TLS with the configured certificate (no client certificates asked for).
StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const GrpcServerOptions& opts) {
  if (opts.tls_cert_path.empty()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!ReadFile(opts.tls_cert_path, pair.cert_chain)) {
    return Status::InvalidArgument("cannot read TLS certificate " + opts.tls_cert_path);
  }
  if (!ReadFile(opts.tls_key_path, pair.private_key)) {
    return Status::InvalidArgument("cannot read TLS key " + opts.tls_key_path);
  }
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

struct GrpcServer::Impl {
  Impl(core::ConfigService* config, watch::WatchHub* hub, GrpcServerOptions options)
      : runtime(config, hub, options),
        dispatcher(&runtime),
        request_service(&dispatcher),
        stream_service(&runtime) {}

  void ScheduleSweep() {
    runtime.timers.Schedule(runtime.options.client_check_interval_ms, [this] {
      const int64_t now = SteadyNowMs();
      for (const auto& conn : runtime.registry.Snapshot()) conn->CheckIdle(now);
      runtime.registry.ExpirePending(now, kPendingIdTtlMs);
      ScheduleSweep();
    });
  }

  Runtime runtime;
  RequestDispatcher dispatcher;
  RequestService request_service;
  BiStreamService stream_service;
  std::unique_ptr<grpc::Server> server;
  int port = 0;
  bool started = false;
  bool stopped = false;
};

GrpcServer::GrpcServer(core::ConfigService* config, watch::WatchHub* hub, GrpcServerOptions options)
    : impl_(std::make_unique<Impl>(config, hub, std::move(options))) {
  GrpcLog();
}

GrpcServer::~GrpcServer() { Shutdown(); }

Status GrpcServer::Start() {
  const GrpcServerOptions& opts = impl_->runtime.options;
  const std::string address = opts.host + ":" + std::to_string(opts.port);
  auto credentials = Credentials(opts);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, *credentials, &impl_->port);
  builder.RegisterService(&impl_->request_service);
  builder.RegisterService(&impl_->stream_service);
  builder.SetMaxReceiveMessageSize(opts.max_receive_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, opts.keepalive_time_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, opts.keepalive_timeout_ms);
  // Clients ping without calls in flight (Go: PermitWithoutStream) and as often as every 60 s:
  // allow it, and never answer with GOAWAY too_many_pings (§8.2).
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             opts.min_recv_ping_interval_ms);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would silently share it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // channelz keeps a socket node and a trace buffer per connection; nothing here reads them.
  builder.AddChannelArgument(GRPC_ARG_ENABLE_CHANNELZ, 0);
  // An idle connection keeps one read buffer for its next read: start it small, it grows with the
  // traffic (PrepareGrpcRuntime turns off the fixed 8 KB read slices that would ignore this).
  builder.AddChannelArgument(GRPC_ARG_TCP_READ_CHUNK_SIZE, 512);
  // Not GRPC_ARG_MINIMAL_STACK: it saves ~1 KB per connection but drops the filter that enforces
  // SetMaxReceiveMessageSize (limits_test sends 11 MiB to check the limit holds).
  impl_->server = builder.BuildAndStart();
  if (!impl_->server || impl_->port == 0) {
    impl_->server.reset();
    return Status::Unavailable("cannot listen for gRPC on " + address);
  }
  impl_->started = true;
  impl_->ScheduleSweep();
  GrpcLog().info(
      "event=listen address={}:{} tls={} ability_negotiation={} push_ack_timeout_ms={} "
      "push_max_retries={}",
      opts.host, impl_->port, opts.tls_cert_path.empty() ? "off" : "on", opts.ability_negotiation,
      opts.push_ack_timeout_ms,
      opts.push_max_retries);
  return Status::Ok();
}

int GrpcServer::port() const { return impl_->port; }

void GrpcServer::Shutdown() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  Runtime& rt = impl_->runtime;
  rt.shutting_down.store(true);
  const auto connections = rt.registry.Snapshot();
  for (const auto& conn : connections) conn->SendResetAndClose();
  const auto grace = std::chrono::milliseconds(rt.options.shutdown_grace_ms);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (rt.registry.size() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Cancels what is left (each cancelled stream closes itself) and waits for every call to be
  // finished; the workers and timers are still running, so calls waiting on them complete.
  impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  rt.timers.Stop();
  rt.workers.Stop();
  GrpcLog().info("event=stopped connections_reset={}", connections.size());
}

GrpcStats GrpcServer::Stats() const { return impl_->runtime.stats.Snapshot(); }

}  // namespace lever::rpc
