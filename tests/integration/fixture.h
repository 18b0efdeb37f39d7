// Shared pieces of the integration suite: one lever-server for the whole binary, unique keys so
// tests never see each other's data, and thin wrappers for the requests most tests make.
#pragma once

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/wait_until.h"

namespace lever::testing {

inline constexpr std::string_view kConfigs = "/nacos/v1/cs/configs";
inline constexpr std::string_view kListener = "/nacos/v1/cs/configs/listener";
inline constexpr std::string_view kDefaultGroup = "DEFAULT_GROUP";
// `a: 1` and its md5 (nacos-protocol.md §15 "C").
inline constexpr std::string_view kC = "a: 1";
inline constexpr std::string_view kCMd5 = "270f9e65a80226eccd82c99cdd0dd2fb";
// Anything well below the 10 s minimum long-poll hold counts as "immediate".
inline constexpr std::chrono::milliseconds kImmediate{3000};

// The server shared by every test that needs no dedicated process; started on first use (rocksdb
// store), stopped at exit. Fails the calling test, with the server log, if it is not running.
ServerProcess& SharedServer();
// A client for SharedServer().
HttpClient SharedClient();

// A dataId/group/namespace-safe name unique within this test run: "<prefix>.<n>".
std::string UniqueId(std::string_view prefix);
// A namespace id (`^[\w-]+`) unique within this test run: "<prefix>-<n>".
std::string UniqueNamespace(std::string_view prefix);

// POST /nacos/v1/cs/configs with dataId, group, content, then `extra` fields.
HttpResponse Publish(const HttpClient& client, std::string_view data_id, std::string_view group,
                     std::string_view content, const Params& extra = {},
                     const Headers& headers = {});
// Publish() that must answer 200 `true` (checked with REQUIRE).
void MustPublish(const HttpClient& client, std::string_view data_id, std::string_view group,
                 std::string_view content, const Params& extra = {});
// GET /nacos/v1/cs/configs with dataId, group, then `extra` fields.
HttpResponse GetConfig(const HttpClient& client, std::string_view data_id, std::string_view group,
                       const Params& extra = {}, const Headers& headers = {});
// DELETE /nacos/v1/cs/configs with dataId, group, then `extra` fields.
HttpResponse DeleteConfig(const HttpClient& client, std::string_view data_id,
                          std::string_view group, const Params& extra = {});

// The body parsed as JSON; a discarded value when it is not JSON.
nlohmann::json Json(const HttpResponse& response);

// A history row's `opType` without the padding Nacos may add ("I         " -> "I").
std::string OpType(const nlohmann::json& row);
// The history row id to pass as `nid`: the `nid` field when the server sends one, else `id`
// (Nacos maps the nid column onto `id` in history rows). "" if neither is present.
std::string HistoryNid(const nlohmann::json& row);

// True once GET /nacos/v1/cs/configs/listener for the key lists 127.0.0.1 with `md5`, i.e. the
// server has registered a held long-poll (or other listener) for it. Waits up to `deadline`.
bool WaitForListener(const HttpClient& client, std::string_view data_id, std::string_view group,
                     std::string_view tenant, std::string_view md5,
                     std::chrono::milliseconds deadline = std::chrono::milliseconds(5000));

// A long-poll running on its own thread. The destructor waits for it to finish.
class AsyncLongPoll {
 public:
  AsyncLongPoll(int port, LongPollRequest request,
                std::chrono::milliseconds read_timeout = std::chrono::milliseconds(40000));
  bool done() const;
  // Blocks until the response (at most the read timeout); call once.
  HttpResponse Wait();

 private:
  std::future<HttpResponse> future_;
};

}  // namespace lever::testing
