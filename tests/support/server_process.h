// Starts the real lever-server binary as a child process for integration tests: free ports, a
// fresh temp data dir, output captured to a log file, and readiness taken from the server's own
// `event=ready http_port=<N> grpc_port=<M>` log line.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lever::testing {

struct ServerOptions {
  // "rocksdb" (the production default) or "memory".
  std::string store = "rocksdb";
  // Appended after the standard flags; a later flag overrides an earlier one in the server.
  std::vector<std::string> extra_args;
  // How long Start() waits for the ready line.
  std::chrono::milliseconds ready_deadline{15000};
  // Keep the temp dir (data + log) after destruction; also on when LEVER_TEST_KEEP is set.
  bool keep_temp_dir = false;
  // false: --auth=off (most tests exercise the protocol, not auth). true: --auth=on, and the
  // child gets LEVER_ADMIN_PASSWORD=`admin_password`, so the first start creates admin `nacos`
  // with it (empty: not set, the server generates one and logs it).
  bool auth = false;
  std::string admin_password = "lever-test-admin-pw";
};

// One server process and its temp dir (`<tmp>/lever-it-XXXXXX/{data,server.log}`).
//
// Not thread safe: drive one instance from one thread. Start()/Restart() must be called from a
// thread that outlives the server, because the child is tied to that thread with
// PR_SET_PDEATHSIG so a crashed test run leaves no stray servers.
class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options = {});
  // Kills the server (SIGKILL) if still running and removes the temp dir unless kept.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Launches the binary (env LEVER_SERVER_BIN, else `<dir of this executable>/../../server/app/
  // lever-server`) with `--port=0 --grpc-port=0` and waits for the ready line. Returns false if the
  // binary exits or the deadline passes first; error() and Log() then say why. On timeout the
  // child is killed.
  bool Start();

  // SIGTERM, then waits up to `deadline` for the exit; SIGKILL after that. Returns the exit code
  // (0..255), or -signal if it died from a signal (-9 when the deadline forced SIGKILL), or -1 if
  // nothing was running.
  int Stop(std::chrono::milliseconds deadline = std::chrono::milliseconds(10000));

  // SIGKILL and reap: simulates a crash / power cut for durability tests.
  void Kill9();

  // Stops the server if running (gracefully), then starts it again on the same data dir. Ports
  // are chosen afresh, so re-read http_port() and recreate clients afterwards.
  bool Restart();

  // True while the child has not exited (reaps it if it has).
  bool running();

  // Ports parsed from the latest ready line; 0 before the first successful Start().
  int http_port() const { return http_port_; }
  int grpc_port() const { return grpc_port_; }
  pid_t pid() const { return pid_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& log_path() const { return log_path_; }
  const std::string& binary() const { return binary_; }
  // The password of admin `nacos` when started with ServerOptions::auth.
  const std::string& admin_password() const { return options_.admin_password; }
  // Why the last Start() failed, empty after success.
  const std::string& error() const { return error_; }

  // The whole captured stdout+stderr of every run so far.
  std::string Log() const;
  // At most the last `max_bytes` of the log, for failure messages.
  std::string LogTail(size_t max_bytes = 4000) const;
  // A one-paragraph description (binary, pid, ports, error, log tail) for assertion messages.
  std::string Describe() const;

 private:
  bool Spawn();
  bool WaitForReady(size_t log_offset);
  // Reaps the child without blocking; records the exit status when it has exited.
  bool ReapNoHang();

  ServerOptions options_;
  std::string binary_;
  std::string temp_dir_;
  std::string data_dir_;
  std::string log_path_;
  std::string error_;
  pid_t pid_ = -1;
  int last_wait_status_ = 0;
  int http_port_ = 0;
  int grpc_port_ = 0;
};

// Path of the lever-server binary the tests drive (see ServerProcess::Start()).
std::string ServerBinaryPath();

}  // namespace lever::testing
