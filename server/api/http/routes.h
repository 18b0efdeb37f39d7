// Route registration, one function per API area. Each adds its routes to the router; handlers
// parse, call the core, and map the Status through error_mapping.h.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http/http_router.h"

namespace lever::core {
class ConfigService;
}
namespace lever::watch {
class WatchHub;
}
namespace lever::auth {
class Authorizer;
}

namespace lever::http {

class LongPollService;
class ConsoleEvents;

// Everything handlers may use. Owned by the app; outlives the HTTP server.
struct HandlerDeps {
  core::ConfigService* service = nullptr;
  watch::WatchHub* hub = nullptr;
  LongPollService* long_polls = nullptr;
  ConsoleEvents* console_events = nullptr;
  std::string version;
  bool auth_enabled = false;
  // Accounts and tokens; the login and users/roles/permissions routes exist only when set.
  auth::Authorizer* authorizer = nullptr;
  int http_port = 0;
  size_t max_listeners_per_request = 10000;  // records of one long-poll (nacos-protocol.md §5)
  // Renders extra text appended to /metrics (other modules' metrics), may be empty.
  std::function<std::string()> extra_metrics;
  // Renders the core server metrics (set by the HTTP server).
  std::function<std::string()> http_metrics;
  std::function<bool()> ready;
  // Cluster mode: the live nodes' host:port (registered in etcd). Unset on a single node, whose
  // cluster endpoints answer with the node itself.
  std::function<std::vector<std::string>()> cluster_nodes;
  std::function<std::string()> cluster_self;  // this node's host:port as registered
};

void AddConfigRoutes(HttpRouter& router, const HandlerDeps& deps);     // v1 + v2 config CRUD, search
void AddHistoryRoutes(HttpRouter& router, const HandlerDeps& deps);    // v1 + v2 history
void AddNamespaceRoutes(HttpRouter& router, const HandlerDeps& deps);  // v1 + v2 namespaces
void AddListenerRoutes(HttpRouter& router, const HandlerDeps& deps);   // long-poll, listener queries
void AddOpsRoutes(HttpRouter& router, const HandlerDeps& deps);        // health, state, metrics
void AddConsoleRoutes(HttpRouter& router, const HandlerDeps& deps);    // console live events
void AddClusterRoutes(HttpRouter& router, const HandlerDeps& deps);    // cluster nodes, serverlist
void AddAuthRoutes(HttpRouter& router, const HandlerDeps& deps);       // login, users, roles, permissions

// Every route of the HTTP port, in registration order: what HttpServer serves, and what the
// route-table test enumerates so that no route escapes the auth checks.
void AddAllRoutes(HttpRouter& router, const HandlerDeps& deps);

}  // namespace lever::http
