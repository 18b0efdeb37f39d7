#include <cmath>
#include <cstdio>

#include "lever/pipeline.h"

namespace lever {
namespace {

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

const double* AsNumber(const FieldValue& value) { return std::get_if<double>(&value); }

Violation Make(Violation::Kind kind, const std::string& field, std::string message) {
  return Violation{kind, field, field + ": " + std::move(message)};
}

}  // namespace

const char* ViolationKindName(Violation::Kind kind) {
  switch (kind) {
    case Violation::Kind::kMissingTimestamp:
      return "missing_timestamp";
    case Violation::Kind::kTooOld:
      return "too_old";
    case Violation::Kind::kMissingField:
      return "missing_field";
    case Violation::Kind::kOutOfRange:
      return "out_of_range";
    case Violation::Kind::kPatternMismatch:
      return "pattern_mismatch";
  }
  return "?";
}

std::optional<Violation> ValidationRules::Check(const EventFields& event) const {
  if (!enabled) return std::nullopt;

  auto timestamp = event.find(timestamp_field);
  const double* seconds = timestamp == event.end() ? nullptr : AsNumber(timestamp->second);
  if (seconds == nullptr) {
    return Make(Violation::Kind::kMissingTimestamp, timestamp_field, "missing or not a number");
  }
  if (*seconds < static_cast<double>(min_event_timestamp)) {
    return Make(
        Violation::Kind::kTooOld, timestamp_field,
        FormatNumber(*seconds) + " is before the minimum " + std::to_string(min_event_timestamp));
  }

  for (const std::string& field : required_fields) {
    auto it = event.find(field);
    if (it == event.end() || std::holds_alternative<std::monostate>(it->second)) {
      return Make(Violation::Kind::kMissingField, field, "required field is missing");
    }
  }

  for (const auto& [field, range] : ranges) {
    auto it = event.find(field);
    if (it == event.end()) continue;  // presence is the job of required.fields
    const double* number = AsNumber(it->second);
    if (number == nullptr) return Make(Violation::Kind::kOutOfRange, field, "not a number");
    if (range.min && *number < *range.min) {
      return Make(Violation::Kind::kOutOfRange, field,
                  FormatNumber(*number) + " is below the minimum " + FormatNumber(*range.min));
    }
    if (range.max && *number > *range.max) {
      return Make(Violation::Kind::kOutOfRange, field,
                  FormatNumber(*number) + " is above the maximum " + FormatNumber(*range.max));
    }
  }

  for (const PatternRule& rule : patterns) {
    auto it = event.find(rule.field);
    if (it == event.end()) continue;
    const auto* text = std::get_if<std::string>(&it->second);
    if (text == nullptr) return Make(Violation::Kind::kPatternMismatch, rule.field, "not a string");
    if (!std::regex_match(*text, *rule.regex)) {
      return Make(Violation::Kind::kPatternMismatch, rule.field,
                  "\"" + *text + "\" does not match " + rule.pattern);
    }
  }
  return std::nullopt;
}

}  // namespace lever
