// Small helpers shared by liblever's source files (not part of the public API).
#pragma once

#include <pthread.h>

#include <memory>
#include <string>

#include "lever/config_client.h"
#include "lever/result.h"

namespace spdlog {
class logger;
}

namespace lever::detail {

// The "lever.client" spdlog logger: the application's if it registered one under that name,
// else a stderr logger created on first use. Lines are key=value.
std::shared_ptr<spdlog::logger> ClientLog();

// Names the calling thread, so that the application's `top -H`, perf and gdb show liblever's
// threads as lever-*. Linux keeps at most 15 bytes; every name here is shorter.
inline void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// Blank group -> DEFAULT_GROUP, as every Nacos client does.
inline ConfigKey Normalized(ConfigKey key) {
  if (key.group.find_first_not_of(" \t") == std::string::npos) key.group = "DEFAULT_GROUP";
  return key;
}

// "" and "public" (any case) are the public namespace; the wire form for 2.x servers is "".
std::string WireNamespace(const std::string& namespace_id);

}  // namespace lever::detail
