#include "client_fixture.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "support/http_client.h"

namespace lever::testing {

namespace {

bool PortFree(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int FreePortPair() {
  static std::mt19937 rng(static_cast<unsigned>(::getpid()) * 7919u +
                          static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::uniform_int_distribution<int> pick(20000, 29999);  // + 1000 stays below the ephemeral range
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = pick(rng);
    if (PortFree(port) && PortFree(port + 1000)) return port;
  }
  FAIL("no free port pair");
  return 0;
}

std::unique_ptr<ServerProcess> StartServerOn(int http_port, bool auth) {
  ServerOptions options;
  options.auth = auth;
  options.extra_args = {"--port=" + std::to_string(http_port), "--grpc-port=" + std::to_string(http_port + 1000)};
  auto server = std::make_unique<ServerProcess>(options);
  REQUIRE_MESSAGE(server->Start(), server->Describe());
  return server;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lever-client-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ClientOptions TestOptions(Transport transport, const std::vector<int>& http_ports) {
  ClientOptions options;
  for (int port : http_ports) options.servers.push_back("127.0.0.1:" + std::to_string(port));
  options.transport = transport;
  options.request_timeout = std::chrono::milliseconds(2000);
  options.backoff_min = std::chrono::milliseconds(50);
  options.backoff_max = std::chrono::milliseconds(500);
  options.long_poll_timeout = std::chrono::milliseconds(10000);
  options.health_check_interval = std::chrono::milliseconds(1000);
  options.failover_check_interval = std::chrono::milliseconds(200);
  return options;
}

std::string UniqueDataId(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
}

ConfigListener EventLog::Listener() {
  return [this](const ConfigEvent& event) {
    {
      std::lock_guard lock(mu_);
      events_.push_back(event);
    }
    cv_.notify_all();
  };
}

bool EventLog::WaitFor(const std::function<bool(const ConfigEvent&)>& match,
                       std::chrono::milliseconds deadline) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, deadline, [&] {
    for (const auto& e : events_) {
      if (match(e)) return true;
    }
    return false;
  });
}

bool EventLog::WaitForContent(const std::string& content, std::chrono::milliseconds deadline) {
  return WaitFor([&](const ConfigEvent& e) { return !e.deleted && e.config.content == content; }, deadline);
}

bool EventLog::WaitForDeleted(std::chrono::milliseconds deadline) {
  return WaitFor([](const ConfigEvent& e) { return e.deleted; }, deadline);
}

bool EventLog::WaitForCount(size_t count, std::chrono::milliseconds deadline) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, deadline, [&] { return events_.size() >= count; });
}

std::vector<ConfigEvent> EventLog::Events() const {
  std::lock_guard lock(mu_);
  return events_;
}

std::vector<std::string> EventLog::Contents() const {
  std::vector<std::string> out;
  for (const auto& e : Events()) out.push_back(e.deleted ? "<deleted>" : e.config.content);
  return out;
}

void PublishVia(int http_port, const ConfigKey& key, const std::string& content) {
  HttpClient http(http_port);
  auto res = http.PostForm("/nacos/v1/cs/configs",
                           {{"dataId", key.data_id}, {"group", key.group}, {"content", content}});
  REQUIRE_MESSAGE(res.status == 200, res.body);
}

}  // namespace lever::testing
