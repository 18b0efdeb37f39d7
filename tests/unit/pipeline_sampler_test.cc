// The OpenTelemetry sampler of client/include/lever/pipeline.h. Thresholds and decisions follow the
// OTel spec's TraceIdRatioBased definition (R = low 56 bits of the trace id, T = 2^56 -
// round(ratio * 2^56), sampled iff R >= T); the `th` values are the spec's own examples
// (th:0 = 100%, th:8 = 50%, th:c = 25%, th:f = 6.25%, 1% ~ fd70a4 at 6-digit precision).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "lever/pipeline.h"

namespace {

using lever::Sampler;
using lever::SamplerKind;

Sampler Make(SamplerKind kind, double ratio) {
  auto sampler = Sampler::Create(kind, ratio);
  REQUIRE(sampler.ok());
  return *sampler;
}

lever::TraceParent Parent(const std::string& header) {
  auto parsed = lever::ParseTraceParent(header);
  REQUIRE_MESSAGE(parsed.ok(), header);
  return *parsed;
}

std::string Header(const std::string& trace_id, const std::string& flags = "01") {
  return "00-" + trace_id + "-00f067aa0ba902b7-" + flags;
}

}  // namespace

TEST_CASE("traceparent: the W3C example parses") {
  auto parent = Parent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  CHECK(parent.trace_id[0] == 0x4b);
  CHECK(parent.trace_id[15] == 0x36);
  CHECK(parent.parent_id[7] == 0xb7);
  CHECK(parent.sampled());
  CHECK_FALSE(Parent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled());
  CHECK(Parent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03").sampled());
}

TEST_CASE("traceparent: invalid headers are refused") {
  const char* invalid[] = {
      "",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",           // no flags
      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",        // uppercase
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // zero parent id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // v00 has 4 fields
      "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",        // separators
      "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",        // not hex
      "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",       // v01 junk after flags
  };
  for (const char* header : invalid) {
    CHECK_MESSAGE(!lever::ParseTraceParent(header).ok(), header);
  }
  // A future version may carry more fields after a '-'.
  CHECK(
      lever::ParseTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc").ok());
}

TEST_CASE("TraceIdRatioBased: rejection thresholds and their tracestate th values") {
  struct Row {
    double ratio;
    uint64_t threshold;
    const char* th;
  };
  const Row rows[] = {
      {1.0, 0, "0"},
      {0.5, 0x80000000000000, "8"},
      {0.25, 0xc0000000000000, "c"},
      {0.0625, 0xf0000000000000, "f"},
      {0.2, 0xcccccccccccccc, "cccccccccccccc"},  // round(0.2 * 2^56) in binary64, as SDKs do
      {0.1, 0xe6666666666666, "e6666666666666"},
      {0.01, 0xfd70a3d70a3d71, "fd70a3d70a3d71"},  // the spec's ~1% "fd70a4", full precision
      {0.0, uint64_t{1} << 56, ""},                // nothing sampled: no th
  };
  for (const Row& row : rows) {
    CAPTURE(row.ratio);
    Sampler sampler = Make(SamplerKind::kTraceIdRatio, row.ratio);
    CHECK(sampler.rejection_threshold() == row.threshold);
    CHECK(sampler.ThresholdTraceStateValue() == row.th);
  }
}

TEST_CASE("TraceIdRatioBased: decision table (only the low 56 bits of the trace id count)") {
  struct Row {
    const char* trace_id;
    double ratio;
    bool sampled;
  };
  const Row rows[] = {
      // W3C example id: R = 0xce929d0e0e4736.
      {"4bf92f3577b34da6a3ce929d0e0e4736", 0.2, true},   // R >= 0xcccccccccccccc
      {"4bf92f3577b34da6a3ce929d0e0e4736", 0.1, false},  // R <  0xe6666666666666
      {"4bf92f3577b34da6a3ce929d0e0e4736", 1.0, true},
      {"4bf92f3577b34da6a3ce929d0e0e4736", 0.0, false},
      // Exactly at and just below the 50% threshold 0x80000000000000.
      {"ffffffffffffffff0080000000000000", 0.5, true},
      {"ffffffffffffffff007fffffffffffff", 0.5, false},
      // The 9th byte (0x00 above, 0xff here) is not part of R: same decisions.
      {"0000000000000001ff80000000000000", 0.5, true},
      {"0000000000000001ff7fffffffffffff", 0.5, false},
      // Exactly at and below the 20% threshold.
      {"000000000000000100cccccccccccccc", 0.2, true},
      {"000000000000000100cccccccccccccb", 0.2, false},
      // The largest R is sampled by any ratio > 0, R = 0 only by ratio 1.
      {"000000000000000100ffffffffffffff", 1e-9, true},
      {"0000000000000001ff00000000000000", 0.999999, false},
      {"0000000000000001ff00000000000000", 1.0, true},
  };
  for (const Row& row : rows) {
    CAPTURE(row.trace_id);
    CAPTURE(row.ratio);
    Sampler sampler = Make(SamplerKind::kTraceIdRatio, row.ratio);
    // traceidratio ignores the parent's sampled flag.
    CHECK(sampler.ShouldSample(Parent(Header(row.trace_id, "00"))) == row.sampled);
    CHECK(sampler.ShouldSample(Parent(Header(row.trace_id, "01"))) == row.sampled);
    CHECK(sampler.ShouldSample(std::nullopt, Parent(Header(row.trace_id)).trace_id) == row.sampled);
  }
}

TEST_CASE("TraceIdRatioBased: a trace sampled at one ratio is sampled at every higher ratio") {
  const double ratios[] = {0.0, 0.001, 0.1, 0.2, 0.25, 0.5, 0.75, 0.99, 1.0};
  for (uint64_t seed = 1; seed < 2000; ++seed) {
    std::array<uint8_t, 16> id{};
    uint64_t x = seed * 0x9E3779B97F4A7C15ull;  // spread the seeds over the 56 bits
    for (int i = 15; i >= 8; --i, x >>= 8) id[i] = static_cast<uint8_t>(x);
    bool sampled_before = false;
    for (double ratio : ratios) {
      bool sampled = Make(SamplerKind::kTraceIdRatio, ratio).TraceIdRatioDecision(id);
      if (sampled_before) CHECK(sampled);
      sampled_before = sampled;
    }
  }
}

TEST_CASE("parentbased_traceidratio: a parent's flag decides, the ratio decides for roots") {
  Sampler sampler = Make(SamplerKind::kParentBasedTraceIdRatio, 0.2);
  const std::string low = "000000000000000100cccccccccccccb";   // below the 20% threshold
  const std::string high = "000000000000000100cccccccccccccc";  // at it
  CHECK(sampler.ShouldSample(Parent(Header(low, "01"))));
  CHECK_FALSE(sampler.ShouldSample(Parent(Header(high, "00"))));
  CHECK_FALSE(sampler.ShouldSample(std::nullopt, Parent(Header(low)).trace_id));
  CHECK(sampler.ShouldSample(std::nullopt, Parent(Header(high)).trace_id));
}

TEST_CASE("always_on / always_off ignore the parent and the trace id") {
  auto parent = Parent(Header("4bf92f3577b34da6a3ce929d0e0e4736", "00"));
  CHECK(Make(SamplerKind::kAlwaysOn, 0.0).ShouldSample(parent));
  CHECK(Make(SamplerKind::kAlwaysOn, 0.0).ShouldSample(std::nullopt));
  CHECK_FALSE(Make(SamplerKind::kAlwaysOff, 1.0)
                  .ShouldSample(Parent(Header("4bf92f3577b34da6a3ce929d0e0e4736"))));
  CHECK(Sampler().ShouldSample(std::nullopt));  // default: always_on
}

TEST_CASE("sampler descriptions follow the OTel spec") {
  CHECK(Make(SamplerKind::kAlwaysOn, 1).Description() == "AlwaysOnSampler");
  CHECK(Make(SamplerKind::kAlwaysOff, 1).Description() == "AlwaysOffSampler");
  CHECK(Make(SamplerKind::kTraceIdRatio, 0.0001).Description() == "TraceIdRatioBased{0.000100}");
  CHECK(Make(SamplerKind::kParentBasedTraceIdRatio, 0.2).Description() ==
        "ParentBased{root=TraceIdRatioBased{0.200000}}");
}

TEST_CASE("a ratio outside [0, 1] or NaN is refused") {
  CHECK_FALSE(Sampler::Create(SamplerKind::kTraceIdRatio, 1.7).ok());
  CHECK_FALSE(Sampler::Create(SamplerKind::kTraceIdRatio, -0.1).ok());
  CHECK_FALSE(Sampler::Create(SamplerKind::kTraceIdRatio, std::nan("")).ok());
}
