// BenchFlags — the `--name=value` flags of one lever-bench subcommand.
//
// Every flag a subcommand reads is looked up by name with a default; Unused() lists the flags
// given on the command line that no lookup asked for, so a typo is reported instead of ignored.
// Not thread safe (read flags once, on the main thread).
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lever::bench {

class BenchFlags {
 public:
  // Parses argv[first..argc). Arguments that do not look like --name=value or --name (= "true")
  // are kept in positional().
  BenchFlags(int argc, char** argv, int first);

  std::string Str(const std::string& name, const std::string& fallback = "");
  long Int(const std::string& name, long fallback);
  double Double(const std::string& name, double fallback);
  bool Bool(const std::string& name, bool fallback);
  std::chrono::milliseconds Seconds(const std::string& name, double fallback_s);
  // "host:port" flags: the port part (0 when absent or malformed) and the host part.
  int Port(const std::string& name);
  std::string Host(const std::string& name, const std::string& fallback = "127.0.0.1");

  const std::vector<std::string>& positional() const { return positional_; }
  std::vector<std::string> Unused() const;

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
  std::vector<std::string> positional_;
};

}  // namespace lever::bench
