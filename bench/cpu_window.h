// The CPU time that the server under test and lever-bench itself spend on a scenario's
// operations: CpuWindow over one timed window (publishes), CpuTally summed over short ones (the
// rounds of a fan-out). Everything shares the machine's cores, so a ratio or a percentile is
// explained by what one operation costs each side; the report prints it beside the results.
// Both also report how the machine's CPU time in those windows was spent besides (/proc/stat):
// idle, in interrupts (on loopback the receiving side of TCP runs in softirq context, which the
// kernel charges to no process) and taken away by the hypervisor (steal, what makes runs on a
// shared VM differ).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

namespace lever::bench {

// All CPUs' time from the first line of /proc/stat, in clock ticks (10 ms each, per CPU).
struct MachineTicks {
  double total = 0;  // every state: user, nice, system, idle, iowait, irq, softirq, steal
  double idle = 0;   // idle + iowait
  double irq = 0;    // irq + softirq
  double steal = 0;  // time the hypervisor ran something else while this VM wanted the CPU
  MachineTicks operator-(const MachineTicks& o) const {
    return {total - o.total, idle - o.idle, irq - o.irq, steal - o.steal};
  }
  MachineTicks& operator+=(const MachineTicks& o) {
    total += o.total, idle += o.idle, irq += o.irq, steal += o.steal;
    return *this;
  }
};
MachineTicks ReadMachineTicks();  // all zero when /proc/stat cannot be read

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

  // After `to`: {"server_us_per_op", "bench_us_per_op", "irq_us_per_op", "machine_idle_pct",
  // "machine_steal_pct"} for `ops` operations in the window (server_us_per_op only with a server
  // pid; {} when ops is 0; the machine's figures when /proc/stat could be read). irq_us_per_op is
  // the interrupt time of all CPUs, whoever caused it.
  nlohmann::json PerOperation(long ops);

 private:
  struct Sample {
    double server_s = -1;  // user + system of server_pid, from /proc/<pid>/stat
    double bench_s = 0;    // CLOCK_PROCESS_CPUTIME_ID of this process
    MachineTicks machine;
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
  // The same figures as CpuWindow::PerOperation, over all windows. The machine's figures come in
  // clock ticks (10 ms per CPU), as long as a short round: they mean something summed over many.
  nlohmann::json PerOperation(long ops) const;

 private:
  pid_t server_pid_;
  double server_start_ = 0, bench_start_ = 0;
  double server_s_ = 0, bench_s_ = 0;
  MachineTicks machine_start_, machine_;
  bool server_readable_ = true;
};

// User + system CPU seconds of `pid` so far (/proc/<pid>/stat, clock-tick resolution), or -1.
double ProcessCpuSeconds(pid_t pid);
// Run time of `pid`'s live threads so far, in seconds (/proc/<pid>/task/*/schedstat), or -1.
double ThreadsCpuSeconds(pid_t pid);

}  // namespace lever::bench
