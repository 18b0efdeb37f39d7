// The lever-bench subcommands. Each reads its flags, runs for a bounded time and returns one JSON
// object with what it measured (lever_bench.cc prints it on stdout as a single line). A scenario
// that cannot run (peer unreachable, setup failed) throws ScenarioError with the reason.
//
// Addresses are "host:port". Lever HTTP is --http, Lever gRPC --grpc, etcd --etcd, any HTTP
// server (Lever or nginx) for `get` is --target.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "bench_flags.h"

namespace lever::bench {

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// http_scenarios.cc
// get: keep-alive GET of --path on --target over --connections (64) from --threads (2) epoll
//   loops for --duration (10 s) after --warmup (1 s). {qps, requests, errors, latency}.
nlohmann::json RunGet(BenchFlags& flags);
// publish --via=http: durable publishes of --value-size (200) byte values to --http, one key per
//   client, --clients (64) concurrent. {tps, requests, errors, latency, cpu}; cpu holds the CPU
//   microseconds per publish of lever-bench, of the server (with --server-pid) and of the
//   machine's interrupts, and the cores' idle and stolen shares (cpu_window.h).
nlohmann::json RunPublishHttp(BenchFlags& flags);
// watch-latency --via=long-poll: --listeners (1000) long-polls on one key of --http; --rounds (5)
//   publishes; latency from sending the publish to each long-poll answer. As for every
//   watch-latency, cpu holds the same figures as for publish, per notified listener, over the
//   rounds, each from its publish to its last notification (CpuTally).
nlohmann::json RunWatchLongPoll(BenchFlags& flags);
// seed: --count configs (bench-<i>, group "bench") of --value-size bytes into --http.
nlohmann::json RunSeed(BenchFlags& flags);

// grpc_scenarios.cc
// publish --via=grpc: like publish --via=http, over Nacos gRPC (--grpc), one connection per client.
nlohmann::json RunPublishGrpc(BenchFlags& flags);
// watch-latency --via=grpc: --listeners gRPC connections listen to one key; publish over gRPC;
//   latency from sending the publish to each ConfigChangeNotifyRequest's arrival.
nlohmann::json RunWatchGrpc(BenchFlags& flags);
// connections: --count idle gRPC connections (ServerCheck, bi-stream, ConnectionSetup) to --grpc;
//   VmRSS of --pid before and after, per connection.
nlohmann::json RunConnections(BenchFlags& flags);

// etcd_scenarios.cc
// publish --via=etcd: etcd Put of the same value size, --clients concurrent channels to --etcd
//   (--server-pid: etcd's pid, for its CPU per put).
nlohmann::json RunPublishEtcd(BenchFlags& flags);
// watch-latency --via=etcd: --listeners etcd watch streams (one channel each) on one key.
nlohmann::json RunWatchEtcd(BenchFlags& flags);

// server_scenarios.cc
// startup: runs --server-bin on --data-dir (plus --server-args, space separated), times exec to the
//   `event=ready` line, waits --settle (3 s), reads VmRSS, stops it with SIGTERM.
nlohmann::json RunStartup(BenchFlags& flags);

// report.cc
// report: reads --results (JSON object of scenario results), prints each DESIGN.md goal with
//   PASS/FAIL (MEASURED with --smoke), writes --markdown (a table) when given.
//   {goals:[...], passed, failed, not_measured}.
nlohmann::json RunReport(BenchFlags& flags);

// Shared helpers.
// A value of exactly `size` bytes that differs for every (client, seq).
std::string BenchValue(size_t size, long client, long seq);
// Reads one field ("VmRSS", "Threads") of /proc/<pid>/status in kB / units, -1 if absent.
long ProcStatusField(int pid, const std::string& field);
// Raises RLIMIT_NOFILE to its hard limit (each connection costs a descriptor).
void RaiseFileLimit();

}  // namespace lever::bench
