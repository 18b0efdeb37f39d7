// pipeline_worker: N threads read JSON-lines events, sample and validate them with the live
// PipelineSettings from Lever, and append accepted events to the configured sink. Change the
// config (console or `lever put`) and the workers follow within a second, without a restart.
// README "Pipeline worker" and docs/pipeline.md show how to run it.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "event_processor.h"
#include "lever/config_client.h"
#include "lever/pipeline.h"
#include "lever/watched.h"
#include "sink_writer.h"
#include "worker_stats.h"

namespace pipeline_worker {
namespace {

constexpr const char* kUsage = R"(usage: pipeline_worker [options]
  --server host:port[,...]   Lever/Nacos servers [LEVER_SERVER] (default 127.0.0.1:8848)
  --namespace ID             [LEVER_NAMESPACE]     --user NAME --password PW [LEVER_USER, LEVER_PASSWORD]
  --transport grpc|http      (default grpc)        --grpc-port-offset N [LEVER_GRPC_PORT_OFFSET] (default 1000)
  --data-id ID               config to follow (default spark-hudi-pipeline.properties)
  --group G                  (default DEFAULT_GROUP)
  --input PATH|-             JSON-lines events: a file, a FIFO or - for stdin (default -)
  --workers N                worker threads (default 4)
  --remote-sink-root DIR     where non-file:// table paths are written (default ./lever-sink)
  --stats-interval-ms MS     period of the stats lines on stdout (default 1000)
  --wait-config-ms MS        how long to wait for a first valid config at start (default 10000)
)";

struct Options {
  std::map<std::string, std::string> values;
  std::string Get(const std::string& name, const char* env, const std::string& fallback) const {
    if (auto it = values.find(name); it != values.end()) return it->second;
    if (env != nullptr) {
      if (const char* value = std::getenv(env); value != nullptr && *value != '\0') return value;
    }
    return fallback;
  }
  // The option as an int; a malformed value ends the program with the usage (exit 2).
  int Number(const std::string& name, int fallback, const char* env = nullptr) const {
    std::string text = Get(name, env, std::to_string(fallback));
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      std::cerr << "--" << name << " must be a number, got \"" << text << "\"\n" << kUsage;
      std::exit(2);
    }
    return value;
  }
};

bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--help") return false;
    std::string name = arg.substr(2);
    if (size_t eq = name.find('='); eq != std::string::npos) {
      options.values[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (i + 1 < argc) {
      options.values[name] = argv[++i];
    } else {
      return false;
    }
  }
  return true;
}

lever::ClientOptions ClientOptionsFrom(const Options& options) {
  lever::ClientOptions client;
  std::string servers = options.Get("server", "LEVER_SERVER", "127.0.0.1:8848");
  for (size_t start = 0; start <= servers.size();) {
    size_t comma = servers.find(',', start);
    if (comma == std::string::npos) comma = servers.size();
    if (comma > start) client.servers.push_back(servers.substr(start, comma - start));
    start = comma + 1;
  }
  client.namespace_id = options.Get("namespace", "LEVER_NAMESPACE", "");
  client.username = options.Get("user", "LEVER_USER", "");
  client.password = options.Get("password", "LEVER_PASSWORD", "");
  if (options.Get("transport", nullptr, "grpc") == "http")
    client.transport = lever::Transport::kHttp;
  client.grpc_port_offset = options.Number("grpc-port-offset", 1000, "LEVER_GRPC_PORT_OFFSET");
  client.app_name = "pipeline-worker";
  return client;
}

// Hands out input lines to the worker threads, one at a time. Thread safe.
class LineSource {
 public:
  explicit LineSource(std::istream& in) : in_(in) {}
  bool Next(std::string& line) {
    std::lock_guard lock(mu_);
    return static_cast<bool>(std::getline(in_, line));
  }

 private:
  std::mutex mu_;
  std::istream& in_;
};

void RunWorker(int index, LineSource& source, lever::Watched<lever::PipelineSettings>& settings,
               SinkWriter& sink, WorkerStats& stats) {
  EventProcessor processor(0x5eed0000u + static_cast<uint64_t>(index));
  auto reader = settings.NewReader();
  std::string line;
  while (source.Next(line)) {
    if (line.empty()) continue;
    const lever::PipelineSettings* current = reader.get();  // never null: checked at start
    Verdict verdict = processor.Process(line, *current);
    stats.Count(verdict);
    if (verdict.outcome == Outcome::kAccepted && !sink.Write(current->sink, line)) {
      stats.write_errors.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

}  // namespace
}  // namespace pipeline_worker

int main(int argc, char** argv) {
  using namespace pipeline_worker;
  Options options;
  if (!ParseOptions(argc, argv, options)) {
    std::cerr << kUsage;
    return 2;
  }
  for (const char* numeric : {"workers", "stats-interval-ms", "wait-config-ms"}) {
    (void)options.Number(numeric, 0);  // exits 2 on a malformed value, before connecting
  }
  (void)options.Number("grpc-port-offset", 0, "LEVER_GRPC_PORT_OFFSET");
  // SIGINT/SIGTERM are taken by a thread of ours (blocked before any other thread starts).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto client = lever::ConfigClient::Create(ClientOptionsFrom(options));
  if (!client.ok()) {
    std::cerr << "event=client_failed error=\"" << client.error().ToString() << "\"\n";
    return 1;
  }
  lever::ConfigKey key{options.Get("data-id", nullptr, "spark-hudi-pipeline.properties"),
                       options.Get("group", nullptr, "DEFAULT_GROUP")};
  lever::WatchedOptions watch_options;
  watch_options.on_rejected = [](const lever::Rejection& rejection) {
    std::cerr << "event=settings_rejected md5=" << rejection.md5 << " error=\""
              << rejection.error.message << "\"\n";
  };
  auto settings = lever::Watched<lever::PipelineSettings>::Create(
      **client, key, lever::PipelineSettings::Parse, watch_options);
  if (!settings.ok()) {
    std::cerr << "event=watch_failed error=\"" << settings.error().ToString() << "\"\n";
    return 1;
  }
  auto& watched = **settings;
  if (!watched.WaitForValue(std::chrono::milliseconds(options.Number("wait-config-ms", 10000)))) {
    std::cerr << "event=no_valid_config key=" << key.ToString() << " last_error=\""
              << watched.stats().last_error << "\"\n";
    return 1;
  }

  std::ifstream file;
  std::string input = options.Get("input", nullptr, "-");
  if (input != "-") {
    std::cerr << "event=input_opening path=" << input << std::endl;
    file.open(input);  // blocks until a writer opens it when `input` is a FIFO
    if (!file) {
      std::cerr << "event=input_failed path=" << input << "\n";
      return 1;
    }
  }
  LineSource source(input == "-" ? std::cin : file);
  SinkWriter sink(options.Get("remote-sink-root", nullptr, "./lever-sink"));
  WorkerStats stats;
  auto print_stats = [&](bool final) {
    sink.Flush();
    std::cout << stats.ToJson(final, watched, sink.current_file()) << std::endl;
  };

  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  std::thread signal_thread([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    print_stats(true);  // workers may be blocked reading; report and leave
    std::quick_exit(0);
  });
  signal_thread.detach();
  std::thread stats_thread([&] {
    auto period = std::chrono::milliseconds(options.Number("stats-interval-ms", 1000));
    std::unique_lock lock(mu);
    while (!done_cv.wait_for(lock, period, [&] { return done; })) print_stats(false);
  });

  std::vector<std::thread> workers;
  int count = std::max(1, options.Number("workers", 4));
  for (int i = 0; i < count; ++i) {
    workers.emplace_back(RunWorker, i, std::ref(source), std::ref(watched), std::ref(sink),
                         std::ref(stats));
  }
  for (auto& worker : workers) worker.join();
  {
    std::lock_guard lock(mu);
    done = true;
  }
  done_cv.notify_all();
  stats_thread.join();
  print_stats(true);
  return 0;
}
