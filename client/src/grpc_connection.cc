#include "grpc_connection.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "internal.h"
#include "nacos_grpc_service.grpc.pb.h"

namespace lever::detail {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

const char kClientVersion[] = "Nacos-Lever-Client:v0.1.0";

std::chrono::system_clock::time_point DeadlineIn(std::chrono::milliseconds timeout) {
  return std::chrono::system_clock::now() + timeout;
}

}  // namespace

struct GrpcConnection::Rpc {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<Request::Stub> stub;
  std::unique_ptr<BiRequestStream::Stub> stream_stub;
  grpc::ClientContext stream_context;
  std::unique_ptr<grpc::ClientReaderWriter<Payload, Payload>> stream;
};

GrpcConnection::GrpcConnection(ServerAddress server, GrpcSettings settings, Handlers handlers)
    : server_(std::move(server)), settings_(std::move(settings)), handlers_(std::move(handlers)),
      rpc_(std::make_unique<Rpc>()) {
  Touch();
}

GrpcConnection::~GrpcConnection() { Close(); }

Result<std::unique_ptr<GrpcConnection>> GrpcConnection::Open(const ServerAddress& server,
                                                             const GrpcSettings& settings,
                                                             Handlers handlers) {
  std::unique_ptr<GrpcConnection> conn(new GrpcConnection(server, settings, std::move(handlers)));
  if (auto started = conn->Start(); !started.ok()) {
    conn->Close();
    return started.error();
  }
  return conn;
}

Result<void> GrpcConnection::Start() {
  const std::string target = server_.host + ":" + std::to_string(server_.port + settings_.port_offset);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetMaxReceiveMessageSize(10 * 1024 * 1024);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  // A private subchannel: the connection is the identity on the server side, so never share it.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  rpc_->channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
  if (!rpc_->channel->WaitForConnected(DeadlineIn(settings_.timeout))) {
    return MakeError(ErrorCode::kUnavailable, "cannot connect to " + target);
  }
  rpc_->stub = Request::NewStub(rpc_->channel);
  rpc_->stream_stub = BiRequestStream::NewStub(rpc_->channel);

  auto check = Call("ServerCheckRequest", Json::object(), "internal");
  if (!check.ok()) return check.error();
  if (check->result_code() != 200) {
    return MakeError(ErrorCode::kUnavailable, "ServerCheck refused: " + check->message());
  }
  connection_id_ = check->body.value("connectionId", std::string());

  rpc_->stream = rpc_->stream_stub->requestBiStream(&rpc_->stream_context);
  Json labels = {{"source", "sdk"}, {"module", "config"}, {"AppName", settings_.app_name}, {"taskId", "0"}};
  Json setup = {{"clientVersion", kClientVersion},
                {"tenant", WireNamespace(settings_.namespace_id)},
                {"labels", labels},
                {"clientAbilities", Json::object()},
                {"headers", Json::object()},
                {"module", "internal"}};
  Answer("ConnectionSetupRequest", std::move(setup));
  reader_ = std::thread([this] { ReadLoop(); });

  // Registration happens when the server reads the setup; until then unary calls get 301.
  const auto give_up = Clock::now() + settings_.timeout;
  for (;;) {
    auto health = Call("HealthCheckRequest", Json::object(), "internal");
    if (!health.ok()) return health.error();
    if (health->result_code() == 200) break;
    if (closed() || Clock::now() > give_up) {
      return MakeError(ErrorCode::kUnavailable, "connection setup not accepted by " + target + ": " +
                                                    health->message());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ClientLog()->info("event=grpc_connected server={} connection_id={}", server_.ToString(), connection_id_);
  return Ok();
}

Result<GrpcReply> GrpcConnection::Call(const std::string& type, Json body, const std::string& module) {
  if (closed()) return MakeError(ErrorCode::kUnavailable, "connection closed");
  body["module"] = module;
  if (!body.contains("headers")) body["headers"] = Json::object();
  Payload request;
  request.mutable_metadata()->set_type(type);
  request.mutable_metadata()->set_clientip(settings_.client_ip);
  auto& headers = *request.mutable_metadata()->mutable_headers();
  headers["Client-AppName"] = settings_.app_name;
  headers["charset"] = "UTF-8";
  if (settings_.token) {
    if (std::string token = settings_.token(); !token.empty()) headers["accessToken"] = token;
  }
  request.mutable_body()->set_value(body.dump());
  grpc::ClientContext context;
  context.set_deadline(DeadlineIn(settings_.timeout));
  Payload response;
  grpc::Status status = rpc_->stub->request(&context, request, &response);
  if (!status.ok()) {
    return MakeError(ErrorCode::kUnavailable, type + " failed: " + status.error_message());
  }
  Touch();
  GrpcReply reply;
  reply.type = response.metadata().type();
  reply.body = Json::parse(response.body().value(), nullptr, false);
  if (!reply.body.is_object()) return MakeError(ErrorCode::kInternal, type + ": unparseable answer");
  return reply;
}

void GrpcConnection::Answer(const std::string& type, Json body) {
  Payload payload;
  payload.mutable_metadata()->set_type(type);
  payload.mutable_metadata()->set_clientip(settings_.client_ip);
  payload.mutable_body()->set_value(body.dump());
  std::lock_guard lock(write_mu_);
  if (rpc_->stream) rpc_->stream->Write(payload);
}

void GrpcConnection::ReadLoop() {
  Payload message;
  while (rpc_->stream->Read(&message)) {
    Touch();
    const std::string type = message.metadata().type();
    Json body = Json::parse(message.body().value(), nullptr, false);
    if (!body.is_object()) continue;
    const std::string request_id = body.value("requestId", std::string());
    Json ack = {{"resultCode", 200}, {"errorCode", 0}, {"success", true}, {"requestId", request_id}};
    if (type == "ConfigChangeNotifyRequest") {
      Answer("ConfigChangeNotifyResponse", ack);
    } else if (type == "ClientDetectionRequest") {
      Answer("ClientDetectionResponse", ack);
    } else if (type == "ConnectResetRequest") {
      Answer("ConnectResetResponse", ack);
    } else if (type == "ClientConfigMetricRequest") {
      ack["metrics"] = Json::object();
      Answer("ClientConfigMetricResponse", ack);
    } else {
      continue;  // SetupAckRequest and anything unknown need no answer
    }
    if (handlers_.on_push) handlers_.on_push(type, body);
  }
  closed_.store(true);
  ClientLog()->info("event=grpc_stream_closed server={} connection_id={}", server_.ToString(), connection_id_);
  if (handlers_.on_closed) handlers_.on_closed();
}

void GrpcConnection::Close() {
  if (rpc_->stream) {
    rpc_->stream_context.TryCancel();
    if (reader_.joinable()) reader_.join();
    std::lock_guard lock(write_mu_);
    (void)rpc_->stream->Finish();
    rpc_->stream.reset();
  }
  closed_.store(true);
}

void GrpcConnection::Touch() {
  last_activity_ns_.store(Clock::now().time_since_epoch().count());
}

Clock::time_point GrpcConnection::last_activity() const {
  return Clock::time_point(Clock::duration(last_activity_ns_.load()));
}

}  // namespace lever::detail
