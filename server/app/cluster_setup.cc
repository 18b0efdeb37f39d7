#include "app/cluster_setup.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace lever::app {

StatusOr<std::unique_ptr<storage::EtcdStore>> OpenEtcdStore(const ServerOptions& options) {
  storage::EtcdStoreOptions eo;
  std::stringstream list(options.etcd_endpoints);
  for (std::string endpoint; std::getline(list, endpoint, ',');) {
    if (!endpoint.empty()) eo.endpoints.push_back(endpoint);
  }
  if (eo.endpoints.empty()) return Status::InvalidArgument("--store=etcd needs --etcd-endpoints=host:port[,host:port...]");
  eo.prefix = options.etcd_prefix;
  return storage::EtcdStore::Open(std::move(eo));
}

std::string AdvertiseHost(const ServerOptions& options) {
  if (!options.advertise_host.empty()) return options.advertise_host;
  if (options.host != "0.0.0.0" && options.host != "::" && !options.host.empty()) return options.host;
  std::string found = "127.0.0.1";
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return found;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN];
    auto* in = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
    if (!inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) continue;
    if (std::string(buf).rfind("127.", 0) == 0) continue;
    found = buf;
    break;
  }
  freeifaddrs(list);
  return found;
}

Status RegisterClusterNode(storage::EtcdStore& store, const ServerOptions& options, int http_port, int grpc_port) {
  const std::string address = AdvertiseHost(options) + ":" + std::to_string(http_port);
  nlohmann::json info{{"address", address}, {"grpcPort", grpc_port}};
  LEVER_RETURN_IF_ERROR(store.RegisterNode(address, info.dump()));
  spdlog::get("server")->info("event=cluster_node_registered address={} grpc_port={}", address, grpc_port);
  return Status::Ok();
}

std::vector<std::string> LiveNodes(storage::EtcdStore& store, const std::string& self) {
  auto nodes = store.ListNodes();
  if (!nodes.ok()) {
    spdlog::get("server")->warn("event=cluster_nodes_failed error=\"{}\"", nodes.status().ToString());
    return {self};
  }
  std::vector<std::string> out;
  for (const auto& node : *nodes) out.push_back(node.address);
  return out;
}

}  // namespace lever::app
