#include "integration/fixture.h"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace lever::testing {

ServerProcess& SharedServer() {
  static std::mutex mutex;
  static std::unique_ptr<ServerProcess> server;
  static bool start_failed = false;
  std::lock_guard lock(mutex);
  if (!server) {
    server = std::make_unique<ServerProcess>();
    start_failed = !server->Start();
  }
  REQUIRE_MESSAGE(!start_failed, "shared server did not start: " << server->Describe());
  REQUIRE_MESSAGE(server->running(), "shared server is no longer running: " << server->Describe());
  return *server;
}

HttpClient SharedClient() { return HttpClient(SharedServer().http_port()); }

namespace {
std::atomic<int> unique_counter{0};
}  // namespace

std::string UniqueId(std::string_view prefix) {
  return std::string(prefix) + "." + std::to_string(++unique_counter);
}

std::string UniqueNamespace(std::string_view prefix) {
  return std::string(prefix) + "-" + std::to_string(++unique_counter);
}

HttpResponse Publish(const HttpClient& client, std::string_view data_id, std::string_view group,
                     std::string_view content, const Params& extra, const Headers& headers) {
  Params form = {{"dataId", std::string(data_id)},
                 {"group", std::string(group)},
                 {"content", std::string(content)}};
  form.insert(form.end(), extra.begin(), extra.end());
  return client.PostForm(kConfigs, form, headers);
}

void MustPublish(const HttpClient& client, std::string_view data_id, std::string_view group,
                 std::string_view content, const Params& extra) {
  const HttpResponse response = Publish(client, data_id, group, content, extra);
  REQUIRE_MESSAGE(response.status == 200, "publish " << data_id << ": " << response.Describe());
  REQUIRE_MESSAGE(response.body == "true", "publish " << data_id << ": " << response.Describe());
}

HttpResponse GetConfig(const HttpClient& client, std::string_view data_id, std::string_view group,
                       const Params& extra, const Headers& headers) {
  Params query = {{"dataId", std::string(data_id)}, {"group", std::string(group)}};
  query.insert(query.end(), extra.begin(), extra.end());
  return client.Get(kConfigs, query, headers);
}

HttpResponse DeleteConfig(const HttpClient& client, std::string_view data_id,
                          std::string_view group, const Params& extra) {
  Params query = {{"dataId", std::string(data_id)}, {"group", std::string(group)}};
  query.insert(query.end(), extra.begin(), extra.end());
  return client.Delete(kConfigs, query);
}

nlohmann::json Json(const HttpResponse& response) {
  return nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
}

std::string OpType(const nlohmann::json& row) {
  if (!row.is_object() || !row.contains("opType") || !row["opType"].is_string()) return "";
  const std::string op = row["opType"];
  const auto end = op.find_last_not_of(' ');
  return end == std::string::npos ? "" : op.substr(0, end + 1);
}

std::string HistoryNid(const nlohmann::json& row) {
  if (!row.is_object()) return "";
  const char* field = row.contains("nid") ? "nid" : "id";
  if (!row.contains(field)) return "";
  const nlohmann::json& nid = row[field];
  return nid.is_string() ? nid.get<std::string>() : nid.dump();
}

bool WaitForListener(const HttpClient& client, std::string_view data_id, std::string_view group,
                     std::string_view tenant, std::string_view md5,
                     std::chrono::milliseconds deadline) {
  Params query = {{"dataId", std::string(data_id)}, {"group", std::string(group)}};
  if (!tenant.empty()) query.emplace_back("tenant", std::string(tenant));
  query.emplace_back("sampleTime", "1");
  return WaitUntil(
      [&] {
        const nlohmann::json body = Json(client.Get(kListener, query));
        if (!body.is_object() || !body.contains("lisentersGroupkeyStatus")) return false;
        const auto& listeners = body["lisentersGroupkeyStatus"];
        return listeners.is_object() && listeners.contains("127.0.0.1") &&
               listeners["127.0.0.1"] == md5;
      },
      deadline, std::chrono::milliseconds(20));
}

AsyncLongPoll::AsyncLongPoll(int port, LongPollRequest request,
                             std::chrono::milliseconds read_timeout)
    : future_(std::async(std::launch::async, [port, request = std::move(request), read_timeout] {
        return LongPoll(port, request, read_timeout);
      })) {}

bool AsyncLongPoll::done() const {
  return future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

HttpResponse AsyncLongPoll::Wait() { return future_.get(); }

}  // namespace lever::testing
