#include "grpc_runtime.h"

#include <absl/synchronization/mutex.h>

#include <cstdlib>
#include <string>

namespace lever {

namespace {

// Turns experiment `name` off through GRPC_EXPERIMENTS, which gRPC reads on first use.
void DisableGrpcExperiment(const std::string& name) {
  const char* current = std::getenv("GRPC_EXPERIMENTS");
  std::string list = current != nullptr ? current : "";
  if (list.find(name) != std::string::npos) return;  // the operator chose
  if (!list.empty()) list += ",";
  list += "-" + name;
  setenv("GRPC_EXPERIMENTS", list.c_str(), 1);
}

}  // namespace

void PrepareGrpcRuntime(GrpcRole role) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (role == GrpcRole::kServer) DisableGrpcExperiment("tcp_read_chunks");
}

}  // namespace lever
