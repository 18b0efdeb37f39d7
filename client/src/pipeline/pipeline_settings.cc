#include <charconv>
#include <cmath>
#include <string_view>

#include "lever/pipeline.h"

namespace lever {
namespace {

constexpr std::string_view kSamplerKey = "otel.traces.sampler";
constexpr std::string_view kSamplerArgKey = "otel.traces.sampler.arg";
constexpr std::string_view kEndpointKey = "otel.exporter.otlp.endpoint";
constexpr std::string_view kEnabledKey = "data.quality.validation.enabled";
constexpr std::string_view kMinTimestampKey = "data.quality.min.event.timestamp.epoch";
constexpr std::string_view kTimestampFieldKey = "data.quality.event.timestamp.field";
constexpr std::string_view kRequiredKey = "data.quality.required.fields";
constexpr std::string_view kRangePrefix = "data.quality.range.";
constexpr std::string_view kPatternPrefix = "data.quality.pattern.";
constexpr std::string_view kQualityPrefix = "data.quality.";
constexpr std::string_view kTablePathKey = "hudi.table.path";
constexpr std::string_view kTableNameKey = "hudi.table.name";
constexpr std::string_view kTableTypeKey = "hudi.table.type";

Error BadValue(std::string_view key, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, std::string(key) + ": " + message};
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

const std::string* Find(const Properties& properties, std::string_view key) {
  auto it = properties.find(key);
  return it == properties.end() ? nullptr : &it->second;
}

// A finite decimal number, the whole text (no trailing garbage, no hex, no inf/nan).
std::optional<double> ParseDouble(std::string_view text) {
  text = Trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

Result<Sampler> ParseSampler(const Properties& properties) {
  const std::string* name = Find(properties, kSamplerKey);
  std::string_view kind_name = name ? Trim(*name) : "always_on";
  SamplerKind kind;
  if (kind_name == "always_on")
    kind = SamplerKind::kAlwaysOn;
  else if (kind_name == "always_off")
    kind = SamplerKind::kAlwaysOff;
  else if (kind_name == "traceidratio")
    kind = SamplerKind::kTraceIdRatio;
  else if (kind_name == "parentbased_traceidratio")
    kind = SamplerKind::kParentBasedTraceIdRatio;
  else {
    return BadValue(kSamplerKey, "unknown sampler \"" + std::string(kind_name) +
                                     "\" (expected always_on, always_off, traceidratio or "
                                     "parentbased_traceidratio)");
  }
  double ratio = 1.0;
  const std::string* arg = Find(properties, kSamplerArgKey);
  bool uses_ratio =
      kind == SamplerKind::kTraceIdRatio || kind == SamplerKind::kParentBasedTraceIdRatio;
  if (arg != nullptr && uses_ratio) {
    std::optional<double> parsed = ParseDouble(*arg);
    if (!parsed) return BadValue(kSamplerArgKey, "\"" + *arg + "\" is not a number");
    if (*parsed < 0.0 || *parsed > 1.0) {
      return BadValue(kSamplerArgKey, "ratio " + std::string(Trim(*arg)) + " is outside [0, 1]");
    }
    ratio = *parsed;
  }
  auto sampler = Sampler::Create(kind, ratio);
  if (!sampler.ok()) return BadValue(kSamplerArgKey, sampler.error().message);
  return sampler;
}

Result<bool> ParseBool(std::string_view key, const std::string& text) {
  std::string_view value = Trim(text);
  if (value == "true" || value == "TRUE" || value == "True") return true;
  if (value == "false" || value == "FALSE" || value == "False") return false;
  return BadValue(key, "\"" + text + "\" is not true or false");
}

Result<NumericRange> ParseRange(std::string_view key, const std::string& text) {
  std::string_view value = Trim(text);
  size_t dots = value.find("..");
  if (dots == std::string_view::npos) {
    return BadValue(key, "\"" + text + "\" is not <min>..<max>");
  }
  NumericRange range;
  std::string_view low = Trim(value.substr(0, dots)), high = Trim(value.substr(dots + 2));
  if (!low.empty() && !(range.min = ParseDouble(low))) {
    return BadValue(key, "minimum \"" + std::string(low) + "\" is not a number");
  }
  if (!high.empty() && !(range.max = ParseDouble(high))) {
    return BadValue(key, "maximum \"" + std::string(high) + "\" is not a number");
  }
  if (!range.min && !range.max)
    return BadValue(key, "the range has neither a minimum nor a maximum");
  if (range.min && range.max && *range.min > *range.max) {
    return BadValue(key, "the minimum is above the maximum");
  }
  return range;
}

Result<ValidationRules> ParseValidation(const Properties& properties) {
  ValidationRules rules;
  for (const auto& [key, value] : properties) {
    std::string_view k = key;
    if (!k.starts_with(kQualityPrefix)) continue;
    if (k == kEnabledKey) {
      auto enabled = ParseBool(k, value);
      if (!enabled.ok()) return enabled.error();
      rules.enabled = *enabled;
    } else if (k == kMinTimestampKey) {
      std::string_view digits = Trim(value);
      int64_t seconds = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
          seconds < 0) {
        return BadValue(k, "\"" + value + "\" is not a non-negative epoch time in seconds");
      }
      rules.min_event_timestamp = seconds;
    } else if (k == kTimestampFieldKey) {
      if (Trim(value).empty()) return BadValue(k, "the field name is empty");
      rules.timestamp_field = std::string(Trim(value));
    } else if (k == kRequiredKey) {
      std::string_view rest = value;
      while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view field = Trim(rest.substr(0, comma));
        if (!field.empty()) rules.required_fields.emplace_back(field);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    } else if (k.starts_with(kRangePrefix) && k.size() > kRangePrefix.size()) {
      auto range = ParseRange(k, value);
      if (!range.ok()) return range.error();
      rules.ranges.emplace(std::string(k.substr(kRangePrefix.size())), *range);
    } else if (k.starts_with(kPatternPrefix) && k.size() > kPatternPrefix.size()) {
      PatternRule rule{std::string(k.substr(kPatternPrefix.size())), value, nullptr};
      try {
        rule.regex = std::make_shared<const std::regex>(value, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return BadValue(k, "invalid regular expression: " + std::string(e.what()));
      }
      rules.patterns.push_back(std::move(rule));
    } else {
      return BadValue(k, "unknown data quality key");
    }
  }
  return rules;
}

Result<SinkSettings> ParseSink(const Properties& properties) {
  SinkSettings sink;
  const std::string* path = Find(properties, kTablePathKey);
  if (path == nullptr || Trim(*path).empty()) return BadValue(kTablePathKey, "missing");
  sink.table_path = std::string(Trim(*path));
  const std::string* name = Find(properties, kTableNameKey);
  if (name == nullptr || Trim(*name).empty()) return BadValue(kTableNameKey, "missing");
  sink.table_name = std::string(Trim(*name));
  if (const std::string* type = Find(properties, kTableTypeKey)) {
    std::string_view t = Trim(*type);
    if (t == "COPY_ON_WRITE")
      sink.table_type = TableType::kCopyOnWrite;
    else if (t == "MERGE_ON_READ")
      sink.table_type = TableType::kMergeOnRead;
    else {
      return BadValue(kTableTypeKey, "unknown table type \"" + *type +
                                         "\" (expected COPY_ON_WRITE or MERGE_ON_READ)");
    }
  }
  if (const std::string* endpoint = Find(properties, kEndpointKey)) {
    std::string_view e = Trim(*endpoint);
    if (!e.empty() && !e.starts_with("http://") && !e.starts_with("https://")) {
      return BadValue(kEndpointKey, "\"" + *endpoint + "\" is not an http:// or https:// URL");
    }
    sink.exporter_endpoint = std::string(e);
  }
  return sink;
}

}  // namespace

const char* TableTypeName(TableType type) {
  return type == TableType::kCopyOnWrite ? "COPY_ON_WRITE" : "MERGE_ON_READ";
}

Result<PipelineSettings> PipelineSettings::FromProperties(const Properties& properties) {
  auto sampler = ParseSampler(properties);
  if (!sampler.ok()) return sampler.error();
  auto validation = ParseValidation(properties);
  if (!validation.ok()) return validation.error();
  auto sink = ParseSink(properties);
  if (!sink.ok()) return sink.error();
  return PipelineSettings{*sampler, std::move(validation).value(), std::move(sink).value()};
}

Result<PipelineSettings> PipelineSettings::Parse(std::string_view content) {
  std::string_view start = content;
  while (!start.empty() && (start.front() == ' ' || start.front() == '\t' ||
                            start.front() == '\n' || start.front() == '\r')) {
    start.remove_prefix(1);
  }
  auto properties =
      start.starts_with('{') ? ParseJsonAsProperties(content) : ParseProperties(content);
  if (!properties.ok()) return properties.error();
  return FromProperties(*properties);
}

}  // namespace lever
