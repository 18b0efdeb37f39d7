#include "worker_stats.h"

#include <nlohmann/json.hpp>

namespace pipeline_worker {

void WorkerStats::Count(const Verdict& verdict) {
  constexpr auto kRelaxed = std::memory_order_relaxed;
  read.fetch_add(1, kRelaxed);
  if (verdict.outcome != Outcome::kMalformed && !verdict.had_traceparent) {
    no_traceparent.fetch_add(1, kRelaxed);
  }
  switch (verdict.outcome) {
    case Outcome::kAccepted:
      accepted.fetch_add(1, kRelaxed);
      break;
    case Outcome::kSampledOut:
      sampled_out.fetch_add(1, kRelaxed);
      break;
    case Outcome::kMalformed:
      malformed.fetch_add(1, kRelaxed);
      break;
    case Outcome::kRejected:
      rejected.fetch_add(1, kRelaxed);
      rejected_by[static_cast<size_t>(verdict.violation)].fetch_add(1, kRelaxed);
      break;
  }
}

std::string WorkerStats::ToJson(bool final, const lever::Watched<lever::PipelineSettings>& settings,
                                const std::string& sink_file) const {
  constexpr auto kRelaxed = std::memory_order_relaxed;
  nlohmann::ordered_json by_kind = nlohmann::ordered_json::object();
  for (size_t i = 0; i < rejected_by.size(); ++i) {
    by_kind[lever::ViolationKindName(static_cast<lever::Violation::Kind>(i))] =
        rejected_by[i].load(kRelaxed);
  }
  auto current = settings.Get();
  lever::WatchedStats watched = settings.stats();
  nlohmann::ordered_json line = {
      {"event", "stats"},
      {"final", final},
      {"read", read.load(kRelaxed)},
      {"accepted", accepted.load(kRelaxed)},
      {"sampled_out", sampled_out.load(kRelaxed)},
      {"rejected", rejected.load(kRelaxed)},
      {"rejected_by", by_kind},
      {"malformed", malformed.load(kRelaxed)},
      {"no_traceparent", no_traceparent.load(kRelaxed)},
      {"write_errors", write_errors.load(kRelaxed)},
      {"settings_version", watched.version},
      {"settings_rejected", watched.rejected},
      {"sampler", current ? current->sampler.Description() : ""},
      {"min_event_timestamp", current ? current->validation.min_event_timestamp : 0},
      {"sink_file", sink_file},
  };
  return line.dump();
}

}  // namespace pipeline_worker
