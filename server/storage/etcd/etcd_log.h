// The "storage" logger when the server set it up, else spdlog's default (tests, tools).
#pragma once

#include <spdlog/spdlog.h>

#include <memory>

namespace lever::storage::etcd {

inline std::shared_ptr<spdlog::logger> StorageLog() {
  auto log = spdlog::get("storage");
  return log ? log : spdlog::default_logger();
}

}  // namespace lever::storage::etcd
