#include "grpc_runtime.h"

#include <absl/synchronization/mutex.h>

namespace lever {

void PrepareGrpcRuntime() { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); }

}  // namespace lever
