// lever-bench: load generator for Lever and its peers (etcd, nginx). See docs/benchmarks.md.
//
//   lever-bench <subcommand> --flag=value ...
//
// Each subcommand prints one JSON line with its measurements on stdout (progress and errors go to
// stderr) and exits 0, or 1 when the scenario could not run, 2 on a usage error.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <functional>
#include <iostream>
#include <map>

#include "grpc_runtime.h"
#include "scenarios.h"

namespace {

using lever::bench::BenchFlags;
using Runner = std::function<nlohmann::json(BenchFlags&)>;

const char* kUsage = R"(usage: lever-bench <subcommand> [--name=value ...]
  get            --target=HOST:PORT [--path=/...] [--connections=64] [--threads=2] [--duration=10] [--warmup=1]
  publish        --via=http|grpc|etcd (--http=|--grpc=|--etcd=)HOST:PORT [--clients=64] [--value-size=200]
                 [--server-pid=PID: also report its CPU per publish; ours and interrupts always]
                 [--duration=10] [--warmup=1]
  watch-latency  --via=grpc|long-poll|etcd (--grpc=|--http=|--etcd=)HOST:PORT [--listeners=1000] [--rounds=5]
                 [--round-timeout=10] [--server-pid=PID: likewise, per notified listener]
  connections    --grpc=HOST:PORT --pid=SERVER_PID [--count=10000] [--settle=3]
  seed           --http=HOST:PORT [--count=10000] [--value-size=200] [--connections=32]
  startup        --server-bin=PATH --data-dir=DIR [--server-args="..."] [--settle=3]
  report         --results=FILE.json [--markdown=FILE.md]
)";

// `publish` and `watch-latency` pick their implementation by --via.
Runner ByVia(const std::map<std::string, Runner>& runners) {
  return [runners](BenchFlags& flags) {
    const std::string via = flags.Str("via");
    auto it = runners.find(via);
    if (it == runners.end()) throw lever::bench::ScenarioError("unknown --via=" + via);
    return it->second(flags);
  };
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lever::bench;
  lever::PrepareGrpcRuntime();
  spdlog::set_pattern("%H:%M:%S.%e lever-bench %v");
  spdlog::set_default_logger(spdlog::stderr_color_mt("bench"));
  const std::map<std::string, Runner> subcommands = {
      {"get", RunGet},
      {"publish", ByVia({{"http", RunPublishHttp}, {"grpc", RunPublishGrpc}, {"etcd", RunPublishEtcd}})},
      {"watch-latency", ByVia({{"grpc", RunWatchGrpc}, {"long-poll", RunWatchLongPoll}, {"etcd", RunWatchEtcd}})},
      {"connections", RunConnections},
      {"seed", RunSeed},
      {"startup", RunStartup},
      {"report", RunReport},
  };
  if (argc < 2 || !subcommands.count(argv[1])) {
    std::cerr << kUsage;
    return 2;
  }
  BenchFlags flags(argc, argv, 2);
  try {
    nlohmann::json result = subcommands.at(argv[1])(flags);
    if (auto unused = flags.Unused(); !unused.empty()) {
      std::cerr << "lever-bench " << argv[1] << ": unknown flag --" << unused.front() << "\n" << kUsage;
      return 2;
    }
    result["scenario"] = argv[1];
    std::cout << result.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lever-bench " << argv[1] << ": " << e.what() << "\n";
    return 1;
  }
}
