#include "latency_stats.h"

#include <algorithm>
#include <cmath>

namespace lever::bench {

void LatencyStats::Merge(const LatencyStats& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

double LatencyStats::Percentile(double p) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples_.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return samples_[std::min(index, samples_.size() - 1)];
}

double LatencyStats::Max() { return Percentile(100); }

nlohmann::json LatencyStats::ToJson() {
  auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
  return {{"count", samples_.size()},
          {"min_ms", round3(Percentile(0))},
          {"p50_ms", round3(Percentile(50))},
          {"p90_ms", round3(Percentile(90))},
          {"p99_ms", round3(Percentile(99))},
          {"max_ms", round3(Max())}};
}

}  // namespace lever::bench
