#include "base/thread_name.h"

#include <pthread.h>

namespace lever {

void SetCurrentThreadName(const std::string& name) {
  constexpr size_t kMaxBytes = 15;  // TASK_COMM_LEN - 1
  pthread_setname_np(pthread_self(), name.substr(0, kMaxBytes).c_str());
}

}  // namespace lever
