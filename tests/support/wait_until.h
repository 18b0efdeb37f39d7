// Deadline-based waiting for tests: poll a condition instead of sleeping for a guessed time.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace lever::testing {

// Calls `condition` until it returns true or `deadline` has passed, pausing `step` between calls.
// Returns whether the condition became true; the condition is evaluated once more at the deadline
// so a slow last step is not lost. Thread safe as long as `condition` is.
inline bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds deadline,
                      std::chrono::milliseconds step = std::chrono::milliseconds(10)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(step);
  }
  return condition();
}

}  // namespace lever::testing
