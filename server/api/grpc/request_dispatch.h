// RequestDispatcher — the unary /Request/request entry point: finds the connection of the
// call's transport, picks the handler by Metadata.type and encodes the reply, in the order of
// Nacos's GrpcRequestAcceptor (nacos-protocol.md §8.5): ServerCheck is answered for any
// transport; an unknown type gets 302, an unregistered transport 301, a body that is not a JSON
// object 502. Handlers that block (durable writes) run on the worker pool; the rest inline.
//
// Thread safety: Handle() is called concurrently by gRPC threads.
#pragma once

#include <string>
#include <unordered_map>

#include "api/grpc/config_handlers.h"

class Payload;
namespace grpc {
class CallbackServerContext;
class ServerUnaryReactor;
}  // namespace grpc

namespace lever::rpc {

class RequestDispatcher {
 public:
  explicit RequestDispatcher(Runtime* runtime);

  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* ctx, const Payload* request,
                                   Payload* response);

 private:
  using HandlerFn = Reply (*)(const RequestContext&);
  struct Handler {
    HandlerFn fn;
    bool blocking;  // runs on the worker pool
  };

  Runtime* runtime_;
  std::unordered_map<std::string, Handler> handlers_;
};

}  // namespace lever::rpc
