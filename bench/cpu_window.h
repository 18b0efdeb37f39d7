// CpuWindow: the CPU time that the server under test and lever-bench itself spend during a
// scenario's measured window. Everything shares the machine's cores, so a throughput ratio is
// explained by what one operation costs each side; the report prints it beside the rates.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace lever::bench {

class CpuWindow {
 public:
  using Clock = std::chrono::steady_clock;

  // Samples both processes at `from` and at `to` on a thread of its own. A `server_pid` of 0 or
  // less measures lever-bench alone.
  CpuWindow(pid_t server_pid, Clock::time_point from, Clock::time_point to);
  ~CpuWindow();
  CpuWindow(const CpuWindow&) = delete;
  CpuWindow& operator=(const CpuWindow&) = delete;

  // After `to`: {"server_us_per_op", "bench_us_per_op"} for `ops` operations in the window
  // (server_us_per_op only with a server pid; {} when ops is 0 or the server could not be read).
  nlohmann::json PerOperation(long ops);

 private:
  struct Sample {
    double server_s = -1;  // user + system of server_pid, from /proc/<pid>/stat
    double bench_s = 0;    // CLOCK_PROCESS_CPUTIME_ID of this process
  };
  Sample Take() const;

  pid_t server_pid_;
  Sample first_, last_;
  std::thread sampler_;
};

// User + system CPU seconds of `pid` so far (/proc/<pid>/stat, clock-tick resolution), or -1.
double ProcessCpuSeconds(pid_t pid);

}  // namespace lever::bench
