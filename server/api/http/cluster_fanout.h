// Listener queries across a cluster (nacos-protocol.md §4.6: "merged over all cluster nodes").
#pragma once

#include "api/http/http_router.h"
#include "api/http/json_views.h"
#include "api/http/routes.h"

namespace lever::http {

// In cluster mode, asks every other live node the same listener query (same path and
// parameters, plus `leverLocal=true` so a node answers for itself only; the caller's
// Authorization header goes along) and merges their `lisentersGroupkeyStatus` entries into
// `local`. Nodes that do not answer within 2 s are left out. On a single node, or for a request
// that is itself such a peer query, returns `local` unchanged.
Json MergeClusterListeners(const HandlerDeps& deps, const HttpRequest& req, Json local);

}  // namespace lever::http
