#include "bench_flags.h"

#include <cstdlib>

namespace lever::bench {

BenchFlags::BenchFlags(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      values_[arg.substr(2)] = "true";
    } else {
      values_[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
    }
  }
}

std::string BenchFlags::Str(const std::string& name, const std::string& fallback) {
  read_.insert(name);
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

long BenchFlags::Int(const std::string& name, long fallback) {
  const std::string v = Str(name);
  return v.empty() ? fallback : std::strtol(v.c_str(), nullptr, 10);
}

double BenchFlags::Double(const std::string& name, double fallback) {
  const std::string v = Str(name);
  return v.empty() ? fallback : std::strtod(v.c_str(), nullptr);
}

bool BenchFlags::Bool(const std::string& name, bool fallback) {
  const std::string v = Str(name);
  if (v.empty()) return fallback;
  return v == "true" || v == "1" || v == "on" || v == "yes";
}

std::chrono::milliseconds BenchFlags::Seconds(const std::string& name, double fallback_s) {
  return std::chrono::milliseconds(static_cast<long>(Double(name, fallback_s) * 1000));
}

int BenchFlags::Port(const std::string& name) {
  const std::string v = Str(name);
  const size_t colon = v.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(v.c_str() + colon + 1);
}

std::string BenchFlags::Host(const std::string& name, const std::string& fallback) {
  const std::string v = Str(name);
  const size_t colon = v.rfind(':');
  return colon == std::string::npos || colon == 0 ? fallback : v.substr(0, colon);
}

std::vector<std::string> BenchFlags::Unused() const {
  std::vector<std::string> unused;
  for (const auto& [name, value] : values_) {
    if (!read_.count(name)) unused.push_back(name);
  }
  return unused;
}

}  // namespace lever::bench
