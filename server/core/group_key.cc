#include "core/group_key.h"

namespace lever::core {
namespace {
void AppendEscaped(std::string& out, const std::string& part) {
  for (char c : part) {
    if (c == '+') {
      out += "%2B";
    } else if (c == '%') {
      out += "%25";
    } else {
      out.push_back(c);
    }
  }
}
}  // namespace

std::string GroupKey(const std::string& data_id, const std::string& group, const std::string& tenant) {
  std::string out;
  AppendEscaped(out, data_id);
  out.push_back('+');
  AppendEscaped(out, group);
  if (!tenant.empty()) {
    out.push_back('+');
    AppendEscaped(out, tenant);
  }
  return out;
}

}  // namespace lever::core
