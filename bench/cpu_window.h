// The CPU time that the server under test and lever-bench itself spend on a scenario's
// operations: CpuWindow over one timed window (publishes), CpuTally summed over short ones (the
// rounds of a fan-out). Everything shares the machine's cores, so a ratio or a percentile is
// explained by what one operation costs each side; the report prints it beside the results.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace lever::bench {

// CpuWindow: both processes' CPU between two instants.
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

// CpuTally: the same two figures summed over several short windows, such as the rounds of a
// fan-out (Start() before a round's publish, Stop() once its last notification arrived). A round
// lasts milliseconds, so the server is read from its threads' run times in nanoseconds
// (/proc/<pid>/task/*/schedstat); a server thread that exits within a window loses its share.
class CpuTally {
 public:
  explicit CpuTally(pid_t server_pid) : server_pid_(server_pid) {}
  void Start();
  void Stop();
  // {"server_us_per_op", "bench_us_per_op"} over all windows, as CpuWindow::PerOperation.
  nlohmann::json PerOperation(long ops) const;

 private:
  pid_t server_pid_;
  double server_start_ = 0, bench_start_ = 0;
  double server_s_ = 0, bench_s_ = 0;
  bool server_readable_ = true;
};

// User + system CPU seconds of `pid` so far (/proc/<pid>/stat, clock-tick resolution), or -1.
double ProcessCpuSeconds(pid_t pid);
// Run time of `pid`'s live threads so far, in seconds (/proc/<pid>/task/*/schedstat), or -1.
double ThreadsCpuSeconds(pid_t pid);

}  // namespace lever::bench
