// The worker's counters, updated by every worker thread, printed as one JSON line
// (docs/pipeline.md).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "event_processor.h"
#include "lever/watched.h"

namespace pipeline_worker {

// Thread safe: relaxed atomic counters (each is exact; a snapshot of several is not a cut).
struct WorkerStats {
  std::atomic<uint64_t> read{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> sampled_out{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> malformed{0};
  std::atomic<uint64_t> no_traceparent{0};
  std::atomic<uint64_t> write_errors{0};
  std::array<std::atomic<uint64_t>, 5> rejected_by{};  // by lever::Violation::Kind

  void Count(const Verdict& verdict);
  // {"event":"stats","final":…,"read":…,…,"settings_version":…,"sampler":…,"sink_file":…}
  std::string ToJson(bool final, const lever::Watched<lever::PipelineSettings>& settings,
                     const std::string& sink_file) const;
};

}  // namespace pipeline_worker
