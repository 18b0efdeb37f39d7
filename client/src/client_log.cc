#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "internal.h"

namespace lever::detail {

std::shared_ptr<spdlog::logger> ClientLog() {
  static std::mutex mu;
  std::lock_guard lock(mu);
  if (auto logger = spdlog::get("lever.client")) return logger;
  auto logger = spdlog::stderr_color_mt("lever.client");
  return logger;
}

}  // namespace lever::detail
