// What one pipeline worker does with one JSON-lines event, given the live PipelineSettings:
// decode, sample (OpenTelemetry, from the event's `traceparent`), validate. Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "lever/pipeline.h"

namespace pipeline_worker {

enum class Outcome {
  kAccepted,    // sampled and valid: goes to the sink
  kSampledOut,  // the sampler dropped it
  kRejected,    // sampled, but broke a validation rule (see violation)
  kMalformed,   // not a JSON object
};

struct Verdict {
  Outcome outcome = Outcome::kMalformed;
  lever::Violation::Kind violation{};  // meaningful for kRejected
  bool had_traceparent = false;        // false: missing or invalid, sampled as a root span
};

// Not thread safe (holds the random source for root trace ids): one per worker thread.
class EventProcessor {
 public:
  explicit EventProcessor(uint64_t seed) : random_(seed) {}

  // `line` is one event: a JSON object whose top-level fields are the event fields and whose
  // optional "traceparent" string is the W3C header of the producer's span. Events without a valid
  // traceparent are root spans with a fresh random trace id, as an OTel SDK would do.
  Verdict Process(std::string_view line, const lever::PipelineSettings& settings);

 private:
  std::array<uint8_t, 16> RandomTraceId();
  std::mt19937_64 random_;
};

}  // namespace pipeline_worker
