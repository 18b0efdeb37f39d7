// Process-wide settings of the gRPC runtime that every Lever binary serving or driving gRPC
// traffic applies once, at the top of main(), before any channel or server exists.
#pragma once

namespace lever {

enum class GrpcRole { kClient, kServer };

// For every role: Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock
// detector on (mode kAbort): every lock taken inside gRPC records an edge in a global lock graph.
// In lever-server that was 14% of all instructions while 1,000 listeners were pushed to, and its
// graph grows with every connection's mutexes. Release builds of Abseil have it off; this turns
// it off here.
//
// For kServer: turns off gRPC 1.51's `tcp_read_chunks` experiment (on by default), which reads
// into fixed 8 KB slices; every idle connection keeps one allocated for its next read, a quarter
// of what an idle SDK connection costs. Without it the read buffer starts at
// GRPC_ARG_TCP_READ_CHUNK_SIZE (GrpcServer sets 512 bytes) and grows with the traffic (it doubles
// whenever a read fills it). An operator's own GRPC_EXPERIMENTS is kept, and wins if it names
// tcp_read_chunks.
void PrepareGrpcRuntime(GrpcRole role = GrpcRole::kClient);

}  // namespace lever
