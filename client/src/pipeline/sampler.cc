#include <cmath>
#include <cstdio>

#include "lever/pipeline.h"

namespace lever {
namespace {

constexpr uint64_t kRandomnessSpace = uint64_t{1} << 56;  // 2^56 possible randomness values

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // W3C Trace Context allows lowercase only
}

// Decodes exactly 2 * out.size() lowercase hex characters.
template <size_t N>
bool DecodeHex(std::string_view hex, std::array<uint8_t, N>& out) {
  if (hex.size() != 2 * N) return false;
  for (size_t i = 0; i < N; ++i) {
    int high = HexDigit(hex[2 * i]), low = HexDigit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return true;
}

template <size_t N>
bool AllZero(const std::array<uint8_t, N>& bytes) {
  for (uint8_t b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

std::string FormatRatio(double ratio) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6f", ratio);
  return buffer;
}

}  // namespace

Result<TraceParent> ParseTraceParent(std::string_view header) {
  constexpr size_t kLength = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2
  if (header.size() < kLength) return Invalid("traceparent is shorter than 55 characters");
  std::array<uint8_t, 1> version{};
  if (!DecodeHex(header.substr(0, 2), version)) return Invalid("traceparent version is not hex");
  if (version[0] == 0xff) return Invalid("traceparent version ff is invalid");
  if (version[0] == 0 && header.size() != kLength) {
    return Invalid("traceparent version 00 must be exactly 55 characters");
  }
  if (header.size() > kLength && header[kLength] != '-') {
    return Invalid("traceparent has trailing characters");
  }
  if (header[2] != '-' || header[35] != '-' || header[52] != '-') {
    return Invalid("traceparent fields must be separated by '-'");
  }
  TraceParent parsed;
  std::array<uint8_t, 1> flags{};
  if (!DecodeHex(header.substr(3, 32), parsed.trace_id)) {
    return Invalid("traceparent trace-id is not 32 lowercase hex digits");
  }
  if (!DecodeHex(header.substr(36, 16), parsed.parent_id)) {
    return Invalid("traceparent parent-id is not 16 lowercase hex digits");
  }
  if (!DecodeHex(header.substr(53, 2), flags)) return Invalid("traceparent flags are not hex");
  if (AllZero(parsed.trace_id)) return Invalid("traceparent trace-id is all zeros");
  if (AllZero(parsed.parent_id)) return Invalid("traceparent parent-id is all zeros");
  parsed.flags = flags[0];
  return parsed;
}

const char* SamplerKindName(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::kAlwaysOn:
      return "always_on";
    case SamplerKind::kAlwaysOff:
      return "always_off";
    case SamplerKind::kTraceIdRatio:
      return "traceidratio";
    case SamplerKind::kParentBasedTraceIdRatio:
      return "parentbased_traceidratio";
  }
  return "?";
}

Result<Sampler> Sampler::Create(SamplerKind kind, double ratio) {
  if (!(ratio >= 0.0 && ratio <= 1.0)) {  // also refuses NaN
    return Invalid("ratio " + std::to_string(ratio) + " is outside [0, 1]");
  }
  Sampler sampler;
  sampler.kind_ = kind;
  sampler.ratio_ = ratio;
  // round(ratio * 2^56) is exact for the scaling (a power of two) and rounds once.
  auto sampled_values =
      static_cast<uint64_t>(std::llround(ratio * static_cast<double>(kRandomnessSpace)));
  sampler.threshold_ = kRandomnessSpace - sampled_values;
  return sampler;
}

bool Sampler::TraceIdRatioDecision(const std::array<uint8_t, 16>& trace_id) const {
  uint64_t randomness = 0;
  for (size_t i = 9; i < 16; ++i) randomness = (randomness << 8) | trace_id[i];
  return randomness >= threshold_;
}

bool Sampler::ShouldSample(const std::optional<TraceParent>& parent,
                           const std::array<uint8_t, 16>& root_trace_id) const {
  switch (kind_) {
    case SamplerKind::kAlwaysOn:
      return true;
    case SamplerKind::kAlwaysOff:
      return false;
    case SamplerKind::kTraceIdRatio:
      return TraceIdRatioDecision(parent ? parent->trace_id : root_trace_id);
    case SamplerKind::kParentBasedTraceIdRatio:
      return parent ? parent->sampled() : TraceIdRatioDecision(root_trace_id);
  }
  return false;
}

std::string Sampler::ThresholdTraceStateValue() const {
  if (threshold_ >= kRandomnessSpace) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%014llx", static_cast<unsigned long long>(threshold_));
  std::string value(buffer);
  while (value.size() > 1 && value.back() == '0') value.pop_back();
  return value;
}

std::string Sampler::Description() const {
  switch (kind_) {
    case SamplerKind::kAlwaysOn:
      return "AlwaysOnSampler";
    case SamplerKind::kAlwaysOff:
      return "AlwaysOffSampler";
    case SamplerKind::kTraceIdRatio:
      return "TraceIdRatioBased{" + FormatRatio(ratio_) + "}";
    case SamplerKind::kParentBasedTraceIdRatio:
      return "ParentBased{root=TraceIdRatioBased{" + FormatRatio(ratio_) + "}}";
  }
  return "?";
}

}  // namespace lever
