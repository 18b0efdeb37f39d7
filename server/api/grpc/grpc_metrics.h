// Prometheus text exposition of GrpcStats, appended by the app to GET /metrics.
#pragma once

#include <string>

#include "api/grpc/grpc_server.h"

namespace lever::rpc {

// lever_grpc_* gauges and counters, and the push latency histogram in seconds (cumulative
// buckets, as Prometheus wants them).
std::string FormatGrpcMetrics(const GrpcStats& stats);

}  // namespace lever::rpc
