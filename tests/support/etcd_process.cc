#include "support/etcd_process.h"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/wait_until.h"

namespace lever::testing {
namespace {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string Tail(const std::string& path, size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string all = ss.str();
  return all.size() > max_bytes ? all.substr(all.size() - max_bytes) : all;
}

}  // namespace

std::string EtcdBinaryPath() {
  if (const char* env = getenv("LEVER_ETCD_BIN"); env && *env) return env;
  const char* path = getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = dir + "/etcd";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

EtcdCluster::EtcdCluster(int members) : members_(static_cast<size_t>(members)) {
  char tmpl[] = "/tmp/lever-etcd-XXXXXX";
  if (mkdtemp(tmpl)) dir_ = tmpl;
  for (Member& m : members_) {
    m.client_port = FreePort();
    m.peer_port = FreePort();
  }
}

EtcdCluster::~EtcdCluster() {
  for (int i = 0; i < size(); ++i) KillMember(i);
  if (!dir_.empty() && !getenv("LEVER_TEST_KEEP")) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string EtcdCluster::endpoint(int i) const {
  return "127.0.0.1:" + std::to_string(members_[static_cast<size_t>(i)].client_port);
}

std::string EtcdCluster::endpoints() const {
  std::string all;
  for (int i = 0; i < size(); ++i) all += (i ? "," : "") + endpoint(i);
  return all;
}

bool EtcdCluster::Spawn(int i, bool initial) {
  const std::string binary = EtcdBinaryPath();
  if (binary.empty()) {
    error_ = "etcd not found (install etcd-server or set LEVER_ETCD_BIN)";
    return false;
  }
  std::string initial_cluster;
  for (int j = 0; j < size(); ++j) {
    initial_cluster += (j ? "," : "") + std::string("m") + std::to_string(j) + "=http://127.0.0.1:" +
                       std::to_string(members_[static_cast<size_t>(j)].peer_port);
  }
  const Member& m = members_[static_cast<size_t>(i)];
  const std::string client = "http://127.0.0.1:" + std::to_string(m.client_port);
  const std::string peer = "http://127.0.0.1:" + std::to_string(m.peer_port);
  std::vector<std::string> args = {binary,
                                   "--name=m" + std::to_string(i),
                                   "--data-dir=" + dir_ + "/m" + std::to_string(i),
                                   "--listen-client-urls=" + client,
                                   "--advertise-client-urls=" + client,
                                   "--listen-peer-urls=" + peer,
                                   "--initial-advertise-peer-urls=" + peer,
                                   "--initial-cluster=" + initial_cluster,
                                   "--initial-cluster-token=lever-test",
                                   std::string("--initial-cluster-state=") + (initial ? "new" : "existing"),
                                   "--heartbeat-interval=50",
                                   "--election-timeout=500",
                                   "--max-txn-ops=10000",
                                   "--max-request-bytes=33554432",
                                   "--logger=zap",
                                   "--log-level=warn"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string log_path = dir_ + "/etcd-" + std::to_string(i) + ".log";
  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    error_ = std::string("fork failed: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    close_range(3, ~0U, 0);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (log_fd >= 0) close(log_fd);
  members_[static_cast<size_t>(i)].pid = pid;
  return true;
}

bool EtcdCluster::Healthy(int i) const {
  httplib::Client client("127.0.0.1", members_[static_cast<size_t>(i)].client_port);
  client.set_connection_timeout(std::chrono::milliseconds(500));
  client.set_read_timeout(std::chrono::milliseconds(2000));
  auto res = client.Get("/health");
  return res && res->status == 200 && res->body.find("\"true\"") != std::string::npos;
}

bool EtcdCluster::Start(std::chrono::milliseconds deadline) {
  for (int i = 0; i < size(); ++i) {
    if (!Spawn(i, true)) return false;
  }
  for (int i = 0; i < size(); ++i) {
    if (!WaitUntil([&] { return Healthy(i); }, deadline, std::chrono::milliseconds(50))) {
      error_ = "etcd member " + std::to_string(i) + " did not become healthy";
      return false;
    }
  }
  return true;
}

void EtcdCluster::KillMember(int i) {
  Member& m = members_[static_cast<size_t>(i)];
  if (m.pid <= 0) return;
  kill(m.pid, SIGKILL);
  waitpid(m.pid, nullptr, 0);
  m.pid = -1;
}

bool EtcdCluster::RestartMember(int i, std::chrono::milliseconds deadline) {
  KillMember(i);
  if (!Spawn(i, false)) return false;
  if (!WaitUntil([&] { return Healthy(i); }, deadline, std::chrono::milliseconds(50))) {
    error_ = "restarted etcd member " + std::to_string(i) + " did not become healthy";
    return false;
  }
  return true;
}

std::string EtcdCluster::Describe() const {
  std::string text = "etcd dir " + dir_ + ", endpoints " + endpoints() + "\n";
  for (int i = 0; i < size(); ++i) {
    text += "--- etcd-" + std::to_string(i) + ".log\n" + Tail(dir_ + "/etcd-" + std::to_string(i) + ".log", 1500);
  }
  return text + error_;
}

}  // namespace lever::testing
