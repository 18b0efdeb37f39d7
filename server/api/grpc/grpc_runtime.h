// Runtime — the state every part of the gRPC adapter shares: options, the core, the watch hub,
// the connection registry, the timer thread, the worker pool and the counters. Owned by
// GrpcServer; connections and handlers hold a plain pointer to it, valid until the server is
// destroyed (which happens only after every reactor is done).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "api/grpc/connection_registry.h"
#include "api/grpc/grpc_server.h"
#include "api/grpc/timer_queue.h"
#include "api/grpc/work_pool.h"

namespace spdlog {
class logger;
}

namespace lever::rpc {

// The "grpc" spdlog logger: the one registered under that name when first used, else a clone of
// the default logger. Log lines are key=value, one per event.
spdlog::logger& GrpcLog();

// Lock-free counters behind GrpcStats.
struct StatCounters {
  std::atomic<uint64_t> connections{0}, connections_opened{0}, connections_closed{0},
      connections_dropped{0}, listens{0}, requests{0}, request_errors{0}, pushes_sent{0},
      push_acks{0}, push_retries{0}, pushes_coalesced{0}, push_latency_sum_us{0},
      push_latency_count{0};
  std::array<std::atomic<uint64_t>, GrpcStats::kPushLatencyBoundsMs.size() + 1>
      push_latency_buckets{};

  void RecordPushLatency(int64_t micros);
  GrpcStats Snapshot() const;
};

struct Runtime {
  Runtime(core::ConfigService* c, watch::WatchHub* h, const GrpcServerOptions& o)
      : options(o), config(c), hub(h), workers(o.worker_threads) {}

  // Server-push requestIds: a server-wide increasing decimal counter (§8.4).
  std::string NextRequestId() { return std::to_string(next_request_id.fetch_add(1)); }

  const GrpcServerOptions options;
  core::ConfigService* const config;
  watch::WatchHub* const hub;
  ConnectionRegistry registry;
  TimerQueue timers;
  WorkPool workers;
  StatCounters stats;
  std::atomic<uint64_t> next_request_id{1};
  std::atomic<bool> shutting_down{false};
};

}  // namespace lever::rpc
