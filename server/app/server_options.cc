#include "app/server_options.h"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace lever::app {
namespace {

using Setter = std::function<Status(ServerOptions&, const std::string&)>;

template <typename T>
Setter Number(T ServerOptions::*field) {
  return [field](ServerOptions& o, const std::string& v) -> Status {
    T value{};
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (ec != std::errc() || ptr != v.data() + v.size()) return Status::InvalidArgument("not a number: " + v);
    o.*field = value;
    return Status::Ok();
  };
}

Setter Text(std::string ServerOptions::*field, std::vector<std::string> allowed = {}) {
  return [field, allowed](ServerOptions& o, const std::string& v) -> Status {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : "|") + a;
      return Status::InvalidArgument("must be one of " + list + ", got '" + v + "'");
    }
    o.*field = v;
    return Status::Ok();
  };
}

Setter Bool(bool ServerOptions::*field) {
  return [field](ServerOptions& o, const std::string& v) -> Status {
    if (v == "true" || v == "1" || v == "on") {
      o.*field = true;
    } else if (v == "false" || v == "0" || v == "off") {
      o.*field = false;
    } else {
      return Status::InvalidArgument("not a boolean: " + v);
    }
    return Status::Ok();
  };
}

struct OptionSpec {
  Setter set;
  const char* help;
};

const std::map<std::string, OptionSpec>& Specs() {
  static const std::map<std::string, OptionSpec> specs = {
      {"host", {Text(&ServerOptions::host), "address to listen on (default 0.0.0.0)"}},
      {"port", {Number(&ServerOptions::port), "HTTP port (default 8848; 0 = any free port)"}},
      {"grpc-port", {Number(&ServerOptions::grpc_port), "gRPC port (default port+1000; 0 = any; -1 = off)"}},
      {"data-dir", {Text(&ServerOptions::data_dir), "data directory (default ./lever-data)"}},
      {"store", {Text(&ServerOptions::store, {"rocksdb", "memory", "etcd"}), "rocksdb | memory | etcd (cluster mode)"}},
      {"etcd-endpoints", {Text(&ServerOptions::etcd_endpoints), "store=etcd: comma-separated host:port of the etcd members"}},
      {"etcd-prefix", {Text(&ServerOptions::etcd_prefix), "store=etcd: key prefix in etcd (default /lever/)"}},
      {"advertise-host", {Text(&ServerOptions::advertise_host), "store=etcd: address other nodes and clients reach this node at (default: host, or this machine's IP when host is 0.0.0.0)"}},
      {"log-level", {Text(&ServerOptions::log_level, {"trace", "debug", "info", "warn", "error", "off"}), "log level"}},
      {"auth", {Text(&ServerOptions::auth, {"on", "off"}), "authentication and authorization (default on)"}},
      {"auth-token-ttl-seconds", {Number(&ServerOptions::auth_token_ttl_seconds), "accessToken lifetime (default 18000)"}},
      {"auth-login-attempts-per-minute", {Number(&ServerOptions::auth_login_attempts_per_minute), "failed logins per client IP and minute (default 10)"}},
      {"console-dir", {Text(&ServerOptions::console_dir), "directory of the built console (web/dist)"}},
      {"sync-writes", {Bool(&ServerOptions::sync_writes), "fsync every commit (default true)"}},
      {"max-content-bytes", {Number(&ServerOptions::max_content_bytes), "largest config content (default 10485760)"}},
      {"max-body-bytes", {Number(&ServerOptions::max_body_bytes), "largest HTTP request body (default 33554432)"}},
      {"http-max-threads", {Number(&ServerOptions::http_max_threads), "HTTP worker threads for requests that may block; under TLS, connections served at once (default 2048)"}},
      {"http-keep-alive-seconds", {Number(&ServerOptions::http_keep_alive_seconds), "idle keep-alive connections close after this (default 5)"}},
      {"max-long-polls", {Number(&ServerOptions::max_long_polls), "long-polls held at once; 503 beyond (default 1500)"}},
      {"long-poll-min-hold-ms", {Number(&ServerOptions::long_poll_min_hold_ms), "shortest long-poll hold (default 10000)"}},
      {"history-retention-days", {Number(&ServerOptions::history_retention_days), "days of history kept; 0 = forever (default 30)"}},
      {"grpc-push-ack-timeout-ms", {Number(&ServerOptions::grpc_push_ack_timeout_ms), "gRPC push ack timeout (default 3000)"}},
      {"grpc-push-retry-delay-ms", {Number(&ServerOptions::grpc_push_retry_delay_ms), "gRPC push retry n waits n x this (default 2000)"}},
      {"grpc-push-max-retries", {Number(&ServerOptions::grpc_push_max_retries), "gRPC push re-sends before dropping the connection (default 50)"}},
      {"grpc-detect-idle-ms", {Number(&ServerOptions::grpc_detect_idle_ms), "gRPC idle time before ClientDetectionRequest (default 20000)"}},
      {"grpc-detect-timeout-ms", {Number(&ServerOptions::grpc_detect_timeout_ms), "gRPC client detection answer deadline (default 5000)"}},
      {"grpc-detect-interval-ms", {Number(&ServerOptions::grpc_detect_interval_ms), "gRPC idle-connection scan period (default 3000)"}},
      {"grpc-max-connections", {Number(&ServerOptions::grpc_max_connections), "gRPC connections registered at once; beyond, ConnectResetRequest; 0 = unlimited (default 20000)"}},
      {"grpc-ability-negotiation", {Bool(&ServerOptions::grpc_ability_negotiation), "gRPC supportAbilityNegotiation + SetupAck (default true)"}},
      {"tls-cert", {Text(&ServerOptions::tls_cert), "PEM certificate (chain) file: serve HTTPS and gRPC over TLS (with --tls-key)"}},
      {"tls-key", {Text(&ServerOptions::tls_key), "PEM private key file of --tls-cert"}},
      {"http-max-connections", {Number(&ServerOptions::http_max_connections), "HTTP connections open at once; beyond, 503 and close (default 2048)"}},
      {"max-listeners-per-request", {Number(&ServerOptions::max_listeners_per_request), "configs one long-poll or BatchListen may watch (default 10000)"}},
      {"grpc-worker-threads", {Number(&ServerOptions::grpc_worker_threads), "threads for gRPC publishes/removes (default 32)"}},
  };
  return specs;
}

Status Apply(ServerOptions& o, const std::string& name, const std::string& value, const std::string& origin) {
  auto it = Specs().find(name);
  if (it == Specs().end()) return Status::InvalidArgument(origin + ": unknown option '" + name + "'");
  Status s = it->second.set(o, value);
  if (!s.ok()) return Status::InvalidArgument(origin + ": --" + name + " " + s.message());
  return Status::Ok();
}

std::string Trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

}  // namespace

StatusOr<ServerOptions> ServerOptions::Load(int argc, char** argv, const std::vector<std::string>& env) {
  std::map<std::string, std::string> flags;
  std::string config_file;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) return Status::InvalidArgument("unexpected argument '" + arg + "'");
    size_t eq = arg.find('=');
    if (eq == std::string::npos) return Status::InvalidArgument("expected --name=value, got '" + arg + "'");
    std::string name = arg.substr(2, eq - 2), value = arg.substr(eq + 1);
    if (name == "config") {
      config_file = value;
    } else {
      flags[name] = value;
    }
  }
  std::map<std::string, std::string> from_env;
  for (const auto& kv : env) {
    if (kv.rfind("LEVER_", 0) != 0) continue;
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string name = kv.substr(6, eq - 6);
    for (char& c : name) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "config") {
      if (config_file.empty()) config_file = kv.substr(eq + 1);
    } else if (Specs().count(name)) {  // other LEVER_* variables belong to other tools
      from_env[name] = kv.substr(eq + 1);
    }
  }

  ServerOptions o;
  if (!config_file.empty()) {
    std::ifstream in(config_file);
    if (!in) return Status::InvalidArgument("cannot read config file " + config_file);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      line = Trim(line.substr(0, line.find('#')));
      if (line.empty()) continue;
      size_t eq = line.find('=');
      if (eq == std::string::npos) return Status::InvalidArgument(config_file + ":" + std::to_string(n) + ": expected name = value");
      LEVER_RETURN_IF_ERROR(Apply(o, Trim(line.substr(0, eq)), Trim(line.substr(eq + 1)), config_file + ":" + std::to_string(n)));
    }
  }
  for (const auto& [name, value] : from_env) LEVER_RETURN_IF_ERROR(Apply(o, name, value, "environment"));
  for (const auto& [name, value] : flags) LEVER_RETURN_IF_ERROR(Apply(o, name, value, "flag"));

  if (o.auth_token_ttl_seconds < 1) return Status::InvalidArgument("--auth-token-ttl-seconds must be >= 1");
  if (o.auth_login_attempts_per_minute < 1) {
    return Status::InvalidArgument("--auth-login-attempts-per-minute must be >= 1");
  }
  if (o.port < 0 || o.port > 65535) return Status::InvalidArgument("--port out of range");
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return Status::InvalidArgument("--tls-cert and --tls-key go together: set both or neither");
  }
  if (o.grpc_port == -2) o.grpc_port = o.port == 0 ? 0 : o.port + 1000;
  return o;
}

std::string ServerOptions::Describe() const {
  std::ostringstream out;
  out << "host=" << host << " port=" << port << " grpc_port=" << grpc_port << " data_dir=" << data_dir
      << " store=" << store << " auth=" << auth << " tls=" << (tls_cert.empty() ? "off" : "on") << " sync_writes=" << (sync_writes ? "true" : "false")
      << " max_long_polls=" << max_long_polls << " http_max_threads=" << http_max_threads
      << " grpc_push_ack_timeout_ms=" << grpc_push_ack_timeout_ms
      << " grpc_push_max_retries=" << grpc_push_max_retries << " grpc_detect_idle_ms=" << grpc_detect_idle_ms;
  return out.str();
}

std::string ServerUsage() {
  std::string out = "usage: lever-server [--name=value ...]\n\noptions (also LEVER_<NAME> env vars or --config=FILE):\n";
  for (const auto& [name, spec] : Specs()) out += "  --" + name + "\t" + spec.help + "\n";
  out += "  --config\tfile of `name = value` lines\n";
  return out;
}

}  // namespace lever::app
