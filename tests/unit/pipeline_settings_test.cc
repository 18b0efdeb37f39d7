// PipelineSettings::Parse: the keys of examples/spark-hudi-pipeline.properties, Lever's rule keys,
// and rejection messages that name the key.
#include <doctest/doctest.h>

#include <string>

#include "lever/pipeline.h"

namespace {

const char* kFixture =
    "# dataId: spark-hudi-pipeline.properties   group: DEFAULT_GROUP\n"
    "otel.exporter.otlp.endpoint=http://otel-collector.observability.svc.cluster.local:4317\n"
    "otel.traces.sampler=parentbased_traceidratio\n"
    "otel.traces.sampler.arg=0.2\n"
    "data.quality.validation.enabled=true\n"
    "data.quality.min.event.timestamp.epoch=1672531200\n"
    "hudi.table.path=oss://my-datalake-bucket/hudi_user_events\n"
    "hudi.table.name=user_events\n"
    "hudi.table.type=COPY_ON_WRITE\n";

// The fixture with `key=value` appended (a later duplicate wins).
std::string With(const std::string& line) { return std::string(kFixture) + line + "\n"; }

// The error message for `content`, which must be refused.
std::string Rejection(const std::string& content) {
  auto parsed = lever::PipelineSettings::Parse(content);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == lever::ErrorCode::kInvalidArgument);
  return parsed.error().message;
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("settings: the fixture parses into sampler, validation and sink") {
  auto parsed = lever::PipelineSettings::Parse(kFixture);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  const auto& s = *parsed;
  CHECK(s.sampler.kind() == lever::SamplerKind::kParentBasedTraceIdRatio);
  CHECK(s.sampler.ratio() == doctest::Approx(0.2));
  CHECK(s.validation.enabled);
  CHECK(s.validation.min_event_timestamp == 1672531200);
  CHECK(s.validation.timestamp_field == "event_timestamp");
  CHECK(s.validation.required_fields.empty());
  CHECK(s.sink.table_path == "oss://my-datalake-bucket/hudi_user_events");
  CHECK(s.sink.table_name == "user_events");
  CHECK(s.sink.table_type == lever::TableType::kCopyOnWrite);
  CHECK(s.sink.exporter_endpoint == "http://otel-collector.observability.svc.cluster.local:4317");
}

TEST_CASE("settings: invalid values are refused with a message naming the key") {
  CHECK(Rejection(With("otel.traces.sampler.arg=1.7")) ==
        "otel.traces.sampler.arg: ratio 1.7 is outside [0, 1]");
  CHECK(StartsWith(Rejection(With("otel.traces.sampler.arg=-0.5")), "otel.traces.sampler.arg: "));
  CHECK(StartsWith(Rejection(With("otel.traces.sampler.arg=abc")), "otel.traces.sampler.arg: "));
  CHECK(StartsWith(Rejection(With("otel.traces.sampler.arg=0.5x")), "otel.traces.sampler.arg: "));
  CHECK(StartsWith(Rejection(With("otel.traces.sampler=jaeger_remote")),
                   "otel.traces.sampler: unknown sampler \"jaeger_remote\""));
  CHECK(StartsWith(Rejection(With("data.quality.min.event.timestamp.epoch=2023-01-01")),
                   "data.quality.min.event.timestamp.epoch: "));
  CHECK(StartsWith(Rejection(With("data.quality.min.event.timestamp.epoch=-1")),
                   "data.quality.min.event.timestamp.epoch: "));
  CHECK(StartsWith(Rejection(With("data.quality.min.event.timestamp.epoch=")),
                   "data.quality.min.event.timestamp.epoch: "));
  CHECK(StartsWith(Rejection(With("data.quality.validation.enabled=yes")),
                   "data.quality.validation.enabled: "));
  CHECK(StartsWith(Rejection(With("hudi.table.type=MERGE_ON_WRITE")),
                   "hudi.table.type: unknown table type"));
  CHECK(StartsWith(Rejection(With("otel.exporter.otlp.endpoint=collector:4317")),
                   "otel.exporter.otlp.endpoint: "));
  CHECK(StartsWith(Rejection(With("hudi.table.path=")), "hudi.table.path: missing"));
  CHECK(StartsWith(Rejection("hudi.table.path=/tmp/x\n"), "hudi.table.name: missing"));
  CHECK(StartsWith(Rejection(With("data.quality.validaton.enabled=true")),
                   "data.quality.validaton.enabled: unknown data quality key"));
  CHECK(StartsWith(Rejection(With("data.quality.range.amount=10")), "data.quality.range.amount: "));
  CHECK(
      StartsWith(Rejection(With("data.quality.range.amount=5..1")), "data.quality.range.amount: "));
  CHECK(StartsWith(Rejection(With("data.quality.range.amount=..")), "data.quality.range.amount: "));
  CHECK(StartsWith(Rejection(With("data.quality.pattern.user_id=[a-")),
                   "data.quality.pattern.user_id: invalid regular expression"));
}

TEST_CASE("settings: defaults when optional keys are absent") {
  auto parsed = lever::PipelineSettings::Parse("hudi.table.path=/tmp/t\nhudi.table.name=t\n");
  REQUIRE(parsed.ok());
  CHECK(parsed->sampler.kind() == lever::SamplerKind::kAlwaysOn);
  CHECK_FALSE(parsed->validation.enabled);
  CHECK(parsed->sink.table_type == lever::TableType::kCopyOnWrite);
  CHECK(parsed->sink.exporter_endpoint.empty());
  auto ratio_default = lever::PipelineSettings::Parse(
      "otel.traces.sampler=traceidratio\nhudi.table.path=/t\nhudi.table.name=t\n");
  REQUIRE(ratio_default.ok());
  CHECK(ratio_default->sampler.ratio() == 1.0);
}

TEST_CASE("settings: always_on ignores a ratio it does not use, even an invalid one") {
  auto parsed = lever::PipelineSettings::Parse(
      With("otel.traces.sampler=always_on\notel.traces.sampler.arg=1.7"));
  REQUIRE(parsed.ok());
  CHECK(parsed->sampler.kind() == lever::SamplerKind::kAlwaysOn);
}

TEST_CASE("settings: rule keys build required fields, ranges and patterns") {
  auto parsed =
      lever::PipelineSettings::Parse(With("data.quality.event.timestamp.field=ts\n"
                                          "data.quality.required.fields= user_id , event_type,,\n"
                                          "data.quality.range.amount=0..10000\n"
                                          "data.quality.range.score=..1.5\n"
                                          "data.quality.pattern.user_id=u-[0-9]+\n"
                                          "hudi.table.type=MERGE_ON_READ"));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  const auto& v = parsed->validation;
  CHECK(v.timestamp_field == "ts");
  CHECK(v.required_fields == std::vector<std::string>{"user_id", "event_type"});
  REQUIRE(v.ranges.count("amount") == 1);
  CHECK(*v.ranges.at("amount").min == 0);
  CHECK(*v.ranges.at("amount").max == 10000);
  CHECK_FALSE(v.ranges.at("score").min.has_value());
  CHECK(*v.ranges.at("score").max == 1.5);
  REQUIRE(v.patterns.size() == 1);
  CHECK(v.patterns[0].field == "user_id");
  CHECK(parsed->sink.table_type == lever::TableType::kMergeOnRead);
}

TEST_CASE("settings: a JSON config with the same keys parses the same") {
  auto parsed = lever::PipelineSettings::Parse(R"(
    {"otel": {"traces": {"sampler": "traceidratio", "sampler.arg": 0.5}},
     "data.quality.validation.enabled": false,
     "hudi": {"table": {"path": "file:///tmp/t", "name": "t", "type": "MERGE_ON_READ"}}})");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  CHECK(parsed->sampler.kind() == lever::SamplerKind::kTraceIdRatio);
  CHECK(parsed->sampler.ratio() == 0.5);
  CHECK(parsed->sink.table_path == "file:///tmp/t");
  CHECK(Rejection(R"({"otel.traces.sampler.arg": 1.7, "otel.traces.sampler": "traceidratio",
                      "hudi.table.path": "/t", "hudi.table.name": "t"})") ==
        "otel.traces.sampler.arg: ratio 1.7 is outside [0, 1]");
}
