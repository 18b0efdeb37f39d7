// Handlers of the config requests of nacos-protocol.md §8.7. Each one reads its JSON body, calls
// core::ConfigService (or the connection's listen set), and maps a failed Status through
// status_mapping.h into the request's own response type.
//
// Thread safety: handlers may run concurrently on gRPC threads (reads, listens) and on worker
// threads (publish and remove, which block until the write is durable).
#pragma once

#include <string>

#include "api/grpc/payload_json.h"

namespace lever::rpc {

struct Runtime;
class Connection;

struct RequestContext {
  Runtime& runtime;
  Connection& connection;
  const InboundMessage& message;
  const Json& body;
};

// A response: Metadata.type and the JSON body (with `success` already added).
struct Reply {
  std::string type;
  Json body;
};

Reply HandleConfigQuery(const RequestContext& r);
Reply HandleConfigPublish(const RequestContext& r);
Reply HandleConfigRemove(const RequestContext& r);
Reply HandleConfigBatchListen(const RequestContext& r);

// An ErrorResponse (§8.6).
Reply ErrorReply(int error_code, const std::string& message);

}  // namespace lever::rpc
