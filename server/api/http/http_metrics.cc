#include "api/http/http_metrics.h"

#include <fmt/format.h>

namespace lever::http {

HttpMetrics::HttpMetrics(const std::vector<Route>& routes) : routes_(routes) {
  for (const auto& r : routes) {
    auto s = std::make_unique<Series>();
    s->method = r.method;
    s->path = r.path;
    series_.push_back(std::move(s));
  }
}

void HttpMetrics::Observe(const Route& route, int status, double seconds) {
  size_t index = static_cast<size_t>(&route - routes_.data());
  if (index >= series_.size()) return;
  Series& s = *series_[index];
  int cls = status / 100;
  s.by_class[(cls >= 1 && cls <= 5) ? cls - 1 : 5].fetch_add(1, std::memory_order_relaxed);
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) s.buckets[i].fetch_add(1, std::memory_order_relaxed);
  }
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string HttpMetrics::Render() const {
  std::string out =
      "# HELP lever_http_requests_total HTTP requests by route and status class.\n"
      "# TYPE lever_http_requests_total counter\n";
  static const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
  for (const auto& s : series_) {
    for (size_t c = 0; c < 6; ++c) {
      uint64_t n = s->by_class[c].load(std::memory_order_relaxed);
      if (n) out += fmt::format("lever_http_requests_total{{method=\"{}\",path=\"{}\",code=\"{}\"}} {}\n", s->method, s->path, kClasses[c], n);
    }
  }
  out += "# HELP lever_http_request_seconds HTTP request latency (long-polls included).\n"
         "# TYPE lever_http_request_seconds histogram\n";
  for (const auto& s : series_) {
    uint64_t count = s->count.load(std::memory_order_relaxed);
    if (!count) continue;
    std::string labels = fmt::format("method=\"{}\",path=\"{}\"", s->method, s->path);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("lever_http_request_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBuckets[i], s->buckets[i].load(std::memory_order_relaxed));
    }
    out += fmt::format("lever_http_request_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, count);
    out += fmt::format("lever_http_request_seconds_sum{{{}}} {}\n", labels, s->micros.load(std::memory_order_relaxed) / 1e6);
    out += fmt::format("lever_http_request_seconds_count{{{}}} {}\n", labels, count);
  }
  return out;
}

}  // namespace lever::http
