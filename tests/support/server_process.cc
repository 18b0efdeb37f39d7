#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <string_view>

#include "support/wait_until.h"

namespace lever::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// A server killed mid-request makes writes to its sockets fail with EPIPE; that must surface as
// an error result in the test, not terminate the test process.
void IgnoreSigpipeOnce() {
  static std::once_flag once;
  std::call_once(once, [] { signal(SIGPIPE, SIG_IGN); });
}

int ExitCodeFromWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

std::string ReadFileFrom(const std::string& path, size_t offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  const auto size = static_cast<size_t>(in.tellg());
  if (offset >= size) return "";
  in.seekg(static_cast<std::streamoff>(offset));
  std::string out(size - offset, '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  out.resize(static_cast<size_t>(in.gcount()));
  return out;
}

size_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<size_t>(size);
}

}  // namespace

std::string ServerBinaryPath() {
  if (const char* env = std::getenv("LEVER_SERVER_BIN"); env != nullptr && *env != '\0') {
    return env;
  }
  // Tests live in <build>/tests/integration/; the server in <build>/server/app/.
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "lever-server";
  return fs::weakly_canonical(self.parent_path() / "../../server/app/lever-server", ec).string();
}

ServerProcess::ServerProcess(ServerOptions options)
    : options_(std::move(options)), binary_(ServerBinaryPath()) {
  IgnoreSigpipeOnce();
  if (std::getenv("LEVER_TEST_KEEP") != nullptr) options_.keep_temp_dir = true;
  std::string tmpl = (fs::temp_directory_path() / "lever-it-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    error_ = "mkdtemp failed: " + std::string(std::strerror(errno));
    return;
  }
  temp_dir_ = tmpl;
  data_dir_ = temp_dir_ + "/data";
  log_path_ = temp_dir_ + "/server.log";
  fs::create_directories(data_dir_);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill9();
  if (!temp_dir_.empty() && !options_.keep_temp_dir) {
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }
}

bool ServerProcess::Start() {
  error_.clear();
  if (temp_dir_.empty()) {
    error_ = "no temp dir";
    return false;
  }
  if (pid_ > 0) {
    error_ = "already running";
    return false;
  }
  if (access(binary_.c_str(), X_OK) != 0) {
    error_ = "server binary not executable: " + binary_ + " (set LEVER_SERVER_BIN)";
    return false;
  }
  const size_t log_offset = FileSize(log_path_);
  if (!Spawn()) return false;
  if (WaitForReady(log_offset)) return true;
  if (pid_ > 0) Kill9();
  return false;
}

bool ServerProcess::Spawn() {
  std::vector<std::string> args = {binary_,
                                   "--port=0",
                                   "--grpc-port=0",
                                   "--data-dir=" + data_dir_,
                                   "--store=" + options_.store,
                                   "--log-level=info",
                                   options_.auth ? "--auth=on" : "--auth=off"};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  // The environment, with LEVER_ADMIN_PASSWORD set for auth servers and dropped otherwise.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).rfind("LEVER_ADMIN_PASSWORD=", 0) != 0) env_strings.emplace_back(*e);
  }
  if (options_.auth && !options_.admin_password.empty()) {
    env_strings.push_back("LEVER_ADMIN_PASSWORD=" + options_.admin_password);
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    error_ = "cannot open log " + log_path_ + ": " + std::strerror(errno);
    return false;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    error_ = std::string("fork failed: ") + std::strerror(errno);
    close(log_fd);
    return false;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here to exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    // Sockets the test process holds (e.g. long-poll clients) must not leak into the server.
    close_range(3, ~0U, 0);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;
  return true;
}

bool ServerProcess::WaitForReady(size_t log_offset) {
  static const std::regex kReady(
      R"(event=ready\b[^\n]*?\bhttp_port=(\d+)[^\n]*?\bgrpc_port=(-?\d+))");
  bool ready = false;
  bool exited = false;
  WaitUntil(
      [&] {
        std::smatch match;
        const std::string log = ReadFileFrom(log_path_, log_offset);
        if (std::regex_search(log, match, kReady)) {
          http_port_ = std::stoi(match[1].str());
          grpc_port_ = std::stoi(match[2].str());
          ready = true;
          return true;
        }
        exited = ReapNoHang();
        return exited;
      },
      options_.ready_deadline, milliseconds(20));
  if (ready) return true;
  std::ostringstream why;
  if (exited) {
    why << "server exited before ready, code " << ExitCodeFromWaitStatus(last_wait_status_);
  } else {
    why << "no `event=ready ... http_port=N grpc_port=M` line within "
        << options_.ready_deadline.count() << " ms";
  }
  error_ = why.str();
  return false;
}

bool ServerProcess::ReapNoHang() {
  if (pid_ <= 0) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    last_wait_status_ = r == pid_ ? status : 0;
    pid_ = -1;
    return true;
  }
  return false;
}

bool ServerProcess::running() { return !ReapNoHang(); }

int ServerProcess::Stop(milliseconds deadline) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  if (!WaitUntil([this] { return ReapNoHang(); }, deadline, milliseconds(10))) {
    Kill9();
  }
  return ExitCodeFromWaitStatus(last_wait_status_);
}

void ServerProcess::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  last_wait_status_ = status;
  pid_ = -1;
}

bool ServerProcess::Restart() {
  if (pid_ > 0) Stop();
  http_port_ = 0;
  grpc_port_ = 0;
  return Start();
}

std::string ServerProcess::Log() const { return ReadFileFrom(log_path_, 0); }

std::string ServerProcess::LogTail(size_t max_bytes) const {
  const size_t size = FileSize(log_path_);
  return ReadFileFrom(log_path_, size > max_bytes ? size - max_bytes : 0);
}

std::string ServerProcess::Describe() const {
  std::ostringstream out;
  out << "lever-server " << binary_ << " pid=" << pid_ << " http_port=" << http_port_
      << " grpc_port=" << grpc_port_ << " data_dir=" << data_dir_;
  if (!error_.empty()) out << "\nerror: " << error_;
  out << "\n--- log tail (" << log_path_ << ") ---\n" << LogTail();
  return out.str();
}

}  // namespace lever::testing
