// libFuzzer target: decoding of Nacos gRPC payloads (nacos-protocol.md §8.2, §8.4, §8.7), the way
// RequestDispatcher and the config handlers take a message apart: the Payload protobuf, the JSON
// body, every field accessor the handlers use (with Jackson-like coercions), the key validation
// the core applies to what they extract, and the JSON encoding of a reply that echoes it (invalid
// UTF-8 included), each hand-written codec checked against nlohmann's. First byte 0: the rest is
// a serialized Payload; otherwise the input is a body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "../support/json_identical.h"
#include "api/grpc/payload_json.h"
#include "core/validation.h"
#include "nacos_grpc_service.pb.h"

namespace {

using lever::rpc::Json;

void CheckKey(const Json& object) {
  static const lever::core::Limits limits;
  const std::string data_id = lever::rpc::StringField(object, "dataId");
  const std::string group = lever::rpc::StringField(object, "group");
  const std::string tenant = lever::core::NormalizeTenant(lever::rpc::StringField(object, "tenant"));
  (void)lever::core::ValidateDataId(data_id, limits);
  (void)lever::core::ValidateGroup(group, limits);
  (void)lever::core::ValidateTenant(tenant, limits);
  (void)lever::core::ValidateTag(lever::rpc::StringField(object, "tag"), limits);
  (void)lever::rpc::StringField(object, "md5");
}

void Reply(const lever::rpc::InboundMessage& msg, const Json& body) {
  Json reply = lever::rpc::ResponseBody(200, 0, lever::rpc::StringField(body, "message"),
                                        lever::rpc::StringField(body, "requestId"));
  reply["content"] = lever::rpc::StringField(body, "content");
  reply["accessToken"] = lever::rpc::HeaderOf(msg, body, "accessToken");
  reply["tag"] = lever::rpc::HeaderOf(msg, body, "Vipserver-Tag");
  lever::rpc::FinishResponse(reply);
  Payload out;
  lever::rpc::EncodePayload(msg.type, reply, &out);
  if (!lever::rpc::ParseBody(out.body().value())) std::abort();  // what we send must be a JSON object
}

// The push path's codecs must agree with the tree-based ones on every input: the read of a push
// answer with StringField/IntField, the hand-written notify body with the JSON tree's encoding.
void CrossCheckPushCodecs(const std::string& text, const std::optional<Json>& body) {
  const auto answer = lever::rpc::ParsePushAnswer(text);
  if (answer.has_value() != body.has_value()) std::abort();
  if (body) {
    if (answer->request_id != lever::rpc::StringField(*body, "requestId")) std::abort();
    if (answer->result_code != lever::rpc::IntField(*body, "resultCode", 200)) std::abort();
    // Push request ids are never empty (PushBody leaves an empty one out).
    const std::string rid = answer->request_id.empty() ? "1" : answer->request_id;
    Json tree = lever::rpc::PushBody(rid);
    tree["dataId"] = lever::rpc::StringField(*body, "dataId");
    tree["group"] = lever::rpc::StringField(*body, "group");
    tree["tenant"] = lever::rpc::StringField(*body, "tenant");
    lever::rpc::AddModule(tree, "config");
    const std::string fast = lever::rpc::NotifyBodyText(rid, lever::rpc::StringField(*body, "dataId"),
                                                        lever::rpc::StringField(*body, "group"),
                                                        lever::rpc::StringField(*body, "tenant"));
    if (fast != tree.dump(-1, ' ', false, Json::error_handler_t::replace)) std::abort();
  }
}

// The one-pass body reader (ParseBody) must build exactly the tree nlohmann's parser builds, and
// reject exactly what it rejects.
void CrossCheckBodyReader(const std::string& text, const std::optional<Json>& body) {
  Json reference = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool is_object = !reference.is_discarded() && reference.is_object();
  if (body.has_value() != is_object) std::abort();
  if (body && !lever::testing::IdenticalJson(*body, reference)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lever::rpc::InboundMessage msg;
  if (size > 0 && data[0] == 0) {
    Payload payload;
    if (!payload.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
    msg = lever::rpc::DecodePayload(payload);
  } else {
    msg.type = "ConfigBatchListenRequest";
    msg.body.assign(reinterpret_cast<const char*>(data), size);
  }
  auto body = lever::rpc::ParseBody(msg.body);
  CrossCheckBodyReader(msg.body, body);
  CrossCheckPushCodecs(msg.body, body);
  if (!body) return 0;
  if (!body->is_object()) std::abort();
  CheckKey(*body);
  (void)lever::rpc::BoolField(*body, "listen", true);
  (void)lever::rpc::IntField(*body, "lastModified", 0);
  (void)lever::rpc::StringField(*body, "casMd5");
  if (auto addition = body->find("additionMap"); addition != body->end() && addition->is_object()) {
    for (const char* name : {"type", "appName", "desc", "config_tags", "betaIps", "tag", "src_user"}) {
      (void)lever::rpc::StringField(*addition, name);
    }
    static const lever::core::Limits limits;
    (void)lever::core::NormalizeType(lever::rpc::StringField(*addition, "type"));
    (void)lever::core::ValidatePublishMetadata(
        {lever::rpc::StringField(*addition, "appName"), lever::rpc::StringField(*addition, "desc"), "", "", "",
         lever::rpc::StringField(*addition, "config_tags")},
        limits);
  }
  if (auto contexts = body->find("configListenContexts"); contexts != body->end() && contexts->is_array()) {
    for (const Json& context : *contexts) {
      if (context.is_object()) CheckKey(context);
    }
  }
  if (auto labels = body->find("labels"); labels != body->end() && labels->is_object()) {
    for (const auto& [key, value] : labels->items()) {
      (void)(value.is_string() ? value.get<std::string>() : value.dump());  // as Connection::HandleSetup
    }
  }
  Reply(msg, *body);
  return 0;
}
