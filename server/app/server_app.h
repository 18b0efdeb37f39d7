// ServerApp: wires storage, core, watch hub and the protocol adapters of one lever-server
// process, and owns their lifetimes. main() only parses options and waits for a signal.
//
// Thread safety: Start() and Stop() are called from the main thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/server_options.h"
#include "base/status.h"

namespace lever::storage {
class Store;
class EtcdStore;
}
namespace lever::core {
class ConfigService;
}
namespace lever::watch {
class WatchHub;
}
namespace lever::http {
class HttpServer;
class LongPollService;
}
namespace lever::rpc {
class GrpcServer;
}
namespace lever::auth {
class AuthRuntime;
}
namespace lever::http {
class AuthGuard;
}

namespace lever::app {

class ServerApp {
 public:
  explicit ServerApp(ServerOptions options);
  ~ServerApp();

  // Opens the store, loads it, starts every listener and logs the ready line.
  Status Start();
  // Graceful shutdown: completes held polls, stops accepting, finishes in-flight requests.
  void Stop();

 private:
  void RetentionLoop();
  // Loads accounts and the signing key, creates the first admin and, with --auth=on, the guard.
  Status StartAuth();

  ServerOptions options_;
  std::unique_ptr<storage::Store> store_;
  storage::EtcdStore* etcd_ = nullptr;  // = store_ in cluster mode (--store=etcd), else null
  std::unique_ptr<core::ConfigService> service_;
  std::unique_ptr<watch::WatchHub> hub_;
  std::unique_ptr<http::LongPollService> long_polls_;
  std::unique_ptr<auth::AuthRuntime> auth_;  // accounts and tokens; login works even with auth off
  std::unique_ptr<http::AuthGuard> guard_;   // null when --auth=off
  std::unique_ptr<http::HttpServer> http_;
  std::unique_ptr<rpc::GrpcServer> grpc_;  // null when --grpc-port=-1
  bool ready_ = false;

  std::mutex retention_mutex_;
  std::condition_variable retention_cv_;
  bool stopping_ = false;  // GUARDED_BY(retention_mutex_)
  std::thread retention_thread_;
};

}  // namespace lever::app
