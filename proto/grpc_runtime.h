// Process-wide settings of the gRPC runtime that every Lever binary serving or driving gRPC
// traffic applies once, at the top of main(), before any channel or server exists.
#pragma once

namespace lever {

// Debian builds Abseil without NDEBUG, which leaves absl::Mutex's deadlock detector on (mode
// kAbort): every lock taken inside gRPC records an edge in a global lock graph. In lever-server
// that was 14% of all instructions while 1,000 listeners were pushed to, and its graph grows with
// every connection's mutexes. Release builds of Abseil have it off; this turns it off here.
void PrepareGrpcRuntime();

}  // namespace lever
