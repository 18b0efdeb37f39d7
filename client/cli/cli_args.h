// Command-line parsing for the `lever` CLI (docs/cli.md). No I/O except reading the environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lever::cli {

// Exit codes, stable for scripts (docs/cli.md).
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,  // not found, or any other failure
  kExitUsage = 2,
  kExitConflict = 3,
  kExitAuth = 4,
  kExitUnavailable = 5,
};

struct Args {
  std::vector<std::string> positional;         // command and its operands
  std::map<std::string, std::string> options;  // --name value / --name=value
  std::map<std::string, bool> flags;           // --json, --help, ...

  // The option, else the environment variable `env` (if given), else nullopt.
  std::optional<std::string> Get(const std::string& name, const char* env = nullptr) const;
  bool Flag(const std::string& name) const { return flags.count(name) != 0; }
};

// Parses argv[1..]. Fails (with a message) on an unknown option or a missing option value.
// "-" alone is a positional (stdin); "--" ends option parsing.
bool ParseArgs(int argc, char** argv, Args& args, std::string& error);

}  // namespace lever::cli
