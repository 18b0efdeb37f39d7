// libFuzzer target: the long-poll `Listening-Configs` parser (nacos-protocol.md §5.1) and the
// changed-keys encoder (§5.3). Beyond "no crash, no sanitizer report" it checks the parser's
// contract: at most max_records records, no separator inside a field, and an encoded answer that
// decodes back to exactly the records' keys.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/http/listening_configs.h"
#include "base/url_codec.h"

namespace {

constexpr size_t kMaxRecords = 64;  // small, so the "too much listener" path is reached

bool HasSeparator(const std::string& field) {
  return field.find(lever::http::kFieldSeparator) != std::string::npos ||
         field.find(lever::http::kRecordSeparator) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lever::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto records = ParseListeningConfigs(input, kMaxRecords);
  if (!records.ok()) return 0;
  if (records->empty() || records->size() > kMaxRecords) std::abort();
  std::string expected;
  for (const ListenRecord& r : *records) {
    if (HasSeparator(r.data_id) || HasSeparator(r.group) || HasSeparator(r.md5) || HasSeparator(r.tenant)) {
      std::abort();
    }
    expected += r.data_id + kFieldSeparator + r.group;
    if (!r.tenant.empty()) expected += kFieldSeparator + r.tenant;
    expected += kRecordSeparator;
  }
  const std::string encoded = EncodeChangedKeys(*records);
  if (encoded.empty() || encoded.back() != '\n') std::abort();
  if (lever::FormUrlDecode(std::string_view(encoded).substr(0, encoded.size() - 1)) != expected) std::abort();
  return 0;
}
