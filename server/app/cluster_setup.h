// Cluster mode wiring (store = etcd, docs/operations.md): opening the EtcdStore from the options
// and registering this node once it serves.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/server_options.h"
#include "base/status.h"
#include "storage/etcd_store.h"

namespace lever::app {

// Opens the store on --etcd-endpoints / --etcd-prefix. InvalidArgument when no endpoint is given.
StatusOr<std::unique_ptr<storage::EtcdStore>> OpenEtcdStore(const ServerOptions& options);

// The host other nodes and clients reach this node at: --advertise-host, else --host unless it
// is a wildcard, else this machine's first non-loopback IPv4 address (127.0.0.1 when none).
std::string AdvertiseHost(const ServerOptions& options);

// Registers "<advertise host>:<http_port>" as a live node of the cluster.
Status RegisterClusterNode(storage::EtcdStore& store, const ServerOptions& options, int http_port, int grpc_port);

// The live nodes' host:port, for the cluster endpoints; on an etcd error, just `self`.
std::vector<std::string> LiveNodes(storage::EtcdStore& store, const std::string& self);

}  // namespace lever::app
