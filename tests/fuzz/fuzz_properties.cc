// libFuzzer target: liblever's java.util.Properties parser (client/include/lever/properties.h)
// and its JSON-as-properties reader. Besides "no crash, no sanitizer report" it checks a round
// trip: whatever ParseProperties accepts, written back with every special character escaped,
// parses to the same map.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lever/properties.h"

namespace {

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\f': out += "\\f"; break;
      case '\\': case '=': case ':': case ' ': case '#': case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)lever::ParseJsonAsProperties(text);
  auto parsed = lever::ParseProperties(text);
  if (!parsed.ok()) return 0;
  std::string written;
  for (const auto& [key, value] : parsed.value()) written += Escape(key) + "=" + Escape(value) + "\n";
  auto reparsed = lever::ParseProperties(written);
  if (!reparsed.ok() || reparsed.value() != parsed.value()) std::abort();
  return 0;
}
