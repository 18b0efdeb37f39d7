// Server process scenarios: time from exec to ready on an existing data dir, and the idle RSS
// afterwards.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include "http_connections.h"
#include "scenarios.h"

namespace lever::bench {
namespace {

using Json = nlohmann::json;

std::vector<std::string> SplitSpaces(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Forks `argv` with stdout+stderr on a pipe; returns the pid and the read end.
std::pair<pid_t, int> Spawn(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw ScenarioError("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw ScenarioError("fork failed");
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  return {pid, fds[0]};
}

}  // namespace

void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

Json RunStartup(BenchFlags& flags) {
  std::vector<std::string> argv = {flags.Str("server-bin"), "--data-dir=" + flags.Str("data-dir"),
                                   "--port=0", "--grpc-port=0", "--auth=off"};
  for (auto& a : SplitSpaces(flags.Str("server-args"))) argv.push_back(a);
  const auto settle = flags.Seconds("settle", 3);
  const auto deadline_after = flags.Seconds("timeout", 60);

  const auto start = Clock::now();
  auto [pid, out] = Spawn(argv);
  std::string log, ready_line;
  const auto deadline = start + deadline_after;
  while (ready_line.empty() && Clock::now() < deadline) {
    pollfd p{out, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(out, buffer, sizeof buffer);
    if (n <= 0) break;  // the server exited
    log.append(buffer, static_cast<size_t>(n));
    const size_t at = log.find("event=ready");
    if (at != std::string::npos && log.find('\n', at) != std::string::npos)
      ready_line = log.substr(at, log.find('\n', at) - at);
  }
  const double ready_s = std::chrono::duration<double>(Clock::now() - start).count();
  // Keep draining the output so the server never blocks on a full pipe.
  std::thread drain([fd = out] {
    char buffer[4096];
    while (read(fd, buffer, sizeof buffer) > 0) {
    }
  });
  Json result;
  if (!ready_line.empty()) {
    std::this_thread::sleep_for(settle);
    const size_t port_at = ready_line.find("http_port=");
    const int http_port = port_at == std::string::npos ? 0 : std::atoi(ready_line.c_str() + port_at + 10);
    HttpResponse metrics = HttpRoundTrip("127.0.0.1", http_port, HttpGet("127.0.0.1", "/metrics"));
    result = {{"ready_seconds", ready_s},
              {"rss_kb", ProcStatusField(pid, "VmRSS")},
              {"threads", ProcStatusField(pid, "Threads")},
              {"configs", PrometheusValue(metrics.body, "lever_configs")}};
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  drain.join();
  close(out);
  if (ready_line.empty()) throw ScenarioError("no event=ready line; output:\n" + log.substr(log.size() > 2000 ? log.size() - 2000 : 0));
  return result;
}

}  // namespace lever::bench
