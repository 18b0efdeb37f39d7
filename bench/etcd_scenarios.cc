// etcd peer scenarios (etcd v3 gRPC API from proto/etcd): Put throughput and watch notification
// latency, shaped like the Lever scenarios they are compared with.
#include <etcdserverpb/rpc.grpc.pb.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "cpu_window.h"
#include "http_connections.h"
#include "latency_stats.h"
#include "scenarios.h"

namespace lever::bench {
namespace {

using Json = nlohmann::json;

// One TCP connection per call site, as separate client processes would have.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& target) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

bool Put(etcdserverpb::KV::Stub& kv, const std::string& key, const std::string& value) {
  etcdserverpb::PutRequest request;
  request.set_key(key);
  request.set_value(value);
  etcdserverpb::PutResponse response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return kv.Put(&ctx, request, &response).ok();
}

// One etcd watch stream on one key; remembers when each event arrived.
// Thread safety: the gRPC callbacks and one waiting thread.
class EtcdWatcher : public grpc::ClientBidiReactor<etcdserverpb::WatchRequest, etcdserverpb::WatchResponse> {
 public:
  EtcdWatcher(const std::string& target, const std::string& key)
      : channel_(OwnChannel(target)), stub_(etcdserverpb::Watch::NewStub(channel_)) {
    create_.mutable_create_request()->set_key(key);
    stub_->async()->Watch(&ctx_, this);
    StartWrite(&create_);
    StartRead(&response_);
    StartCall();
  }
  ~EtcdWatcher() override {
    ctx_.TryCancel();
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return done_; });
  }

  void OnWriteDone(bool) override {}
  void OnReadDone(bool ok) override {
    if (!ok) return;
    {
      std::lock_guard lock(mutex_);
      created_ = created_ || response_.created();
      for (int i = 0; i < response_.events_size(); ++i) arrivals_.push_back(Clock::now());
    }
    cv_.notify_all();
    StartRead(&response_);
  }
  void OnDone(const grpc::Status&) override {
    std::lock_guard lock(mutex_);
    done_ = true;
    cv_.notify_all();
  }

  bool WaitCreated(Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return cv_.wait_until(lock, deadline, [&] { return created_ || done_; }) && created_;
  }
  // The arrival time of the n-th event (1-based), or nullopt at the deadline.
  std::optional<Clock::time_point> WaitEvent(size_t n, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_until(lock, deadline, [&] { return arrivals_.size() >= n || done_; }) || arrivals_.size() < n)
      return std::nullopt;
    return arrivals_[n - 1];
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<etcdserverpb::Watch::Stub> stub_;
  grpc::ClientContext ctx_;
  etcdserverpb::WatchRequest create_;
  etcdserverpb::WatchResponse response_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool created_ = false;
  bool done_ = false;
  std::vector<Clock::time_point> arrivals_;
};

}  // namespace

Json RunPublishEtcd(BenchFlags& flags) {
  const std::string target = flags.Str("etcd");
  const long clients = flags.Int("clients", 64);
  const size_t value_size = static_cast<size_t>(flags.Int("value-size", 200));
  const auto warmup = flags.Seconds("warmup", 1);
  const auto duration = flags.Seconds("duration", 10);
  std::vector<std::unique_ptr<etcdserverpb::KV::Stub>> stubs;
  for (long c = 0; c < clients; ++c) {
    stubs.push_back(etcdserverpb::KV::NewStub(OwnChannel(target)));
    if (!Put(*stubs.back(), "/bench/pub/" + std::to_string(c), "start"))
      throw ScenarioError("etcd put to " + target + " failed");
  }
  const auto measure_from = Clock::now() + warmup;
  const auto end = measure_from + duration;
  CpuWindow cpu(static_cast<pid_t>(flags.Int("server-pid", 0)), measure_from, end);
  std::vector<LatencyStats> stats(static_cast<size_t>(clients));
  std::atomic<long> ok{0}, bad{0};
  std::vector<std::thread> workers;
  for (long c = 0; c < clients; ++c) {
    workers.emplace_back([&, c] {
      const std::string key = "/bench/pub/" + std::to_string(c);
      for (long seq = 0;; ++seq) {
        const auto sent = Clock::now();
        if (sent >= end) return;
        const bool put = Put(*stubs[static_cast<size_t>(c)], key, BenchValue(value_size, c, seq));
        const auto done = Clock::now();
        if (done < measure_from) continue;
        (put ? ok : bad)++;
        stats[static_cast<size_t>(c)].Add(MillisBetween(sent, done));
      }
    });
  }
  for (auto& w : workers) w.join();
  LatencyStats all;
  for (auto& s : stats) all.Merge(s);
  const double seconds = std::chrono::duration<double>(duration).count();
  return {{"clients", clients}, {"seconds", seconds}, {"requests", ok.load()}, {"errors", bad.load()},
          {"tps", ok / seconds}, {"value_size", value_size}, {"latency", all.ToJson()},
          {"cpu", cpu.PerOperation(ok.load())}};
}

Json RunWatchEtcd(BenchFlags& flags) {
  RaiseFileLimit();
  const std::string target = flags.Str("etcd");
  const long listeners = flags.Int("listeners", 1000);
  const long rounds = flags.Int("rounds", 5);
  const std::string key = flags.Str("key", "/bench/watch/" + std::to_string(listeners));
  const auto round_timeout = flags.Seconds("round-timeout", 10);
  auto kv = etcdserverpb::KV::NewStub(OwnChannel(target));
  if (!Put(*kv, key, BenchValue(64, 0, 0))) throw ScenarioError("etcd put to " + target + " failed");

  std::vector<std::unique_ptr<EtcdWatcher>> watchers;
  for (long i = 0; i < listeners; ++i) watchers.push_back(std::make_unique<EtcdWatcher>(target, key));
  const auto created_deadline = Clock::now() + std::chrono::seconds(60);
  for (auto& w : watchers) {
    if (!w->WaitCreated(created_deadline)) throw ScenarioError("etcd watch not created in 60 s");
  }
  LatencyStats latency;
  long notified = 0, missed = 0;
  CpuTally cpu(static_cast<pid_t>(flags.Int("server-pid", 0)));
  for (long round = 1; round <= rounds; ++round) {
    cpu.Start();
    const auto t0 = Clock::now();
    if (!Put(*kv, key, BenchValue(64, 0, round))) throw ScenarioError("etcd put failed");
    for (auto& w : watchers) {
      auto arrival = w->WaitEvent(static_cast<size_t>(round), t0 + round_timeout);
      if (arrival) {
        ++notified;
        latency.Add(MillisBetween(t0, *arrival));
      } else {
        ++missed;
      }
    }
    cpu.Stop();
  }
  return {{"listeners", listeners}, {"rounds", rounds}, {"notified", notified}, {"missed", missed},
          {"latency", latency.ToJson()}, {"cpu", cpu.PerOperation(notified)}};
}

}  // namespace lever::bench
