#include "api/grpc/request_dispatch.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "api/grpc/connection.h"
#include "api/grpc/grpc_runtime.h"
#include "api/grpc/status_mapping.h"
#include "nacos_grpc_service.pb.h"

namespace lever::rpc {

namespace {

Reply Success(const char* type) {
  Json body = SuccessBody();
  FinishResponse(body);
  return {type, std::move(body)};
}

Reply HandleHealthCheck(const RequestContext&) { return Success("HealthCheckResponse"); }

Reply HandleServerLoaderInfo(const RequestContext& r) {
  Json body = SuccessBody();
  Json metrics = Json::object();
  metrics["conCount"] = std::to_string(r.runtime.stats.connections.load());
  metrics["sdkConCount"] = metrics["conCount"];
  metrics["load"] = "0";
  metrics["cpu"] = "0";
  body["loaderMetrics"] = std::move(metrics);
  FinishResponse(body);
  return {"ServerLoaderInfoResponse", std::move(body)};
}

// A single node has nothing to rebalance; Nacos answers success as well when nothing moves.
Reply HandleServerReload(const RequestContext&) { return Success("ServerReloadResponse"); }

// Cluster-only messages are refused on the SDK port (§8.5).
Reply HandleClusterOnly(const RequestContext& r) {
  return ErrorReply(kCodeBadRequest, " invoke " + r.message.type + " from sdk is forbidden");
}

Reply ServerCheckReply(Runtime& runtime, const std::string& peer) {
  Json body = SuccessBody();
  body["connectionId"] = runtime.registry.IdForPeer(peer);
  body["supportAbilityNegotiation"] = runtime.options.ability_negotiation;
  FinishResponse(body);
  return {"ServerCheckResponse", std::move(body)};
}

}  // namespace

RequestDispatcher::RequestDispatcher(Runtime* runtime) : runtime_(runtime) {
  handlers_ = {
      {"HealthCheckRequest", {&HandleHealthCheck, false}},
      {"ServerLoaderInfoRequest", {&HandleServerLoaderInfo, false}},
      {"ServerReloadRequest", {&HandleServerReload, false}},
      {"ConfigQueryRequest", {&HandleConfigQuery, false}},
      {"ConfigBatchListenRequest", {&HandleConfigBatchListen, false}},
      {"ConfigPublishRequest", {&HandleConfigPublish, true}},
      {"ConfigRemoveRequest", {&HandleConfigRemove, true}},
      {"ConfigChangeClusterSyncRequest", {&HandleClusterOnly, false}},
  };
}

grpc::ServerUnaryReactor* RequestDispatcher::Handle(grpc::CallbackServerContext* ctx,
                                                    const Payload* request, Payload* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Runtime& rt = *runtime_;
  auto finish = [&rt, reactor, response](const Reply& reply) {
    rt.stats.requests.fetch_add(1, std::memory_order_relaxed);
    if (!reply.body.value("success", false))
      rt.stats.request_errors.fetch_add(1, std::memory_order_relaxed);
    EncodePayload(reply.type, reply.body, response);
    reactor->Finish(grpc::Status::OK);
  };

  auto msg = std::make_shared<InboundMessage>(DecodePayload(*request));
  if (msg->type == "ServerCheckRequest") {
    finish(ServerCheckReply(rt, ctx->peer()));
    return reactor;
  }
  auto handler = handlers_.find(msg->type);
  if (handler == handlers_.end()) {
    GrpcLog().debug("event=no_handler type={} peer={}", msg->type, ctx->peer());
    finish(ErrorReply(kCodeNoHandler, "RequestHandler Not Found"));
    return reactor;
  }
  std::shared_ptr<Connection> conn = rt.registry.Find(ctx->peer());
  if (!conn || !conn->registered()) {
    finish(ErrorReply(kCodeUnregistered, "Connection is unregistered."));
    return reactor;
  }
  conn->Touch();
  auto body = ParseBody(msg->body);
  if (!body) {
    finish(ErrorReply(kCodeBadRequest, "Invalid request: body is not a JSON object"));
    return reactor;
  }
  auto run = [finish, fn = handler->second.fn, conn, msg, body = std::move(*body), &rt] {
    finish(fn(RequestContext{rt, *conn, *msg, body}));
  };
  if (!handler->second.blocking) {
    run();
  } else if (!rt.workers.Post(std::move(run))) {
    finish(ErrorReply(kCodeServerError, "server is shutting down"));
  }
  return reactor;
}

}  // namespace lever::rpc
