// HTTP scenarios: GET throughput, durable publishes and long-poll notification latency, all on the
// epoll connection set.
#include <spdlog/spdlog.h>

#include <atomic>
#include <thread>

#include "base/md5.h"
#include "cpu_window.h"
#include "http_connections.h"
#include "latency_stats.h"
#include "scenarios.h"

namespace lever::bench {
namespace {

using Json = nlohmann::json;
// Builds the request that connection `conn` sends as its `seq`-th request.
using RequestFactory = std::function<std::string(long conn, long seq)>;

// A closed-loop load: every connection sends its next request as soon as the previous answer
// arrives. Only answers completed after the warmup count. Throws when a connection cannot open.
Json ClosedLoop(const std::string& host, int port, long connections, long threads,
                std::chrono::milliseconds warmup, std::chrono::milliseconds duration,
                const RequestFactory& factory) {
  threads = std::max(1L, std::min(threads, connections));
  const auto start = Clock::now();
  const auto measure_from = start + warmup;
  const auto end = measure_from + duration;
  std::vector<LatencyStats> stats(static_cast<size_t>(threads));
  std::vector<long> ok(static_cast<size_t>(threads)), bad(static_cast<size_t>(threads));
  std::vector<std::string> errors(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (long t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const long first = connections * t / threads, last = connections * (t + 1) / threads;
      HttpConnectionSet set(host, port);
      if (!set.Open(static_cast<size_t>(last - first), &errors[t])) return;
      std::vector<long> seq(static_cast<size_t>(last - first), 0);
      for (long c = first; c < last; ++c) set.Send(static_cast<size_t>(c - first), factory(c, seq[c - first]++));
      set.Run(end, [&](size_t conn, const HttpResponse& r) {
        if (r.done >= measure_from) {
          (r.status == 200 ? ok[t] : bad[t])++;
          stats[t].Add(MillisBetween(r.sent, r.done));
        }
        if (r.done < end) set.Send(conn, factory(first + static_cast<long>(conn), seq[conn]++));
      });
      bad[t] += static_cast<long>(set.errors());
    });
  }
  for (auto& w : workers) w.join();
  LatencyStats all;
  long total_ok = 0, total_bad = 0;
  for (size_t t = 0; t < stats.size(); ++t) {
    if (!errors[t].empty()) throw ScenarioError(errors[t]);
    all.Merge(stats[t]);
    total_ok += ok[t];
    total_bad += bad[t];
  }
  const double seconds = std::chrono::duration<double>(duration).count();
  return {{"connections", connections}, {"threads", threads}, {"seconds", seconds},
          {"requests", total_ok},       {"errors", total_bad}, {"rate", total_ok / seconds},
          {"latency", all.ToJson()}};
}

std::string PublishBody(const std::string& data_id, const std::string& content) {
  return "dataId=" + data_id + "&group=bench&content=" + content;
}

const char* kConfigsPath = "/nacos/v1/cs/configs";

}  // namespace

std::string BenchValue(size_t size, long client, long seq) {
  std::string value = "v" + std::to_string(client) + "-" + std::to_string(seq) + "-";
  value.resize(std::max(size, value.size()), 'x');
  value.resize(size);
  return value;
}

Json RunGet(BenchFlags& flags) {
  const std::string target = flags.Str("target");
  const std::string path = flags.Str("path", "/nacos/v1/cs/configs?dataId=bench-get&group=bench");
  const std::string request = HttpGet(target, path);
  Json result = ClosedLoop(flags.Host("target"), flags.Port("target"), flags.Int("connections", 64),
                           flags.Int("threads", 2), flags.Seconds("warmup", 1), flags.Seconds("duration", 10),
                           [&](long, long) { return request; });
  result["qps"] = result["rate"];
  result["target"] = target;
  return result;
}

Json RunPublishHttp(BenchFlags& flags) {
  const std::string http = flags.Str("http");
  const size_t value_size = static_cast<size_t>(flags.Int("value-size", 200));
  const std::string prefix = flags.Str("key-prefix", "bench-pub-http-");
  const long clients = flags.Int("clients", 64);
  const auto warmup = flags.Seconds("warmup", 1);
  const auto duration = flags.Seconds("duration", 10);
  // ClosedLoop measures from the same start + warmup, to within its connection setup.
  const auto measure_from = Clock::now() + warmup;
  CpuWindow cpu(static_cast<pid_t>(flags.Int("server-pid", 0)), measure_from, measure_from + duration);
  Json result = ClosedLoop(flags.Host("http"), flags.Port("http"), clients, flags.Int("threads", 2),
                           warmup, duration, [&](long conn, long seq) {
                             return HttpPostForm(http, kConfigsPath,
                                                 PublishBody(prefix + std::to_string(conn),
                                                             BenchValue(value_size, conn, seq)));
                           });
  result["tps"] = result["rate"];
  result["value_size"] = value_size;
  result["cpu"] = cpu.PerOperation(result.value("requests", 0L));
  return result;
}

Json RunSeed(BenchFlags& flags) {
  const std::string http = flags.Str("http");
  const long count = flags.Int("count", 10000);
  const size_t value_size = static_cast<size_t>(flags.Int("value-size", 200));
  const long connections = std::min(flags.Int("connections", 32), std::max(1L, count));
  const auto start = Clock::now();
  HttpConnectionSet set(flags.Host("http"), flags.Port("http"));
  std::string error;
  if (!set.Open(static_cast<size_t>(connections), &error)) throw ScenarioError(error);
  long next = 0, done = 0, failed = 0;
  auto send_next = [&](size_t conn) {
    if (next >= count) return;
    const long i = next++;
    set.Send(conn, HttpPostForm(http, kConfigsPath, PublishBody("bench-" + std::to_string(i), BenchValue(value_size, i, 0))));
  };
  for (long c = 0; c < connections; ++c) send_next(static_cast<size_t>(c));
  set.Run(Clock::now() + std::chrono::minutes(10), [&](size_t conn, const HttpResponse& r) {
    (r.status == 200 ? done : failed)++;
    send_next(conn);
  });
  failed += static_cast<long>(set.errors());
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (done != count) throw ScenarioError("seeded " + std::to_string(done) + " of " + std::to_string(count) +
                                         " configs (" + std::to_string(failed) + " failed)");
  return {{"configs", done}, {"seconds", seconds}, {"rate", done / seconds}};
}

Json RunWatchLongPoll(BenchFlags& flags) {
  const std::string http = flags.Str("http");
  const std::string host = flags.Host("http");
  const int port = flags.Port("http");
  const long listeners = flags.Int("listeners", 1000);
  const long rounds = flags.Int("rounds", 5);
  const std::string data_id = flags.Str("key", "bench-watch-lp");
  const auto round_timeout = flags.Seconds("round-timeout", 10);

  // Connections [0, listeners) long-poll; the last one publishes, in the same epoll loop so that
  // every arrival is timestamped as it happens.
  HttpConnectionSet set(host, port);
  std::string error;
  if (!set.Open(static_cast<size_t>(listeners) + 1, &error)) throw ScenarioError(error);
  const size_t publisher = static_cast<size_t>(listeners);
  std::string content = BenchValue(64, 0, 0);
  if (HttpRoundTrip(host, port, HttpPostForm(http, kConfigsPath, PublishBody(data_id, content))).status != 200)
    throw ScenarioError("initial publish failed");

  LatencyStats latency;
  long notified = 0, missed = 0;
  CpuTally cpu(static_cast<pid_t>(flags.Int("server-pid", 0)));  // the rounds only, not the re-polls
  for (long round = 1; round <= rounds; ++round) {
    const std::string listen = HttpPostForm(
        http, "/nacos/v1/cs/configs/listener",
        "Listening-Configs=" + data_id + "%02bench%02" + Md5Hex(content) + "%01",
        "Long-Pulling-Timeout: 30000\r\n");
    for (long c = 0; c < listeners; ++c) set.Send(static_cast<size_t>(c), listen);
    set.Run(Clock::now() + std::chrono::milliseconds(1), [](size_t, const HttpResponse&) {});
    // Every long-poll must be held before the publish, or the first ones would be measured
    // against a publish they never waited for.
    const auto held_deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
      HttpResponse m = HttpRoundTrip(host, port, HttpGet(http, "/metrics"));
      if (PrometheusValue(m.body, "lever_long_polls") >= static_cast<double>(listeners)) break;
      if (Clock::now() > held_deadline) throw ScenarioError("long-polls not all held after 30 s");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    content = BenchValue(64, 0, round);
    cpu.Start();
    const auto t0 = Clock::now();
    set.Send(publisher, HttpPostForm(http, kConfigsPath, PublishBody(data_id, content)));
    long answered = 0;
    set.Run(t0 + round_timeout, [&](size_t conn, const HttpResponse& r) {
      if (conn == publisher) return;
      ++answered;
      if (r.status == 200 && r.body.find(data_id) != std::string::npos) {
        ++notified;
        latency.Add(MillisBetween(t0, r.done));
      } else {
        ++missed;
      }
    });
    cpu.Stop();
    if (answered < listeners) {
      missed += listeners - answered;
      spdlog::warn("round {}: {} of {} long-polls not answered in time", round, listeners - answered, listeners);
      break;
    }
  }
  return {{"listeners", listeners}, {"rounds", rounds},          {"notified", notified},
          {"missed", missed},       {"latency", latency.ToJson()}, {"errors", set.errors()},
          {"cpu", cpu.PerOperation(notified)}};
}

}  // namespace lever::bench
