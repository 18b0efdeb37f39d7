#include "commands.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "lever/config_client.h"

namespace lever::cli {
namespace {

// A failure of the command line itself (exit 2) rather than of the server.
struct UsageError {
  std::string message;
};

int ExitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kConflict:
      return kExitConflict;
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
      return kExitAuth;
    case ErrorCode::kUnavailable:
      return kExitUnavailable;
    default:
      return kExitError;
  }
}

int Fail(const std::string& command, const Error& error) {
  std::cerr << "lever: " << command << ": " << error.ToString() << "\n";
  return ExitCodeFor(error.code);
}

template <class T>
T ParseNumber(const std::string& text, const std::string& what) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw UsageError{what + " must be a number, got \"" + text + "\""};
  }
  return value;
}

ClientOptions OptionsFrom(const Args& args) {
  ClientOptions options;
  std::string servers = args.Get("server", "LEVER_SERVER").value_or("127.0.0.1:8848");
  std::stringstream list(servers);
  for (std::string server; std::getline(list, server, ',');) {
    if (!server.empty()) options.servers.push_back(server);
  }
  options.namespace_id = args.Get("namespace", "LEVER_NAMESPACE").value_or("");
  options.username = args.Get("user", "LEVER_USER").value_or("");
  options.password = args.Get("password", "LEVER_PASSWORD").value_or("");
  std::string transport = args.Get("transport").value_or("grpc");
  if (transport == "http")
    options.transport = Transport::kHttp;
  else if (transport != "grpc")
    throw UsageError{"--transport must be grpc or http"};
  if (auto timeout = args.Get("timeout")) {
    options.request_timeout = std::chrono::milliseconds(ParseNumber<int>(*timeout, "--timeout"));
  }
  if (auto offset = args.Get("grpc-port-offset", "LEVER_GRPC_PORT_OFFSET")) {
    options.grpc_port_offset = ParseNumber<int>(*offset, "--grpc-port-offset");
  }
  options.app_name = "lever-cli";
  options.callback_threads = 1;  // `watch` has one listener; keep the process small
  return options;
}

// Operand `index` of the command (after the command name), or a usage error.
const std::string& Operand(const Args& args, size_t index, const char* what) {
  if (args.positional.size() <= index + 1) {
    throw UsageError{args.positional[0] + ": missing " + what};
  }
  return args.positional[index + 1];
}

void ExpectOperands(const Args& args, size_t max) {
  if (args.positional.size() > max + 1) {
    throw UsageError{args.positional[0] + ": unexpected argument \"" + args.positional[max + 1] +
                     "\""};
  }
}

ConfigKey KeyFrom(const Args& args) {
  return ConfigKey{Operand(args, 0, "<dataId>"), args.Get("group").value_or("DEFAULT_GROUP")};
}

std::string ReadAll(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int Get(ConfigClient& client, const Args& args) {
  ExpectOperands(args, 1);
  auto config = client.Get(KeyFrom(args));
  if (!config.ok()) return Fail("get", config.error());
  std::cout << config->content << std::flush;
  return kExitOk;
}

int Put(ConfigClient& client, const Args& args) {
  ExpectOperands(args, 2);
  std::string file =
      args.Get("file").value_or(args.positional.size() > 2 ? args.positional[2] : "-");
  std::string content;
  if (file == "-") {
    content = ReadAll(std::cin);
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "lever: put: cannot read " << file << "\n";
      return kExitError;
    }
    content = ReadAll(in);
  }
  PublishOptions options;
  options.type = args.Get("type").value_or("");
  options.cas_md5 = args.Get("cas").value_or("");
  auto published = client.Publish(KeyFrom(args), content, options);
  if (!published.ok()) return Fail("put", published.error());
  return kExitOk;
}

int Remove(ConfigClient& client, const Args& args) {
  ExpectOperands(args, 1);
  auto removed = client.Remove(KeyFrom(args));
  if (!removed.ok()) return Fail("rm", removed.error());
  return kExitOk;
}

// Waits for SIGINT/SIGTERM on its own thread (the signals are blocked everywhere else).
class StopSignal {
 public:
  StopSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);  // before the client starts its threads
  }
  // Starts waiting; `on_signal` runs on the waiting thread.
  void Start(std::function<void()> on_signal) {
    std::thread([set = set_, on_signal = std::move(on_signal)] {
      int signal = 0;
      sigwait(&set, &signal);
      on_signal();
    }).detach();  // the process ends with main; the thread holds no resources
  }

 private:
  sigset_t set_;
};

// What the listener, the signal thread and Watch() share; outlives Watch() if a signal comes late.
struct WatchState {
  std::mutex mu;
  std::condition_variable changed;
  int64_t printed = 0;
  bool stop = false;
};

int Watch(const Args& args) {
  ExpectOperands(args, 1);
  int64_t max_versions =
      args.Get("count") ? ParseNumber<int64_t>(*args.Get("count"), "--count") : 0;
  StopSignal stop_signal;
  auto client = ConfigClient::Create(OptionsFrom(args));
  if (!client.ok()) return Fail("watch", client.error());
  auto state = std::make_shared<WatchState>();
  auto handle =
      (*client)->AddListener(KeyFrom(args), [state, max_versions](const ConfigEvent& event) {
        nlohmann::json line = {
            {"dataId", event.key.data_id},    {"group", event.key.group},
            {"deleted", event.deleted},       {"md5", event.config.md5},
            {"type", event.config.type},      {"source", ConfigSourceName(event.config.source)},
            {"content", event.config.content}};
        std::lock_guard lock(state->mu);
        if (state->stop) return;
        std::cout << line.dump() << std::endl;
        if (max_versions > 0 && ++state->printed >= max_versions) state->stop = true;
        state->changed.notify_all();
      });
  if (!handle.ok()) return Fail("watch", handle.error());
  stop_signal.Start([state] {
    std::lock_guard lock(state->mu);
    state->stop = true;
    state->changed.notify_all();
  });
  std::unique_lock lock(state->mu);
  state->changed.wait(lock, [&] { return state->stop; });
  lock.unlock();
  handle.value().Reset();
  return kExitOk;
}

int History(ConfigClient& client, const Args& args) {
  ExpectOperands(args, 1);
  int limit = args.Get("limit") ? ParseNumber<int>(*args.Get("limit"), "--limit") : 100;
  auto entries = client.History(KeyFrom(args), limit);
  if (!entries.ok()) return Fail("history", entries.error());
  if (args.Flag("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const HistoryEntry& e : *entries) {
      list.push_back({{"nid", e.nid},
                      {"opType", e.op_type},
                      {"md5", e.md5},
                      {"srcUser", e.src_user},
                      {"modified", e.modified},
                      {"content", e.content}});
    }
    std::cout << list.dump(2) << "\n";
    return kExitOk;
  }
  for (const HistoryEntry& e : *entries) {
    std::cout << e.nid << '\t' << e.op_type << '\t' << e.modified << '\t' << e.src_user << '\t'
              << e.md5 << '\n';
  }
  return kExitOk;
}

int Rollback(ConfigClient& client, const Args& args) {
  ExpectOperands(args, 2);
  int64_t nid = ParseNumber<int64_t>(Operand(args, 1, "<nid>"), "<nid>");
  auto rolled_back = client.Rollback(KeyFrom(args), nid);
  if (!rolled_back.ok()) return Fail("rollback", rolled_back.error());
  return kExitOk;
}

int ListNamespaces(ConfigClient& client, const Args& args) {
  if (args.positional.size() != 2 || args.positional[1] != "list") {
    throw UsageError{"ns: the only subcommand is \"ns list\""};
  }
  auto namespaces = client.ListNamespaces();
  if (!namespaces.ok()) return Fail("ns list", namespaces.error());
  if (args.Flag("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const NamespaceInfo& ns : *namespaces) {
      list.push_back({{"id", ns.id},
                      {"name", ns.name},
                      {"description", ns.description},
                      {"configCount", ns.config_count}});
    }
    std::cout << list.dump(2) << "\n";
    return kExitOk;
  }
  for (const NamespaceInfo& ns : *namespaces) {
    std::cout << (ns.id.empty() ? "public" : ns.id) << '\t' << ns.name << '\t' << ns.config_count
              << '\t' << ns.description << '\n';
  }
  return kExitOk;
}

}  // namespace

int RunCommand(const Args& args) {
  using Command = int (*)(ConfigClient&, const Args&);
  static const std::map<std::string, Command> kCommands = {
      {"get", Get},         {"put", Put},           {"rm", Remove},
      {"history", History}, {"rollback", Rollback}, {"ns", ListNamespaces}};
  const std::string& name = args.positional[0];
  try {
    if (name == "watch") return Watch(args);
    auto command = kCommands.find(name);
    if (command == kCommands.end()) throw UsageError{"unknown command \"" + name + "\""};
    auto client = ConfigClient::Create(OptionsFrom(args));
    if (!client.ok()) return Fail(name, client.error());
    return command->second(**client, args);
  } catch (const UsageError& usage) {
    std::cerr << "lever: " << usage.message << " (lever --help for usage)\n";
    return kExitUsage;
  }
}

}  // namespace lever::cli
