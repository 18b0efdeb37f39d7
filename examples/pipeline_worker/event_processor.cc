#include "event_processor.h"

#include <nlohmann/json.hpp>

namespace pipeline_worker {
namespace {

// The top-level scalar fields of `event` (objects and arrays are not addressable by the rules).
lever::EventFields FieldsOf(const nlohmann::json& event) {
  lever::EventFields fields;
  for (const auto& [name, value] : event.items()) {
    if (value.is_null())
      fields.emplace(name, std::monostate{});
    else if (value.is_boolean())
      fields.emplace(name, value.get<bool>());
    else if (value.is_number())
      fields.emplace(name, value.get<double>());
    else if (value.is_string())
      fields.emplace(name, value.get<std::string>());
  }
  return fields;
}

}  // namespace

std::array<uint8_t, 16> EventProcessor::RandomTraceId() {
  std::array<uint8_t, 16> id{};
  for (size_t half = 0; half < 2; ++half) {
    uint64_t bits = random_();
    for (size_t i = 0; i < 8; ++i) id[half * 8 + i] = static_cast<uint8_t>(bits >> (8 * i));
  }
  return id;
}

Verdict EventProcessor::Process(std::string_view line, const lever::PipelineSettings& settings) {
  Verdict verdict;
  nlohmann::json event = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (event.is_discarded() || !event.is_object()) return verdict;

  std::optional<lever::TraceParent> parent;
  if (auto header = event.find("traceparent"); header != event.end() && header->is_string()) {
    if (auto parsed = lever::ParseTraceParent(header->get<std::string>()); parsed.ok()) {
      parent = *parsed;
    }
  }
  verdict.had_traceparent = parent.has_value();
  bool sampled = parent ? settings.sampler.ShouldSample(parent)
                        : settings.sampler.ShouldSample(std::nullopt, RandomTraceId());
  if (!sampled) {
    verdict.outcome = Outcome::kSampledOut;
    return verdict;
  }
  if (auto violation = settings.validation.Check(FieldsOf(event))) {
    verdict.outcome = Outcome::kRejected;
    verdict.violation = violation->kind;
    return verdict;
  }
  verdict.outcome = Outcome::kAccepted;
  return verdict;
}

}  // namespace pipeline_worker
