// Nacos gRPC scenarios, driven through the SDK-shaped test client (tests/support), so the server
// sees exactly what the Java SDK sends: publish throughput, push latency to N listeners, and the
// memory an idle connection costs.
#include <spdlog/spdlog.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "base/md5.h"
#include "cpu_window.h"
#include "http_connections.h"
#include "latency_stats.h"
#include "scenarios.h"
#include "support/grpc_test_client.h"

namespace lever::bench {
namespace {

using Json = nlohmann::json;
using testing::GrpcClientOptions;
using testing::NacosGrpcClient;
using testing::ServerMessage;

// Opens `count` connected clients to `port` from `threads` threads. Throws on the first failure.
std::vector<std::unique_ptr<NacosGrpcClient>> ConnectMany(int port, long count, long threads = 8) {
  std::vector<std::unique_ptr<NacosGrpcClient>> clients(static_cast<size_t>(count));
  std::mutex mutex;
  std::string first_error;
  std::vector<std::thread> workers;
  for (long t = 0; t < std::min(threads, std::max(1L, count)); ++t) {
    workers.emplace_back([&, t] {
      for (long i = t; i < count; i += threads) {
        GrpcClientOptions options;
        // Thousands of setups at once on 2 shared cores can take longer than the SDK's 3 s.
        options.rpc_timeout = std::chrono::seconds(30);
        options.client_ip = "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        std::string error;
        clients[static_cast<size_t>(i)] = NacosGrpcClient::ConnectTo(port, options, &error);
        if (!clients[static_cast<size_t>(i)]) {
          std::lock_guard lock(mutex);
          if (first_error.empty()) first_error = "connection " + std::to_string(i) + ": " + error;
          return;
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  if (!first_error.empty()) throw ScenarioError(first_error);
  return clients;
}

// True for an answered, successful request (GrpcReply::success() needs a JSON body).
bool Succeeded(const testing::GrpcReply& reply) {
  return reply.rpc_ok && reply.body.is_object() && reply.success();
}

std::string Describe(const testing::GrpcReply& reply) {
  return reply.rpc_ok ? reply.raw_body : "rpc failed: " + reply.rpc_error;
}

}  // namespace

long ProcStatusField(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

Json RunPublishGrpc(BenchFlags& flags) {
  const int port = flags.Port("grpc");
  const long clients_n = flags.Int("clients", 64);
  const size_t value_size = static_cast<size_t>(flags.Int("value-size", 200));
  const std::string prefix = flags.Str("key-prefix", "bench-pub-grpc-");
  const auto warmup = flags.Seconds("warmup", 1);
  const auto duration = flags.Seconds("duration", 10);
  auto clients = ConnectMany(port, clients_n);

  const auto measure_from = Clock::now() + warmup;
  const auto end = measure_from + duration;
  CpuWindow cpu(static_cast<pid_t>(flags.Int("server-pid", 0)), measure_from, end);
  std::vector<LatencyStats> stats(static_cast<size_t>(clients_n));
  std::atomic<long> ok{0}, bad{0};
  std::vector<std::thread> workers;
  for (long c = 0; c < clients_n; ++c) {
    workers.emplace_back([&, c] {
      const std::string data_id = prefix + std::to_string(c);
      for (long seq = 0;; ++seq) {
        const auto sent = Clock::now();
        if (sent >= end) return;
        auto reply = clients[static_cast<size_t>(c)]->Publish(data_id, "bench", "", BenchValue(value_size, c, seq));
        const auto done = Clock::now();
        if (done < measure_from) continue;
        (Succeeded(reply) ? ok : bad)++;
        stats[static_cast<size_t>(c)].Add(MillisBetween(sent, done));
      }
    });
  }
  for (auto& w : workers) w.join();
  LatencyStats all;
  for (auto& s : stats) all.Merge(s);
  const double seconds = std::chrono::duration<double>(duration).count();
  return {{"clients", clients_n},   {"seconds", seconds},     {"requests", ok.load()},
          {"errors", bad.load()},   {"tps", ok / seconds},    {"value_size", value_size},
          {"latency", all.ToJson()}, {"cpu", cpu.PerOperation(ok.load())}};
}

Json RunWatchGrpc(BenchFlags& flags) {
  RaiseFileLimit();
  const int port = flags.Port("grpc");
  // --publish-grpc: publish through another node of a cluster (cross-node notify); default: the
  // listeners' own server.
  const int publish_port = flags.Str("publish-grpc").empty() ? port : flags.Port("publish-grpc");
  const long listeners = flags.Int("listeners", 1000);
  const long rounds = flags.Int("rounds", 5);
  const std::string data_id = flags.Str("key", "bench-watch-grpc-" + std::to_string(listeners));
  const auto round_timeout = flags.Seconds("round-timeout", 10);

  const auto connect_start = Clock::now();
  auto clients = ConnectMany(port, listeners);
  auto publisher = ConnectMany(publish_port, 1);
  const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
  const std::string initial = BenchValue(64, 0, 0);
  if (auto reply = publisher[0]->Publish(data_id, "bench", "", initial); !Succeeded(reply))
    throw ScenarioError("initial publish failed: " + Describe(reply));
  // Through another node, the initial publish arrives by the cluster feed: wait until the
  // listeners' node serves it, and listen with its md5, so that no push of it reaches a round.
  const std::string initial_md5 = Md5Hex(initial);
  const auto caught_up_deadline = Clock::now() + round_timeout;
  while (clients[0]->Query(data_id, "bench", "").body.value("md5", std::string()) != initial_md5) {
    if (Clock::now() > caught_up_deadline) throw ScenarioError("the listeners' node never served the initial publish");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (auto& client : clients) {
    auto reply = client->BatchListen(true, {{data_id, "bench", "", initial_md5}});
    if (!Succeeded(reply)) throw ScenarioError("BatchListen failed: " + Describe(reply));
  }

  LatencyStats latency;
  long notified = 0, missed = 0;
  CpuTally cpu(static_cast<pid_t>(flags.Int("server-pid", 0)));
  for (long round = 1; round <= rounds; ++round) {
    cpu.Start();
    const auto t0 = Clock::now();
    auto reply = publisher[0]->Publish(data_id, "bench", "", BenchValue(64, 0, round));
    if (!Succeeded(reply)) throw ScenarioError("publish failed: " + Describe(reply));
    const auto deadline = t0 + round_timeout;
    for (auto& client : clients) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      // A push received before this round's publish belongs to an earlier change: skip it.
      auto msg = client->WaitFor(
          [&](const ServerMessage& m) {
            return m.type == "ConfigChangeNotifyRequest" && m.body.is_object() &&
                   m.body.value("dataId", std::string()) == data_id &&
                   m.received >= t0;
          },
          std::max(left, std::chrono::milliseconds(0)));
      if (msg) {
        ++notified;
        latency.Add(MillisBetween(t0, msg->received));
      } else {
        ++missed;
      }
    }
    cpu.Stop();
  }
  return {{"listeners", listeners}, {"rounds", rounds},          {"notified", notified},
          {"missed", missed},       {"latency", latency.ToJson()}, {"connect_seconds", connect_s},
          {"cpu", cpu.PerOperation(notified)}};
}

Json RunConnections(BenchFlags& flags) {
  RaiseFileLimit();
  const int port = flags.Port("grpc");
  const int pid = static_cast<int>(flags.Int("pid", 0));
  const long count = flags.Int("count", 10000);
  const auto settle = flags.Seconds("settle", 3);
  const long before_kb = ProcStatusField(pid, "VmRSS");
  if (before_kb < 0) throw ScenarioError("no /proc/" + std::to_string(pid) + "/status");
  const long threads_before = ProcStatusField(pid, "Threads");
  const auto start = Clock::now();
  auto clients = ConnectMany(port, count);
  const double connect_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::this_thread::sleep_for(settle);  // let the server finish its per-connection work
  const long after_kb = ProcStatusField(pid, "VmRSS");
  const long threads_after = ProcStatusField(pid, "Threads");
  const double per_conn_kb = static_cast<double>(after_kb - before_kb) / static_cast<double>(count);
  spdlog::info("{} connections: server RSS {} kB -> {} kB ({:.1f} kB each)", count, before_kb, after_kb, per_conn_kb);
  return {{"connections", count},         {"rss_before_kb", before_kb},   {"rss_after_kb", after_kb},
          {"per_connection_kb", per_conn_kb}, {"threads_before", threads_before}, {"threads_after", threads_after},
          {"connect_seconds", connect_s}};
}

}  // namespace lever::bench
