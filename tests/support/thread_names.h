// The names of a process's threads, from /proc/<pid>/task/*/comm (Linux).
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace lever::testing {

inline std::multiset<std::string> ThreadNames(pid_t pid = ::getpid()) {
  std::multiset<std::string> names;
  std::error_code ec;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

}  // namespace lever::testing
