#include "support/grpc_test_client.h"

#include <grpcpp/grpcpp.h>

#include <thread>

#include "nacos_grpc_service.grpc.pb.h"

namespace lever::testing {

namespace {

using Json = nlohmann::json;

Payload MakePayload(const std::string& type, const std::string& client_ip,
                    const std::map<std::string, std::string>& headers, const std::string& body) {
  Payload p;
  p.mutable_metadata()->set_type(type);
  p.mutable_metadata()->set_clientip(client_ip);
  for (const auto& [k, v] : headers) (*p.mutable_metadata()->mutable_headers())[k] = v;
  p.mutable_body()->set_value(body);  // type_url stays empty, as in every SDK
  return p;
}

Json ParseOrNull(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

const char* ClientVersion(SdkFlavor f) {
  switch (f) {
    case SdkFlavor::kJava:
      return "Nacos-Java-Client:v2.5.1";
    case SdkFlavor::kGo:
      return "Nacos-Go-Client:v2.3.5";
    case SdkFlavor::kPython:
      return "Nacos-Python-Client:v3.2.0";
  }
  return "";
}

}  // namespace

// The bi-stream on the client callback API; writes are queued, one in flight.
class NacosGrpcClient::Stream : public grpc::ClientBidiReactor<Payload, Payload> {
 public:
  explicit Stream(NacosGrpcClient* owner) : owner_(owner) {}

  void Start(BiRequestStream::Stub* stub) {
    stub->async()->requestBiStream(&ctx_, this);
    StartRead(&read_);
    StartCall();
  }
  void Write(Payload p) {
    {
      std::lock_guard lock(mu_);
      if (done_) return;
      if (writing_) {
        pending_.push_back(std::move(p));
        return;
      }
      writing_ = true;
      current_ = std::move(p);
    }
    StartWrite(&current_);
  }
  void Cancel() { ctx_.TryCancel(); }
  bool WaitDone(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return done_; });
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    ServerMessage msg;
    msg.type = read_.metadata().type();
    msg.raw_body = read_.body().value();
    msg.body = ParseOrNull(msg.raw_body);
    msg.received = std::chrono::steady_clock::now();
    owner_->OnServerMessage(std::move(msg));
    StartRead(&read_);
  }
  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    if (!ok || pending_.empty()) {
      writing_ = false;
      pending_.clear();
      return;
    }
    current_ = std::move(pending_.front());
    pending_.pop_front();
    StartWrite(&current_);
  }
  void OnDone(const grpc::Status&) override {
    owner_->OnStreamDone();
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

 private:
  NacosGrpcClient* owner_;
  grpc::ClientContext ctx_;
  Payload read_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Payload> pending_;
  Payload current_;
  bool writing_ = false;
  bool done_ = false;
};

NacosGrpcClient::NacosGrpcClient(GrpcClientOptions options)
    : options_(std::move(options)), auto_ack_(options_.auto_ack) {
  grpc::ChannelArguments args;
  // One channel = one TCP connection: never share the subchannel with another client.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(10 * 1024 * 1024);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS,
              options_.flavor == SdkFlavor::kJava ? 6 * 60 * 1000 : 60 * 1000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, options_.flavor == SdkFlavor::kGo ? 1 : 0);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options_.tls_root_cert_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options_.tls_root_cert_pem;
    credentials = grpc::SslCredentials(ssl);
    args.SetSslTargetNameOverride(options_.tls_server_name);
  }
  auto channel = grpc::CreateCustomChannel(options_.target, credentials, args);
  stub_ = std::shared_ptr<::Request::Stub>(::Request::NewStub(channel));
  stream_stub_ = std::shared_ptr<BiRequestStream::Stub>(BiRequestStream::NewStub(channel));
  channel_ = channel;
}

NacosGrpcClient::~NacosGrpcClient() { Disconnect(); }

bool NacosGrpcClient::Connect(std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return false;
  };
  GrpcReply check = ServerCheck();
  if (!check.rpc_ok) return fail("ServerCheck rpc: " + check.rpc_error);
  if (check.type != "ServerCheckResponse")
    return fail("ServerCheck answered " + check.type + " " + check.raw_body);
  if (!OpenStream()) return fail("cannot open bi-stream");
  SendSetup();
  const bool sends_table = options_.flavor != SdkFlavor::kGo;
  if (negotiated_ && sends_table) {
    if (!WaitForType("SetupAckRequest", std::chrono::milliseconds(5000)))
      return fail("no SetupAckRequest in 5 s");
  } else {
    std::this_thread::sleep_for(options_.setup_grace);
  }
  return true;
}

std::unique_ptr<NacosGrpcClient> NacosGrpcClient::ConnectTo(int grpc_port,
                                                            GrpcClientOptions options,
                                                            std::string* error) {
  options.target = "127.0.0.1:" + std::to_string(grpc_port);
  auto client = std::make_unique<NacosGrpcClient>(std::move(options));
  if (!client->Connect(error)) return nullptr;
  return client;
}

void NacosGrpcClient::Disconnect() {
  if (stream_) {
    stream_->Cancel();
    stream_->WaitDone(std::chrono::seconds(10));
    stream_.reset();
  }
  stream_stub_.reset();
  stub_.reset();
  channel_.reset();
}

GrpcReply NacosGrpcClient::ServerCheck() {
  Json body = Json::object();
  switch (options_.flavor) {
    case SdkFlavor::kJava:
      body = {{"headers", Json::object()}, {"module", "internal"}};
      break;
    case SdkFlavor::kGo:
      body = {{"requestId", ""}, {"module", "internal"}};
      break;
    case SdkFlavor::kPython:
      body = {{"headers", Json::object()}, {"requestId", ""}, {"module", ""}};
      break;
  }
  GrpcReply reply = RawRequest("ServerCheckRequest", body.dump());
  connection_id_ = reply.body.is_object() ? reply.body.value("connectionId", std::string()) : "";
  negotiated_ = reply.body.is_object() && reply.body.value("supportAbilityNegotiation", false);
  return reply;
}

bool NacosGrpcClient::OpenStream() {
  if (!stream_stub_) return false;
  {
    std::lock_guard lock(mutex_);
    stream_done_ = false;
  }
  stream_ = std::make_unique<Stream>(this);
  stream_->Start(static_cast<BiRequestStream::Stub*>(stream_stub_.get()));
  return true;
}

void NacosGrpcClient::SendSetup() {
  Json labels = {{"source", "sdk"}, {"module", "config"}, {"AppName", "unknown"}, {"taskId", "0"}};
  for (const auto& [k, v] : options_.extra_labels) labels[k] = v;
  Json body = Json::object();
  switch (options_.flavor) {
    case SdkFlavor::kJava:
      body = {{"headers", Json::object()},      {"clientVersion", ClientVersion(options_.flavor)},
              {"tenant", options_.tenant},      {"labels", labels},
              {"abilityTable", Json::object()}, {"module", "internal"}};
      break;
    case SdkFlavor::kGo:
      body = {{"requestId", ""},
              {"clientVersion", ClientVersion(options_.flavor)},
              {"tenant", options_.tenant},
              {"labels", labels},
              {"clientAbilities", Json::object()},
              {"module", "internal"}};
      break;
    case SdkFlavor::kPython:
      body = {{"headers", Json::object()},
              {"requestId", ""},
              {"clientVersion", ClientVersion(options_.flavor)},
              {"tenant", options_.tenant},
              {"labels", labels},
              {"abilityTable", {{"supportPersistentInstanceByGrpc", false}}},
              {"module", "internal"}};
      break;
  }
  SendOnStream("ConnectionSetupRequest", body);
}

std::map<std::string, std::string> NacosGrpcClient::CommonHeaders() const {
  std::map<std::string, std::string> h;
  const auto ts = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  if (options_.flavor == SdkFlavor::kPython) {
    if (!options_.access_token.empty()) h["accessToken"] = options_.access_token;
    return h;
  }
  h["Client-AppName"] = options_.flavor == SdkFlavor::kJava ? "unknown" : "";
  h["Client-RequestTS"] = ts;
  h["Client-RequestToken"] = "0123456789abcdef0123456789abcdef";
  h["exConfigInfo"] = "true";
  h["charset"] = options_.flavor == SdkFlavor::kJava ? "UTF-8" : "utf-8";
  if (!options_.access_token.empty()) h["accessToken"] = options_.access_token;
  return h;
}

void NacosGrpcClient::AddCommonFields(Json& body, const std::string& module) const {
  switch (options_.flavor) {
    case SdkFlavor::kJava:
      body["headers"] = Json::object();  // Java clears headers before serializing
      break;
    case SdkFlavor::kGo:
      body["requestId"] = "";
      break;
    case SdkFlavor::kPython: {
      Json headers = Json::object();
      for (const auto& [k, v] : CommonHeaders()) headers[k] = v;
      body["headers"] = headers;
      body["requestId"] = "";
      break;
    }
  }
  body["module"] = module;
}

GrpcReply NacosGrpcClient::Request(const std::string& type, Json body,
                                   const std::map<std::string, std::string>& extra_headers) {
  const bool internal = type == "HealthCheckRequest" || type == "ServerCheckRequest" ||
                        type == "ServerLoaderInfoRequest" || type == "ServerReloadRequest";
  AddCommonFields(body, internal ? "internal" : "config");
  auto headers = internal ? std::map<std::string, std::string>{} : CommonHeaders();
  for (const auto& [k, v] : extra_headers) headers[k] = v;
  return Call(MakePayload(type, options_.client_ip, headers, body.dump()));
}

GrpcReply NacosGrpcClient::RawRequest(const std::string& type, const std::string& raw_body) {
  return Call(MakePayload(type, options_.client_ip, {}, raw_body));
}

GrpcReply NacosGrpcClient::Call(const Payload& request) {
  GrpcReply reply;
  auto* stub = static_cast<::Request::Stub*>(stub_.get());
  if (!stub) {
    reply.rpc_error = "disconnected";
    return reply;
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.rpc_timeout);
  Payload response;
  grpc::Status status = stub->request(&ctx, request, &response);
  reply.rpc_ok = status.ok();
  reply.rpc_error = status.error_message();
  reply.type = response.metadata().type();
  reply.client_ip = response.metadata().clientip();
  reply.header_count = response.metadata().headers_size();
  reply.type_url = response.body().type_url();
  reply.raw_body = response.body().value();
  reply.body = ParseOrNull(reply.raw_body);
  return reply;
}

GrpcReply NacosGrpcClient::HealthCheck() { return Request("HealthCheckRequest", Json::object()); }

GrpcReply NacosGrpcClient::Query(const std::string& data_id, const std::string& group,
                                 const std::string& tenant, const std::string& tag, bool notify) {
  Json body = {{"dataId", data_id}, {"group", group}, {"tenant", tenant}};
  if (!tag.empty() || options_.flavor == SdkFlavor::kGo) body["tag"] = tag;  // Go always sends it
  if (options_.flavor == SdkFlavor::kJava) body["notify"] = false;           // getter-derived
  return Request("ConfigQueryRequest", body, {{"notify", notify ? "true" : "false"}});
}

GrpcReply NacosGrpcClient::Publish(const std::string& data_id, const std::string& group,
                                   const std::string& tenant, const std::string& content,
                                   const Json& addition, const std::string& cas_md5) {
  Json map = Json::object();
  const Json blank = options_.flavor == SdkFlavor::kJava ? Json() : Json("");
  for (const char* key : {"type", "appName", "tag", "betaIps"}) map[key] = blank;
  map["encryptedDataKey"] = "";
  for (const auto& [k, v] : addition.items()) map[k] = v;
  Json body = {{"dataId", data_id}, {"group", group}, {"tenant", tenant}, {"content", content}};
  if (!cas_md5.empty() || options_.flavor == SdkFlavor::kGo) body["casMd5"] = cas_md5;
  body["additionMap"] = map;
  return Request("ConfigPublishRequest", body);
}

GrpcReply NacosGrpcClient::Remove(const std::string& data_id, const std::string& group,
                                  const std::string& tenant, const std::string& tag) {
  Json body = {{"dataId", data_id}, {"group", group}, {"tenant", tenant}};
  if (!tag.empty()) body["tag"] = tag;
  return Request("ConfigRemoveRequest", body);
}

GrpcReply NacosGrpcClient::BatchListen(bool listen, const std::vector<ListenContext>& contexts) {
  Json ctxs = Json::array();
  for (const auto& c : contexts) {
    ctxs.push_back(
        {{"group", c.group}, {"md5", c.md5}, {"dataId", c.data_id}, {"tenant", c.tenant}});
  }
  Json body = {{"listen", listen}, {"configListenContexts", ctxs}};
  if (options_.flavor == SdkFlavor::kGo) {
    body["group"] = "";
    body["dataId"] = "";
    body["tenant"] = "";
  }
  return Request("ConfigBatchListenRequest", body);
}

void NacosGrpcClient::SendOnStream(const std::string& type, const Json& body) {
  if (!stream_) return;
  stream_->Write(MakePayload(type, options_.client_ip, {}, body.dump()));
}

void NacosGrpcClient::Ack(const ServerMessage& request, const std::string& type, int result_code) {
  std::string reply_type = type;
  if (reply_type.empty()) {
    reply_type = request.type;
    reply_type.replace(reply_type.size() - std::string("Request").size(), std::string::npos,
                       "Response");
    if (request.type == "ConfigChangeNotifyRequest" && options_.flavor == SdkFlavor::kGo) {
      reply_type = "NotifySubscriberResponse";  // what the Go SDK really sends
    }
  }
  Json body = {{"resultCode", result_code},
               {"errorCode", result_code == 200 ? 0 : result_code},
               {"requestId", request.request_id()},
               {"success", result_code == 200}};
  SendOnStream(reply_type, body);
}

void NacosGrpcClient::set_auto_ack(bool on) {
  std::lock_guard lock(mutex_);
  auto_ack_ = on;
}

void NacosGrpcClient::OnServerMessage(ServerMessage msg) {
  bool ack = false;
  {
    std::lock_guard lock(mutex_);
    ack = auto_ack_ &&
          (msg.type == "ConfigChangeNotifyRequest" || msg.type == "ClientDetectionRequest" ||
           (msg.type == "ConnectResetRequest" && options_.flavor != SdkFlavor::kPython));
    history_.push_back(msg);
    inbox_.push_back(msg);
  }
  cv_.notify_all();
  if (ack) Ack(msg);
}

void NacosGrpcClient::OnStreamDone() {
  std::lock_guard lock(mutex_);
  stream_done_ = true;
  cv_.notify_all();
}

std::optional<ServerMessage> NacosGrpcClient::WaitFor(
    const std::function<bool(const ServerMessage&)>& pred, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::optional<ServerMessage> found;
  cv_.wait_for(lock, timeout, [&] {
    for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
      if (pred(*it)) {
        found = std::move(*it);
        inbox_.erase(it);
        return true;
      }
    }
    return false;
  });
  return found;
}

std::optional<ServerMessage> NacosGrpcClient::WaitForType(const std::string& type,
                                                          std::chrono::milliseconds timeout) {
  return WaitFor([&](const ServerMessage& m) { return m.type == type; }, timeout);
}

std::optional<ServerMessage> NacosGrpcClient::WaitForNotify(const std::string& data_id,
                                                            std::chrono::milliseconds timeout) {
  return WaitFor(
      [&](const ServerMessage& m) {
        return m.type == "ConfigChangeNotifyRequest" && m.body.is_object() &&
               m.body.value("dataId", std::string()) == data_id;
      },
      timeout);
}

std::vector<ServerMessage> NacosGrpcClient::History() const {
  std::lock_guard lock(mutex_);
  return history_;
}

size_t NacosGrpcClient::CountReceived(const std::string& type) const {
  std::lock_guard lock(mutex_);
  size_t n = 0;
  for (const auto& m : history_) n += m.type == type;
  return n;
}

bool NacosGrpcClient::stream_done() const {
  std::lock_guard lock(mutex_);
  return stream_done_;
}

bool NacosGrpcClient::WaitStreamDone(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return stream_done_; });
}

}  // namespace lever::testing
