// Names the calling thread, so that `top -H`, `ps -L`, perf, gdb and /proc/<pid>/task/*/comm
// tell Lever's threads apart (docs/operations.md lists them).
#pragma once

#include <string>

namespace lever {

// Linux keeps at most 15 bytes of a thread's name; a longer name is cut to its first 15.
void SetCurrentThreadName(const std::string& name);

}  // namespace lever
