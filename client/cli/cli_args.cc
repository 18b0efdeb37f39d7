#include "cli_args.h"

#include <cstdlib>
#include <set>

namespace lever::cli {
namespace {

const std::set<std::string>& ValueOptions() {
  static const std::set<std::string> names = {
      "server", "namespace", "user",      "password", "group",           "type", "file", "cas",
      "limit",  "count",     "transport", "timeout",  "grpc-port-offset"};
  return names;
}

const std::set<std::string>& FlagOptions() {
  static const std::set<std::string> names = {"json", "help", "verbose"};
  return names;
}

}  // namespace

std::optional<std::string> Args::Get(const std::string& name, const char* env) const {
  if (auto it = options.find(name); it != options.end()) return it->second;
  if (env != nullptr) {
    if (const char* value = std::getenv(env); value != nullptr && *value != '\0') return value;
  }
  return std::nullopt;
}

bool ParseArgs(int argc, char** argv, Args& args, std::string& error) {
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg == "-" || arg.rfind("--", 0) != 0) {
      args.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (FlagOptions().count(name) != 0 && !value) {
      args.flags[name] = true;
    } else if (ValueOptions().count(name) != 0) {
      if (!value) {
        if (i + 1 >= argc) {
          error = "option --" + name + " needs a value";
          return false;
        }
        value = argv[++i];
      }
      args.options[name] = *value;
    } else {
      error = "unknown option --" + name;
      return false;
    }
  }
  return true;
}

}  // namespace lever::cli
