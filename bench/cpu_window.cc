#include "cpu_window.h"

#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lever::bench {

double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return -1;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;  // fields[0] is field 3 (state)
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() < 13) return -1;
  const double ticks = std::stod(fields[11]) + std::stod(fields[12]);  // utime (14) + stime (15)
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ThreadsCpuSeconds(pid_t pid) {
  std::error_code ec;
  double seconds = 0;
  bool any = false;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    unsigned long long run_ns = 0;
    if (in >> run_ns) {
      seconds += static_cast<double>(run_ns) / 1e9;
      any = true;
    }
  }
  return any ? seconds : -1;
}

MachineTicks ReadMachineTicks() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq) || cpu != "cpu") return {};
  in >> steal;  // absent on old kernels
  return {user + nice + system + idle + iowait + irq + softirq + steal, idle + iowait, irq + softirq, steal};
}

namespace {

double OwnCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

nlohmann::json PerOp(double server_s, double bench_s, const MachineTicks& machine, long ops) {
  nlohmann::json out = nlohmann::json::object();
  if (ops <= 0) return out;
  out["bench_us_per_op"] = bench_s * 1e6 / static_cast<double>(ops);
  if (server_s >= 0) out["server_us_per_op"] = server_s * 1e6 / static_cast<double>(ops);
  if (machine.total > 0) {
    out["irq_us_per_op"] = machine.irq / static_cast<double>(sysconf(_SC_CLK_TCK)) * 1e6 / static_cast<double>(ops);
    out["machine_idle_pct"] = 100 * machine.idle / machine.total;
    out["machine_steal_pct"] = 100 * machine.steal / machine.total;
  }
  return out;
}

}  // namespace

void CpuTally::Start() {
  if (server_pid_ > 0 && server_readable_) server_start_ = ThreadsCpuSeconds(server_pid_);
  bench_start_ = OwnCpuSeconds();
  machine_start_ = ReadMachineTicks();
}

void CpuTally::Stop() {
  bench_s_ += OwnCpuSeconds() - bench_start_;
  machine_ += ReadMachineTicks() - machine_start_;
  if (server_pid_ <= 0 || !server_readable_) return;
  const double now = ThreadsCpuSeconds(server_pid_);
  if (now < 0 || server_start_ < 0) {
    server_readable_ = false;
    return;
  }
  server_s_ += now - server_start_;
}

nlohmann::json CpuTally::PerOperation(long ops) const {
  return PerOp(server_pid_ > 0 && server_readable_ ? server_s_ : -1, bench_s_, machine_, ops);
}

CpuWindow::CpuWindow(pid_t server_pid, Clock::time_point from, Clock::time_point to)
    : server_pid_(server_pid), sampler_([this, from, to] {
        std::this_thread::sleep_until(from);
        first_ = Take();
        std::this_thread::sleep_until(to);
        last_ = Take();
      }) {}

CpuWindow::~CpuWindow() {
  if (sampler_.joinable()) sampler_.join();
}

CpuWindow::Sample CpuWindow::Take() const {
  Sample s;
  if (server_pid_ > 0) s.server_s = ProcessCpuSeconds(server_pid_);
  s.bench_s = OwnCpuSeconds();
  s.machine = ReadMachineTicks();
  return s;
}

nlohmann::json CpuWindow::PerOperation(long ops) {
  if (sampler_.joinable()) sampler_.join();
  const bool server = first_.server_s >= 0 && last_.server_s >= 0;
  return PerOp(server ? last_.server_s - first_.server_s : -1, last_.bench_s - first_.bench_s,
               last_.machine - first_.machine, ops);
}

}  // namespace lever::bench
