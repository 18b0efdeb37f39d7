// LatencyStats — a set of latency samples (milliseconds) and their percentiles.
// Not thread safe: each thread records into its own instance and Merge()s at the end.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

namespace lever::bench {

class LatencyStats {
 public:
  void Add(double ms) { samples_.push_back(ms); }
  void Merge(const LatencyStats& other);
  size_t count() const { return samples_.size(); }
  // The p-th percentile (0..100, nearest rank) or 0 with no samples; sorts lazily.
  double Percentile(double p);
  double Max();
  // {"count", "p50_ms", "p90_ms", "p99_ms", "max_ms"}.
  nlohmann::json ToJson();

 private:
  std::vector<double> samples_;
  bool sorted_ = false;
};

}  // namespace lever::bench
