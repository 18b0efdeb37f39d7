// Pipeline settings: what a streaming worker (Kafka -> Spark -> Hudi style) reads from Lever at
// run time, parsed from the exact keys of examples/spark-hudi-pipeline.properties:
//
//   otel.exporter.otlp.endpoint=http://otel-collector.observability.svc.cluster.local:4317
//   otel.traces.sampler=parentbased_traceidratio
//   otel.traces.sampler.arg=0.2
//   data.quality.validation.enabled=true
//   data.quality.min.event.timestamp.epoch=1672531200
//   hudi.table.path=oss://my-datalake-bucket/hudi_user_events
//   hudi.table.name=user_events
//   hudi.table.type=COPY_ON_WRITE
//
// plus Lever's own optional rule keys (docs/pipeline.md has the full table):
//
//   data.quality.event.timestamp.field=event_timestamp   field holding epoch seconds
//   data.quality.required.fields=user_id,event_type      comma-separated
//   data.quality.range.<field>=<min>..<max>              numeric, inclusive, either side optional
//   data.quality.pattern.<field>=<ECMAScript regex>      must match the whole string value
//
// PipelineSettings::Parse is the parse function for lever::Watched<PipelineSettings>: every value
// is checked, and the first bad one is reported as kInvalidArgument with a message that starts with
// the key ("otel.traces.sampler.arg: ratio 1.7 is outside [0, 1]"), so the last good settings stay
// live. All types here are immutable values once built; every const method is thread safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "lever/properties.h"
#include "lever/result.h"

namespace lever {

// ---------------------------------------------------------------------------------------------
// Sampling (OpenTelemetry semantics)

// A W3C Trace Context `traceparent` header: "00-<32 hex trace id>-<16 hex parent id>-<2 hex
// flags>".
struct TraceParent {
  std::array<uint8_t, 16> trace_id{};
  std::array<uint8_t, 8> parent_id{};
  uint8_t flags = 0;

  bool sampled() const { return (flags & 0x01) != 0; }
};

// Parses `header` per W3C Trace Context: lowercase hex only, version "ff" and all-zero trace or
// parent ids are invalid, version 00 must be exactly 55 characters, a higher version may carry
// more fields after a '-'. kInvalidArgument with the reason otherwise.
Result<TraceParent> ParseTraceParent(std::string_view header);

// The OTEL_TRACES_SAMPLER names Lever understands.
enum class SamplerKind {
  kAlwaysOn,                 // "always_on"
  kAlwaysOff,                // "always_off"
  kTraceIdRatio,             // "traceidratio": ratio decision on the trace id, parent ignored
  kParentBasedTraceIdRatio,  // "parentbased_traceidratio": the parent's sampled flag if there is
                             // a parent, else the ratio decision
};
const char* SamplerKindName(SamplerKind kind);

// The sampling decision of the OpenTelemetry SDK samplers, made for an event that carries a
// `traceparent` (the remote parent of the span a worker would start) or none (a root span).
//
// TraceIdRatioBased follows the current OpenTelemetry specification (trace/sdk.md, since spec
// 1.39 / PR #4166, built on W3C Trace Context Level 2): the randomness R is the least-significant
// 56 bits (last 7 bytes) of the trace id, the rejection threshold is
// T = 2^56 - round(ratio * 2^56), and the trace is sampled iff R >= T. Any trace sampled at one
// ratio is sampled at every higher ratio. The `ot=rv:` tracestate override is not read.
// Older SDK releases used other, mutually inconsistent rules (Java: |lower 8 bytes as a signed
// long| < ratio * Long.MAX_VALUE; Go: lower 8 bytes >> 1 < ratio * 2^63); docs/pipeline.md
// compares them.
class Sampler {
 public:
  // Default: always_on.
  Sampler() = default;
  // `ratio` must be within [0, 1] (and is ignored by always_on/always_off).
  static Result<Sampler> Create(SamplerKind kind, double ratio);

  // The decision for a span whose remote parent is `parent` (nullopt: a root span with trace id
  // `root_trace_id`, which must then be given).
  bool ShouldSample(const std::optional<TraceParent>& parent,
                    const std::array<uint8_t, 16>& root_trace_id = {}) const;

  // The TraceIdRatioBased decision alone (the parent ignored), as the spec defines it.
  bool TraceIdRatioDecision(const std::array<uint8_t, 16>& trace_id) const;

  SamplerKind kind() const { return kind_; }
  double ratio() const { return ratio_; }
  // T above, in [0, 2^56]: 0 samples everything, 2^56 nothing.
  uint64_t rejection_threshold() const { return threshold_; }
  // The threshold as the spec's tracestate `ot=th:` value: 14 lowercase hex digits with trailing
  // zeros removed ("0" for ratio 1; "c" for 0.25); empty for ratio 0 (nothing is sampled).
  std::string ThresholdTraceStateValue() const;
  // "AlwaysOnSampler", "AlwaysOffSampler", "TraceIdRatioBased{0.200000}",
  // "ParentBased{root=TraceIdRatioBased{0.200000}}".
  std::string Description() const;

 private:
  SamplerKind kind_ = SamplerKind::kAlwaysOn;
  double ratio_ = 1.0;
  uint64_t threshold_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Validation

// One top-level field of an event, as the worker decoded it (null, bool, number, string).
using FieldValue = std::variant<std::monostate, bool, double, std::string>;
using EventFields = std::map<std::string, FieldValue, std::less<>>;

struct NumericRange {
  std::optional<double> min;  // inclusive
  std::optional<double> max;  // inclusive
};

struct PatternRule {
  std::string field;
  std::string pattern;                      // as configured
  std::shared_ptr<const std::regex> regex;  // ECMAScript, compiled once
};

// Why an event was refused.
struct Violation {
  enum class Kind {
    kMissingTimestamp,  // the timestamp field is absent or not a number
    kTooOld,            // timestamp < min_event_timestamp
    kMissingField,      // a required field is absent or null
    kOutOfRange,        // a range field is not a number or outside its range
    kPatternMismatch,   // a pattern field is not a string or does not match
  };
  Kind kind;
  std::string field;
  std::string message;  // "amount: 12000 is above the maximum 10000"
};
const char* ViolationKindName(Violation::Kind kind);  // "missing_timestamp", "too_old", ...

struct ValidationRules {
  bool enabled = false;                             // data.quality.validation.enabled
  int64_t min_event_timestamp = 0;                  // data.quality.min.event.timestamp.epoch (s)
  std::string timestamp_field = "event_timestamp";  // data.quality.event.timestamp.field
  std::vector<std::string> required_fields;         // data.quality.required.fields
  std::map<std::string, NumericRange> ranges;       // data.quality.range.<field>
  std::vector<PatternRule> patterns;                // data.quality.pattern.<field>

  // The first rule `event` breaks, in the order: timestamp, required fields, ranges, patterns;
  // nullopt when it passes or when validation is disabled.
  std::optional<Violation> Check(const EventFields& event) const;
};

// ---------------------------------------------------------------------------------------------
// Sink

enum class TableType { kCopyOnWrite, kMergeOnRead };
const char* TableTypeName(TableType type);  // "COPY_ON_WRITE", "MERGE_ON_READ"

struct SinkSettings {
  std::string table_path;  // hudi.table.path (a URI such as oss://b/t or file:///x, or a path)
  std::string table_name;  // hudi.table.name
  TableType table_type = TableType::kCopyOnWrite;  // hudi.table.type
  std::string exporter_endpoint;                   // otel.exporter.otlp.endpoint ("" = none)
};

// ---------------------------------------------------------------------------------------------

struct PipelineSettings {
  Sampler sampler;
  ValidationRules validation;
  SinkSettings sink;

  // Parses a config's content: a JSON object (first non-blank character '{', flattened as in
  // ParseJsonAsProperties) or Java properties. Required keys: hudi.table.path, hudi.table.name.
  // Defaults: no otel.traces.sampler means always_on; no otel.traces.sampler.arg means 1.0 (as in
  // the OTel SDKs); validation disabled; table type COPY_ON_WRITE. Unknown data.quality.* keys are
  // refused (typos would silently disable a rule); other unknown keys are ignored.
  static Result<PipelineSettings> Parse(std::string_view content);
  static Result<PipelineSettings> FromProperties(const Properties& properties);
};

}  // namespace lever
