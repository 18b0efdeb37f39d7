// IdenticalJson — two JSON trees equal value for value, key order and number type included
// (nlohmann's operator== treats 1u and 1 as equal). Used to hold hand-written readers to the
// trees nlohmann builds (tests/unit/json_reader_test.cc, tests/fuzz/fuzz_grpc_payload.cc).
#pragma once

#include <nlohmann/json.hpp>

namespace lever::testing {

inline bool IdenticalJson(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
      if (x.key() != y.key() || !IdenticalJson(*x, *y)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!IdenticalJson(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace lever::testing
