// lever_snapshot_bench [--json] [--smoke] [--reads=N] [--threads=1,2,4,8]
//
// Measures the cost of one read of the current typed snapshot by N worker threads while a writer
// swaps in a new version every millisecond (a config changing 1000 times a second is far above
// real life, so the slow path is exercised too). Three ways to read:
//   reader      Watched<T>::Reader::get()   (the recommended hot path)
//   get         Watched<T>::Get()           (mutex + shared_ptr copy)
//   atomic_sp   std::atomic<std::shared_ptr<const T>>::load()  (the textbook approach)
// ns/read is thread CPU time divided by reads, averaged over threads, so it stays meaningful when
// threads outnumber cores. Prints a table, or JSON with --json. No pass/fail: numbers only.
#include <pthread.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "lever/watched.h"

namespace {

struct Settings {
  double ratio = 0;
  int64_t min_timestamp = 0;
  std::string sink_path;
};

lever::Result<Settings> ParseSettings(std::string_view content) {
  return Settings{0.5, static_cast<int64_t>(content.size()), std::string(content)};
}

double ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

struct Sample {
  std::string method;
  int threads = 0;
  double ns_per_read = 0;      // CPU ns per read, mean over threads
  double reads_per_sec = 0;    // all threads together, wall clock
};

// Runs `threads` workers, each doing `reads` calls of the reader `make()` returns, while a writer
// offers a new version every millisecond.
// `make()` returns the per-thread read function (a lambda, so the read is inlined in the loop).
template <class Make>
Sample Run(const std::string& method, int threads, int64_t reads, Make make,
           const std::function<void(int)>& write) {
  std::atomic<bool> stop_writer{false};
  std::thread writer([&] {
    for (int v = 0; !stop_writer.load(std::memory_order_relaxed); ++v) {
      write(v);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  std::vector<double> cpu_ns(threads);
  std::atomic<int64_t> sink{0};
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto read = make();
      ready.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      const double before = ThreadCpuNs();
      int64_t sum = 0;
      for (int64_t i = 0; i < reads; ++i) sum += read();
      cpu_ns[t] = ThreadCpuNs() - before;
      sink.fetch_add(sum, std::memory_order_relaxed);
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  const auto begin = std::chrono::steady_clock::now();
  go.store(true);
  for (auto& w : workers) w.join();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  stop_writer.store(true);
  writer.join();
  double total = 0;
  for (double ns : cpu_ns) total += ns;
  Sample s;
  s.method = method;
  s.threads = threads;
  s.ns_per_read = total / threads / static_cast<double>(reads);
  s.reads_per_sec = static_cast<double>(reads) * threads / wall_s;
  if (sink.load() == 42) std::puts("");  // keeps the reads observable
  return s;
}

std::vector<int> ParseThreads(const char* text) {
  std::vector<int> out;
  for (const char* p = text; *p != '\0';) {
    out.push_back(std::atoi(p));
    const char* comma = std::strchr(p, ',');
    if (comma == nullptr) break;
    p = comma + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  int64_t reads = 20'000'000;
  std::vector<int> thread_counts = {1, 2, 4, 8};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--smoke") {
      reads = 200'000;
    } else if (arg.rfind("--reads=", 0) == 0) {
      reads = std::atoll(arg.c_str() + 8);
    } else if (arg.rfind("--threads=", 0) == 0) {
      thread_counts = ParseThreads(arg.c_str() + 10);
    } else {
      std::fprintf(stderr, "usage: %s [--json] [--smoke] [--reads=N] [--threads=1,2,4,8]\n", argv[0]);
      return 2;
    }
  }

  lever::Watched<Settings> watched(ParseSettings);
  (void)watched.Offer("version-0");
  std::atomic<std::shared_ptr<const Settings>> atomic_sp(std::make_shared<const Settings>(Settings{0.5, 0, ""}));
  auto write_both = [&](int v) {
    (void)watched.Offer("version-" + std::to_string(v + 1));
    atomic_sp.store(std::make_shared<const Settings>(Settings{0.5, v, ""}));
  };

  std::vector<Sample> samples;
  for (int threads : thread_counts) {
    samples.push_back(Run("reader", threads, reads, [&] {
      return [reader = watched.NewReader()]() mutable { return reader.get()->min_timestamp; };
    }, write_both));
    samples.push_back(Run("get", threads, reads / 10, [&] {
      return [&] { return watched.Get()->min_timestamp; };
    }, write_both));
    samples.push_back(Run("atomic_sp", threads, reads / 10, [&] {
      return [&] { return atomic_sp.load()->min_timestamp; };
    }, write_both));
  }

  if (json) {
    std::printf("{\"benchmark\":\"snapshot_read\",\"reads_per_thread\":%lld,\"results\":[", static_cast<long long>(reads));
    for (size_t i = 0; i < samples.size(); ++i) {
      std::printf("%s{\"method\":\"%s\",\"threads\":%d,\"ns_per_read\":%.2f,\"reads_per_sec\":%.0f}",
                  i == 0 ? "" : ",", samples[i].method.c_str(), samples[i].threads, samples[i].ns_per_read,
                  samples[i].reads_per_sec);
    }
    std::printf("]}\n");
    return 0;
  }
  std::printf("snapshot read cost (CPU ns per read, mean over threads; writer swaps every 1 ms; %u cores)\n",
              std::thread::hardware_concurrency());
  std::printf("%-8s %14s %14s %14s\n", "threads", "reader ns", "Get() ns", "atomic_sp ns");
  for (size_t i = 0; i + 2 < samples.size(); i += 3) {
    std::printf("%-8d %14.2f %14.2f %14.2f\n", samples[i].threads, samples[i].ns_per_read,
                samples[i + 1].ns_per_read, samples[i + 2].ns_per_read);
  }
  return 0;
}
