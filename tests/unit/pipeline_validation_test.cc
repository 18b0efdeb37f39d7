// ValidationRules::Check: timestamp, required fields, ranges, patterns, in that order.
#include <doctest/doctest.h>

#include "lever/pipeline.h"

namespace {

lever::ValidationRules Rules() {
  auto parsed = lever::PipelineSettings::Parse(
      "hudi.table.path=/t\nhudi.table.name=t\n"
      "data.quality.validation.enabled=true\n"
      "data.quality.min.event.timestamp.epoch=1672531200\n"
      "data.quality.required.fields=user_id,event_type\n"
      "data.quality.range.amount=0..10000\n"
      "data.quality.pattern.user_id=u-[0-9]+\n");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  return parsed->validation;
}

lever::EventFields Good() {
  return {{"event_timestamp", 1700000000.0},
          {"user_id", std::string("u-42")},
          {"event_type", std::string("click")},
          {"amount", 12.5}};
}

}  // namespace

TEST_CASE("validation: a good event passes; disabled rules pass anything") {
  CHECK_FALSE(Rules().Check(Good()).has_value());
  lever::ValidationRules disabled = Rules();
  disabled.enabled = false;
  CHECK_FALSE(disabled.Check({}).has_value());
}

TEST_CASE("validation: the minimum timestamp is inclusive") {
  auto event = Good();
  event["event_timestamp"] = 1672531200.0;
  CHECK_FALSE(Rules().Check(event).has_value());
  event["event_timestamp"] = 1672531199.0;
  auto violation = Rules().Check(event);
  REQUIRE(violation.has_value());
  CHECK(violation->kind == lever::Violation::Kind::kTooOld);
  CHECK(violation->field == "event_timestamp");
  CHECK(std::string(lever::ViolationKindName(violation->kind)) == "too_old");
}

TEST_CASE("validation: each rule reports its own violation") {
  using Kind = lever::Violation::Kind;
  struct Row {
    const char* field;
    lever::FieldValue value;  // monostate + erase = absent
    bool erase;
    Kind expected;
  };
  const Row rows[] = {
      {"event_timestamp", {}, true, Kind::kMissingTimestamp},
      {"event_timestamp", std::string("2023-01-01"), false, Kind::kMissingTimestamp},
      {"user_id", {}, true, Kind::kMissingField},
      {"event_type", std::monostate{}, false, Kind::kMissingField},  // null counts as missing
      {"amount", -0.01, false, Kind::kOutOfRange},
      {"amount", 10000.5, false, Kind::kOutOfRange},
      {"amount", std::string("12"), false, Kind::kOutOfRange},
      {"user_id", std::string("user-42"), false, Kind::kPatternMismatch},
      {"user_id", std::string("u-42x"), false, Kind::kPatternMismatch},  // whole-value match
      {"user_id", 42.0, false, Kind::kPatternMismatch},
  };
  for (const Row& row : rows) {
    CAPTURE(row.field);
    auto event = Good();
    if (row.erase)
      event.erase(row.field);
    else
      event[row.field] = row.value;
    auto violation = Rules().Check(event);
    REQUIRE(violation.has_value());
    CHECK(violation->kind == row.expected);
    CHECK(violation->field == row.field);
    CHECK(violation->message.rfind(std::string(row.field) + ": ", 0) == 0);
  }
}

TEST_CASE("validation: an absent range or pattern field is left to required.fields") {
  auto event = Good();
  event.erase("amount");
  CHECK_FALSE(Rules().Check(event).has_value());
  CHECK(Rules().Check({{"event_timestamp", 1700000000.0}})->kind ==
        lever::Violation::Kind::kMissingField);
}
