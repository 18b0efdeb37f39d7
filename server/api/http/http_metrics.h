// Per-route request counters and latency histograms, rendered in Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "api/http/http_router.h"

namespace lever::http {

class HttpMetrics {
 public:
  explicit HttpMetrics(const std::vector<Route>& routes);
  // Thread safe.
  void Observe(const Route& route, int status, double seconds);
  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    1.0,   30.0};
  struct Series {
    std::string method, path;
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx, other
    std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> micros{0};
  };
  const std::vector<Route>& routes_;
  std::vector<std::unique_ptr<Series>> series_;
};

}  // namespace lever::http
