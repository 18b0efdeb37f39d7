// lever-server: a Nacos-compatible configuration server.
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/server_app.h"
#include "app/server_options.h"
#include "grpc_runtime.h"

extern char** environ;

namespace {

void SetUpLogging(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
  for (const char* name : {"server", "http", "storage", "grpc", "watch", "auth"}) {
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    logger->set_level(spdlog::level::from_str(level));
    spdlog::register_logger(logger);
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  spdlog::flush_on(spdlog::level::info);
}

// Every client connection (HTTP or gRPC) costs a file descriptor, and the usual soft limit of
// 1024 would cap a config server far below its real capacity: raise it to the hard limit.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// glibc raises its mmap threshold each time a large mmapped block is freed, after which blocks
// of that size come from the thread arenas and stay there once freed. RocksDB's flushes and
// compactions free such blocks (memtable arenas, compaction buffers), which left ~2 MB of
// untrimmable free memory in an idle server. A fixed threshold keeps large blocks mmapped, so
// they go back to the kernel when freed.
void FixMallocThresholds() {
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
  FixMallocThresholds();
  lever::PrepareGrpcRuntime(lever::GrpcRole::kServer);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::fputs(lever::app::ServerUsage().c_str(), stdout);
      return 0;
    }
  }
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  auto options = lever::app::ServerOptions::Load(argc, argv, env);
  if (!options.ok()) {
    std::fprintf(stderr, "lever-server: %s\n(see lever-server --help)\n", options.status().message().c_str());
    return 2;
  }
  SetUpLogging(options->log_level);
  RaiseFileLimit();

  // Block the shutdown signals in every thread; main waits for them with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto log = spdlog::get("server");
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  log->info("event=starting {} max_open_files={}", options->Describe(), files.rlim_cur);
  lever::app::ServerApp app(*options);
  if (auto s = app.Start(); !s.ok()) {
    log->error("event=start_failed error=\"{}\"", s.ToString());
    return 1;
  }
  int received = 0;
  sigwait(&signals, &received);
  log->info("event=signal signal={}", received == SIGTERM ? "SIGTERM" : "SIGINT");
  app.Stop();
  return 0;
}
