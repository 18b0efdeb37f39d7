// NacosGrpcClient — a test client that speaks Nacos 2.x gRPC exactly as the SDKs do
// (nacos-protocol.md §8.5–§8.7): Metadata.type, Metadata.clientIp and the SDK's Metadata.headers,
// bodies in each SDK's shape (Java: "headers":{} and "module"; Go: "requestId":"" and extra
// top-level key fields; Python: headers repeated in the body), one channel (= one HTTP/2
// connection) per client carrying both the unary calls and the bi-stream.
//
// The bi-stream runs on the grpc++ client callback API, so thousands of clients in one test
// process cost no thread each. By default the client answers server pushes the way its SDK does
// (auto_ack); tests that need silence or other answers turn that off and call Ack().
//
// Thread safety: every method may be called from any thread; one test thread at a time is the
// intended use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

class Payload;  // generated from proto/nacos_grpc_service.proto (no package)

namespace lever::testing {

enum class SdkFlavor { kJava, kGo, kPython };

struct GrpcReply {
  bool rpc_ok = false;      // the gRPC status was OK
  std::string rpc_error;    // its message otherwise
  std::string type;         // Metadata.type of the reply
  std::string type_url;     // Any.type_url (must be empty)
  std::string client_ip;    // Metadata.clientIp of the reply (must be empty)
  size_t header_count = 0;  // Metadata.headers of the reply (must be none)
  std::string raw_body;     // Any.value
  nlohmann::json body;      // parsed raw_body; null when it is not JSON

  int result_code() const { return body.value("resultCode", -1); }
  int error_code() const { return body.value("errorCode", -1); }
  bool success() const { return body.value("success", false); }
};

// A server->client message received on the bi-stream.
struct ServerMessage {
  std::string type;
  std::string raw_body;
  nlohmann::json body;
  std::chrono::steady_clock::time_point received;
  std::string request_id() const { return body.value("requestId", std::string()); }
};

struct ListenContext {
  std::string data_id;
  std::string group;
  std::string tenant;
  std::string md5;
};

struct GrpcClientOptions {
  std::string target;  // "127.0.0.1:<grpc port>"
  SdkFlavor flavor = SdkFlavor::kJava;
  std::string client_ip = "127.0.0.1";              // Metadata.clientIp on every message
  std::string tenant;                               // ConnectionSetupRequest.tenant
  std::map<std::string, std::string> extra_labels;  // e.g. Vipserver-Tag
  std::string access_token;                         // Metadata.headers.accessToken when non-empty
  // TLS: the PEM of the CA (or self-signed certificate) to trust; "" = plaintext channel. The
  // server name checked against the certificate is `tls_server_name`.
  std::string tls_root_cert_pem;
  std::string tls_server_name = "localhost";
  bool auto_ack = true;  // answer notify / detection / reset like the SDK
  // After the setup: wait for SetupAckRequest when negotiated (Java >= 2.3, Python), else sleep
  // this long (the SDKs' 100 ms).
  std::chrono::milliseconds setup_grace{100};
  std::chrono::milliseconds rpc_timeout{3000};  // SDK default request timeout
};

class NacosGrpcClient {
 public:
  explicit NacosGrpcClient(GrpcClientOptions options);
  ~NacosGrpcClient();
  NacosGrpcClient(const NacosGrpcClient&) = delete;
  NacosGrpcClient& operator=(const NacosGrpcClient&) = delete;

  // The SDK start sequence: ServerCheck, open the bi-stream, ConnectionSetupRequest, then the
  // SetupAck wait or the grace sleep. False (with `error`) when a step fails.
  bool Connect(std::string* error = nullptr);
  // A client for 127.0.0.1:`grpc_port` that has completed Connect(); nullptr (with `error`) if
  // it could not.
  static std::unique_ptr<NacosGrpcClient> ConnectTo(int grpc_port, GrpcClientOptions options = {},
                                                    std::string* error = nullptr);
  // Drops the bi-stream and the channel (the TCP connection), as a crashed or closed SDK does.
  void Disconnect();

  // -- the individual steps --
  GrpcReply ServerCheck();
  bool OpenStream();
  void SendSetup();
  bool negotiated() const { return negotiated_; }
  const std::string& connection_id() const { return connection_id_; }

  // -- unary requests, shaped like the SDK's --
  // Adds the SDK's common fields and headers to `body` and sends it as `type`.
  GrpcReply Request(const std::string& type, nlohmann::json body,
                    const std::map<std::string, std::string>& extra_headers = {});
  // Sends `raw_body` verbatim (for malformed-body tests).
  GrpcReply RawRequest(const std::string& type, const std::string& raw_body);
  GrpcReply HealthCheck();
  GrpcReply Query(const std::string& data_id, const std::string& group, const std::string& tenant,
                  const std::string& tag = "", bool notify = false);
  // `addition`: additionMap entries; the SDK's defaults (type, appName, tag, betaIps,
  // encryptedDataKey) are filled in as null (Java) or "" (Go, Python) when absent.
  GrpcReply Publish(const std::string& data_id, const std::string& group, const std::string& tenant,
                    const std::string& content,
                    const nlohmann::json& addition = nlohmann::json::object(),
                    const std::string& cas_md5 = "");
  GrpcReply Remove(const std::string& data_id, const std::string& group, const std::string& tenant,
                   const std::string& tag = "");
  GrpcReply BatchListen(bool listen, const std::vector<ListenContext>& contexts);

  // -- the bi-stream --
  void SendOnStream(const std::string& type, const nlohmann::json& body);
  // Answers a server request: the SDK's response type unless `type` is given.
  void Ack(const ServerMessage& request, const std::string& type = "", int result_code = 200);
  void set_auto_ack(bool on);
  // Waits for (and removes from the inbox) the first message satisfying `pred`.
  std::optional<ServerMessage> WaitFor(const std::function<bool(const ServerMessage&)>& pred,
                                       std::chrono::milliseconds timeout);
  std::optional<ServerMessage> WaitForType(const std::string& type,
                                           std::chrono::milliseconds timeout);
  std::optional<ServerMessage> WaitForNotify(const std::string& data_id,
                                             std::chrono::milliseconds timeout);
  // Every message received so far (not consumed by WaitFor).
  std::vector<ServerMessage> History() const;
  size_t CountReceived(const std::string& type) const;
  bool stream_done() const;
  bool WaitStreamDone(std::chrono::milliseconds timeout);

 private:
  class Stream;
  friend class Stream;
  GrpcReply Call(const Payload& request);
  void OnServerMessage(ServerMessage msg);
  void OnStreamDone();
  std::map<std::string, std::string> CommonHeaders() const;
  void AddCommonFields(nlohmann::json& body, const std::string& module) const;

  GrpcClientOptions options_;
  std::shared_ptr<void> channel_;  // grpc::Channel, type-erased to keep grpc out of this header
  std::shared_ptr<void> stub_;     // Request::Stub
  std::shared_ptr<void> stream_stub_;
  std::unique_ptr<Stream> stream_;
  std::string connection_id_;
  bool negotiated_ = false;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<ServerMessage> inbox_;
  std::vector<ServerMessage> history_;
  bool auto_ack_;
  bool stream_done_ = false;
};

}  // namespace lever::testing
