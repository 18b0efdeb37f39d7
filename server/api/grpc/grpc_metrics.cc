#include "api/grpc/grpc_metrics.h"

#include <cstdio>

namespace lever::rpc {

namespace {

void Metric(std::string& out, const char* type, const char* name, uint64_t value,
            const char* help) {
  out += "# HELP ";
  out += name;
  out += " ";
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " ";
  out += type;
  out += "\n";
  out += name;
  out += " " + std::to_string(value) + "\n";
}

std::string Seconds(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

}  // namespace

std::string FormatGrpcMetrics(const GrpcStats& s) {
  struct Row {
    const char* type;
    const char* name;
    uint64_t value;
    const char* help;
  };
  const Row rows[] = {
      {"gauge", "lever_grpc_connections", s.connections, "registered gRPC connections"},
      {"counter", "lever_grpc_connections_opened_total", s.connections_opened,
       "gRPC connections registered"},
      {"counter", "lever_grpc_connections_closed_total", s.connections_closed,
       "gRPC connections unregistered"},
      {"counter", "lever_grpc_connections_dropped_total", s.connections_dropped,
       "gRPC connections dropped by the server (push retry limit, failed idle detection)"},
      {"gauge", "lever_grpc_listens", s.listens, "keys listened to over gRPC (connection x key)"},
      {"counter", "lever_grpc_requests_total", s.requests, "unary gRPC requests answered"},
      {"counter", "lever_grpc_request_errors_total", s.request_errors,
       "unary gRPC requests answered with resultCode != 200"},
      {"counter", "lever_grpc_pushes_total", s.pushes_sent,
       "ConfigChangeNotifyRequest written, retries included"},
      {"counter", "lever_grpc_push_acks_total", s.push_acks,
       "pushes acknowledged with resultCode 200"},
      {"counter", "lever_grpc_push_retries_total", s.push_retries,
       "pushes re-sent after a failed or missing ack"},
      {"counter", "lever_grpc_pushes_coalesced_total", s.pushes_coalesced,
       "changes folded into a pending push of the same key"},
  };
  std::string out;
  for (const Row& row : rows) Metric(out, row.type, row.name, row.value, row.help);

  const char* h = "lever_grpc_push_latency_seconds";
  out += "# HELP lever_grpc_push_latency_seconds committed change to client ack\n";
  out += "# TYPE lever_grpc_push_latency_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < GrpcStats::kPushLatencyBoundsMs.size(); ++i) {
    cumulative += s.push_latency_buckets[i];
    out += std::string(h) + "_bucket{le=\"" + Seconds(GrpcStats::kPushLatencyBoundsMs[i] / 1000.0) +
           "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += s.push_latency_buckets.back();
  out += std::string(h) + "_bucket{le=\"+Inf\"} " + std::to_string(cumulative) + "\n";
  out +=
      std::string(h) + "_sum " + Seconds(static_cast<double>(s.push_latency_sum_us) / 1e6) + "\n";
  out += std::string(h) + "_count " + std::to_string(s.push_latency_count) + "\n";
  return out;
}

}  // namespace lever::rpc
