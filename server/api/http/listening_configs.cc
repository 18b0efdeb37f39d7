#include "api/http/listening_configs.h"

#include "base/url_codec.h"
#include "core/validation.h"

namespace lever::http {

StatusOr<std::vector<ListenRecord>> ParseListeningConfigs(std::string_view value, size_t max_records) {
  if (core::IsBlank(value)) return Status::InvalidArgument("invalid probeModify");
  const std::string decoded = FormUrlDecode(value);
  std::vector<ListenRecord> records;
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i < decoded.size(); ++i) {
    const char c = decoded[i];
    if (c != kFieldSeparator && c != kRecordSeparator) continue;
    fields.emplace_back(decoded.data() + start, i - start);
    start = i + 1;
    if (fields.size() > 4) return Status::InvalidArgument("invalid protocol,too much key");
    if (c == kFieldSeparator) continue;
    if (fields.size() < 3) return Status::InvalidArgument("invalid protocol,too few keys");
    if (records.size() == max_records) return Status::InvalidArgument("invalid protocol, too much listener");
    ListenRecord r{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                   fields.size() == 4 ? std::string(fields[3]) : std::string()};
    records.push_back(std::move(r));
    fields.clear();
  }
  // Bytes after the last ^1 are an unterminated record: ignored, as the reference parser does.
  if (records.empty()) return Status::InvalidArgument("invalid probeModify");
  return records;
}

std::string EncodeChangedKeys(const std::vector<ListenRecord>& changed) {
  std::string raw;
  for (const auto& r : changed) {
    raw += r.data_id;
    raw.push_back(kFieldSeparator);
    raw += r.group;
    if (!r.tenant.empty()) {
      raw.push_back(kFieldSeparator);
      raw += r.tenant;
    }
    raw.push_back(kRecordSeparator);
  }
  return FormUrlEncode(raw) + "\n";
}

}  // namespace lever::http
