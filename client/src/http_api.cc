#include "http_api.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "base/md5.h"
#include "base/url_codec.h"
#include "internal.h"

namespace lever::detail {

namespace {

using Json = nlohmann::json;

std::string EncodeParams(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += FormUrlEncode(name) + "=" + FormUrlEncode(value);
  }
  return out;
}

// "caused: <message>;\n" (v1 error bodies) -> "<message>".
std::string CleanMessage(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  if (body.rfind("caused: ", 0) == 0) {
    body = body.substr(8);
    if (!body.empty() && body.back() == ';') body.pop_back();
  }
  auto json = Json::parse(body, nullptr, false);  // Spring error page JSON (auth failures)
  if (json.is_object() && json.contains("message") && json["message"].is_string()) {
    return json["message"].get<std::string>();
  }
  return body;
}

template <class Rep, class Period>
void SetTimeouts(httplib::Client& http, std::chrono::duration<Rep, Period> connect,
                 std::chrono::duration<Rep, Period> read) {
  http.set_connection_timeout(connect);
  http.set_read_timeout(read);
  http.set_write_timeout(connect);
}

}  // namespace

Error ErrorFromHttp(int status, const std::string& body) {
  std::string message = CleanMessage(body);
  if (message.empty()) message = "HTTP " + std::to_string(status);
  if (message.find("Cas publish fail") != std::string::npos) {
    return MakeError(ErrorCode::kConflict, message);
  }
  switch (status) {
    case 400:
      return MakeError(ErrorCode::kInvalidArgument, message);
    case 401:
      return MakeError(ErrorCode::kUnauthenticated, message);
    case 403:
      // Nacos answers 403 both for bad credentials and missing rights; the message tells them apart.
      if (message.find("user not found") != std::string::npos ||
          message.find("token") != std::string::npos) {
        return MakeError(ErrorCode::kUnauthenticated, message);
      }
      return MakeError(ErrorCode::kPermissionDenied, message);
    case 404:
      return MakeError(ErrorCode::kNotFound, message);
    case 409:
      return MakeError(ErrorCode::kConflict, message);
    case 503:
      return MakeError(ErrorCode::kUnavailable, message);
    default:
      return MakeError(ErrorCode::kInternal, "HTTP " + std::to_string(status) + ": " + message);
  }
}

void RequestCanceller::Cancel() {
  std::lock_guard lock(mu_);
  cancelled_ = true;
  if (client_ != nullptr) client_->stop();
}

bool RequestCanceller::Attach(httplib::Client* client) {
  std::lock_guard lock(mu_);
  if (cancelled_) return false;
  client_ = client;
  return true;
}

void RequestCanceller::Detach() {
  std::lock_guard lock(mu_);
  client_ = nullptr;
}

void RequestCanceller::Reset() {
  std::lock_guard lock(mu_);
  cancelled_ = false;
}

HttpApi::HttpApi(ServerRotation& servers, AuthSession& auth, const ClientOptions& options)
    : servers_(servers), auth_(auth), options_(options), tenant_(WireNamespace(options.namespace_id)) {}

Params HttpApi::KeyParams(const ConfigKey& key) const {
  Params params = {{"dataId", key.data_id}, {"group", key.group}};
  if (!tenant_.empty()) params.emplace_back("tenant", tenant_);
  return params;
}

Result<HttpReply> HttpApi::Send(Method method, const std::string& path, Params params,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::chrono::milliseconds read_timeout, RequestCanceller* canceller) {
  std::string last_failure = "no server";
  bool relogged = false;
  for (size_t attempt = 0; attempt < servers_.size(); ++attempt) {
    const ServerAddress server = servers_.Current();
    Params with_auth = params;
    if (const std::string token = auth_.Token(server); !token.empty()) {
      with_auth.emplace_back("accessToken", token);
    }
    httplib::Headers http_headers(headers.begin(), headers.end());
    http_headers.emplace("Client-AppName", options_.app_name);
    http_headers.emplace("User-Agent", "Nacos-Lever-Client:v0.1.0");
    httplib::Client http(server.host, server.port);
    SetTimeouts(http, options_.request_timeout, read_timeout);
    if (canceller != nullptr && !canceller->Attach(&http)) {
      return MakeError(ErrorCode::kInternal, "cancelled");
    }
    const std::string encoded = EncodeParams(with_auth);
    httplib::Result res = [&] {
      switch (method) {
        case Method::kGet:
          return http.Get(path + "?" + encoded, http_headers);
        case Method::kPost:
          return http.Post(path, http_headers, encoded, "application/x-www-form-urlencoded");
        case Method::kDelete:
          break;
      }
      return http.Delete(path + "?" + encoded, http_headers);
    }();
    if (canceller != nullptr) canceller->Detach();
    if (res && res->status == 403 && auth_.enabled() && !relogged) {
      relogged = true;  // the token may have expired: log in again and retry this server once
      auth_.Invalidate();
      --attempt;
      continue;
    }
    if (res && res->status != 503) {
      HttpReply reply{res->status, res->body, res->get_header_value("Config-Type")};
      return reply;
    }
    if (canceller != nullptr && !canceller->Attach(nullptr)) {
      return MakeError(ErrorCode::kInternal, "cancelled");
    }
    last_failure = res ? "HTTP 503" : httplib::to_string(res.error());
    ClientLog()->warn("event=server_failed transport=http server={} path={} error=\"{}\"",
                      server.ToString(), path, last_failure);
    servers_.Advance();
    switches_.fetch_add(1);
  }
  return MakeError(ErrorCode::kUnavailable, "no server answered: " + last_failure);
}

Result<QueryResult> HttpApi::Query(const ConfigKey& key) {
  auto reply = Send(Method::kGet, "/nacos/v1/cs/configs", KeyParams(key), {{"notify", "false"}},
                    options_.request_timeout);
  if (!reply.ok()) return reply.error();
  QueryResult result;
  if (reply->status == 404) return result;  // found = false
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  result.found = true;
  result.config.content = std::move(reply.value().body);
  result.config.md5 = Md5Hex(result.config.content);
  result.config.type = reply->config_type;
  return result;
}

Result<void> HttpApi::Publish(const ConfigKey& key, std::string_view content,
                              const PublishOptions& options) {
  Params params = KeyParams(key);
  params.emplace_back("content", std::string(content));
  if (!options.type.empty()) params.emplace_back("type", options.type);
  std::vector<std::pair<std::string, std::string>> headers;
  if (!options.cas_md5.empty()) headers.emplace_back("casMd5", options.cas_md5);
  auto reply = Send(Method::kPost, "/nacos/v1/cs/configs", std::move(params), headers,
                    options_.request_timeout);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  if (reply->body.rfind("true", 0) != 0) return MakeError(ErrorCode::kInternal, "publish refused: " + reply->body);
  return Ok();
}

Result<void> HttpApi::Remove(const ConfigKey& key) {
  auto reply = Send(Method::kDelete, "/nacos/v1/cs/configs", KeyParams(key), {}, options_.request_timeout);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  return Ok();
}

namespace {

HistoryEntry HistoryFromJson(const Json& item) {
  HistoryEntry entry;
  const std::string id = item.value("id", std::string("0"));
  entry.nid = std::strtoll(id.c_str(), nullptr, 10);
  entry.op_type = item.value("opType", std::string());
  while (!entry.op_type.empty() && entry.op_type.back() == ' ') entry.op_type.pop_back();
  entry.content = item.value("content", std::string());
  entry.md5 = item.value("md5", std::string());
  if (item.contains("srcUser") && item["srcUser"].is_string()) entry.src_user = item["srcUser"];
  entry.modified = item.value("lastModifiedTime", std::string());
  return entry;
}

}  // namespace

Result<std::vector<HistoryEntry>> HttpApi::History(const ConfigKey& key, int limit) {
  Params params = KeyParams(key);
  params.emplace_back("search", "accurate");
  params.emplace_back("pageNo", "1");
  params.emplace_back("pageSize", std::to_string(std::clamp(limit, 1, 500)));
  auto reply = Send(Method::kGet, "/nacos/v1/cs/history", std::move(params), {}, options_.request_timeout);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  auto json = Json::parse(reply->body, nullptr, false);
  if (!json.is_object() || !json.contains("pageItems") || !json["pageItems"].is_array()) {
    return MakeError(ErrorCode::kInternal, "history: unexpected answer: " + reply->body.substr(0, 200));
  }
  std::vector<HistoryEntry> entries;
  for (const Json& item : json["pageItems"]) entries.push_back(HistoryFromJson(item));
  return entries;
}

Result<HistoryEntry> HttpApi::HistoryItem(const ConfigKey& key, int64_t nid) {
  Params params = KeyParams(key);
  params.emplace_back("nid", std::to_string(nid));
  auto reply = Send(Method::kGet, "/nacos/v1/cs/history", std::move(params), {}, options_.request_timeout);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  auto json = Json::parse(reply->body, nullptr, false);
  if (!json.is_object()) {
    return MakeError(ErrorCode::kNotFound, "no history entry " + std::to_string(nid) + " for " + key.ToString());
  }
  return HistoryFromJson(json);
}

Result<std::vector<NamespaceInfo>> HttpApi::Namespaces() {
  auto reply = Send(Method::kGet, "/nacos/v1/console/namespaces", {}, {}, options_.request_timeout);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  auto json = Json::parse(reply->body, nullptr, false);
  if (!json.is_object() || !json.contains("data") || !json["data"].is_array()) {
    return MakeError(ErrorCode::kInternal, "namespaces: unexpected answer: " + reply->body.substr(0, 200));
  }
  std::vector<NamespaceInfo> out;
  for (const Json& ns : json["data"]) {
    NamespaceInfo info;
    if (ns.contains("namespace") && ns["namespace"].is_string()) info.id = ns["namespace"];
    if (ns.contains("namespaceShowName") && ns["namespaceShowName"].is_string()) info.name = ns["namespaceShowName"];
    if (ns.contains("namespaceDesc") && ns["namespaceDesc"].is_string()) info.description = ns["namespaceDesc"];
    if (ns.contains("configCount") && ns["configCount"].is_number()) info.config_count = ns["configCount"];
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<ConfigKey>> HttpApi::LongPoll(const std::vector<WatchSink::Listened>& listened,
                                                 bool no_hangup, RequestCanceller* canceller) {
  std::string probe;
  for (const auto& entry : listened) {
    probe += entry.key.data_id + '\x02' + entry.key.group + '\x02' + entry.md5;
    if (!tenant_.empty()) probe += '\x02' + tenant_;
    probe += '\x01';
  }
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Long-Pulling-Timeout", std::to_string(options_.long_poll_timeout.count())}};
  if (no_hangup) headers.emplace_back("Long-Pulling-Timeout-No-Hangup", "true");
  // The server holds the poll for up to the timeout; allow it that plus half again to answer.
  const auto read_timeout = options_.long_poll_timeout + options_.long_poll_timeout / 2;
  auto reply = Send(Method::kPost, "/nacos/v1/cs/configs/listener", {{"Listening-Configs", probe}},
                    headers, read_timeout, canceller);
  if (!reply.ok()) return reply.error();
  if (reply->status != 200) return ErrorFromHttp(reply->status, reply->body);
  std::vector<ConfigKey> changed;
  const std::string decoded = FormUrlDecode(reply->body);
  size_t start = 0;
  while (start < decoded.size()) {
    size_t end = decoded.find('\x01', start);
    if (end == std::string::npos) break;  // the trailing newline
    const std::string record = decoded.substr(start, end - start);
    start = end + 1;
    const size_t a = record.find('\x02');
    if (a == std::string::npos) continue;
    const size_t b = record.find('\x02', a + 1);
    ConfigKey key{record.substr(0, a), record.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1)};
    changed.push_back(std::move(key));
  }
  return changed;
}

}  // namespace lever::detail
