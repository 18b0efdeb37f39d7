// Cluster membership endpoints (nacos-protocol.md §11): the live lever-server nodes, as Nacos
// clients and tools ask for them. In cluster mode the list comes from the nodes registered in
// etcd (HandlerDeps::cluster_nodes); a single node answers with itself. Also the fan-out that
// merges listener queries over the nodes (cluster_fanout.h).
#include <httplib.h>

#include "api/http/cluster_fanout.h"
#include "api/http/error_mapping.h"
#include "api/http/json_views.h"
#include "api/http/routes.h"

namespace lever::http {
namespace {

std::vector<std::string> LiveNodes(const HandlerDeps& d, const HttpRequest& req) {
  if (d.cluster_nodes) return d.cluster_nodes();
  std::string host = req.Header("Host");
  if (host.empty()) host = "127.0.0.1:" + std::to_string(d.http_port);
  return {host};
}

Json Member(const std::string& address) {
  const size_t colon = address.rfind(':');
  const std::string ip = address.substr(0, colon);
  const int port = colon == std::string::npos ? 8848 : std::atoi(address.c_str() + colon + 1);
  return Json{{"ip", ip},
              {"port", port},
              {"state", "UP"},
              {"extendInfo", Json::object()},
              {"address", address},
              {"failAccessCnt", 0},
              {"abilities", Json::object()}};
}

Json Members(const HandlerDeps& d, const HttpRequest& req, const std::string& keyword) {
  Json data = Json::array();
  for (const std::string& address : LiveNodes(d, req)) {
    if (keyword.empty() || address.find(keyword) != std::string::npos) data.push_back(Member(address));
  }
  return data;
}

}  // namespace

void AddClusterRoutes(HttpRouter& router, const HandlerDeps& deps) {
  const HandlerDeps* d = &deps;
  // The member list shows internal addresses: console-admin only, as in Nacos (serverlist below
  // stays public: it is what clients bootstrap from, before they have credentials).
  router.Add({"GET", "/nacos/v1/core/cluster/nodes", Access::kAdmin, Dialect::kPlain,
              [d](const HttpRequest& req, httplib::Response& res) {
                Json body{{"code", 200}, {"message", nullptr}, {"data", Members(*d, req, req.Param("keyword"))}};
                WriteJsonText(res, 200, body.dump());
              }});
  router.Add({"GET", "/nacos/v2/core/cluster/node/list", Access::kAdmin, Dialect::kV2,
              [d](const HttpRequest& req, httplib::Response& res) {
                WriteV2Success(res, Members(*d, req, req.Param("address")).dump());
              }});
  // The address-server format Nacos clients read their server list from: one host:port a line.
  router.Add({"GET", "/nacos/serverlist", Access::kPublic, Dialect::kPlain,
              [d](const HttpRequest& req, httplib::Response& res) {
                std::string text;
                for (const std::string& address : LiveNodes(*d, req)) text += address + "\n";
                WriteText(res, 200, text);
              }});
}

// ------------------------------------------------------------------ listener query fan-out

Json MergeClusterListeners(const HandlerDeps& deps, const HttpRequest& req, Json local) {
  if (!deps.cluster_nodes || req.Param("leverLocal") == "true") return local;
  const std::string self = deps.cluster_self ? deps.cluster_self() : "";
  httplib::Params params;
  for (const auto& [name, value] : req.params()) params.emplace(name, value);
  params.emplace("leverLocal", "true");
  const std::string target = httplib::append_query_params(req.path(), params);
  httplib::Headers headers;
  if (std::string auth = req.Header("Authorization"); !auth.empty()) headers.emplace("Authorization", auth);
  for (const std::string& address : deps.cluster_nodes()) {
    if (address == self) continue;
    const size_t colon = address.rfind(':');
    if (colon == std::string::npos) continue;
    httplib::Client peer(address.substr(0, colon), std::atoi(address.c_str() + colon + 1));
    peer.set_connection_timeout(std::chrono::seconds(2));
    peer.set_read_timeout(std::chrono::seconds(2));
    auto res = peer.Get(target, headers);
    if (!res || res->status != 200) continue;
    Json answer = Json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object() || !answer.contains("lisentersGroupkeyStatus")) continue;
    for (auto& [name, md5] : answer["lisentersGroupkeyStatus"].items()) {
      if (!local.contains(name)) local[name] = md5;
    }
  }
  return local;
}

}  // namespace lever::http
