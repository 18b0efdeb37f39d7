#include "api/grpc/payload_json.h"

#include "nacos_grpc_service.pb.h"

namespace lever::rpc {

InboundMessage DecodePayload(const Payload& payload) {
  InboundMessage msg;
  msg.type = payload.metadata().type();
  msg.client_ip = payload.metadata().clientip();
  for (const auto& [k, v] : payload.metadata().headers()) msg.headers.emplace(k, v);
  msg.body = payload.body().value();
  return msg;
}

std::optional<Json> ParseBody(std::string_view body) {
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

void EncodePayload(std::string_view type, const Json& body, Payload* out) {
  out->Clear();
  out->mutable_metadata()->set_type(std::string(type));
  // error_handler::replace: content is validated UTF-8 on the way in, but a stray byte must not
  // turn a response into an exception on a gRPC thread.
  out->mutable_body()->set_value(body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Json ResponseBody(int result_code, int error_code, std::string_view message,
                  std::string_view request_id) {
  Json body = Json::object();
  body["resultCode"] = result_code;
  body["errorCode"] = error_code;
  if (!message.empty()) body["message"] = std::string(message);
  if (!request_id.empty()) body["requestId"] = std::string(request_id);
  return body;
}

Json SuccessBody() { return ResponseBody(200, 0); }

void FinishResponse(Json& body) {
  const auto it = body.find("resultCode");
  body["success"] = it != body.end() && it->is_number_integer() && it->get<int>() == 200;
}

Json PushBody(std::string_view request_id) {
  Json body = Json::object();
  body["headers"] = Json::object();
  if (!request_id.empty()) body["requestId"] = std::string(request_id);
  return body;
}

void AddModule(Json& body, std::string_view module) { body["module"] = std::string(module); }

std::string StringField(const Json& body, std::string_view name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return "";
}

bool BoolField(const Json& body, std::string_view name, bool fallback) {
  const auto it = body.find(name);
  if (it == body.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return fallback;
}

int64_t IntField(const Json& body, std::string_view name, int64_t fallback) {
  const auto it = body.find(name);
  if (it == body.end()) return fallback;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    try {
      size_t used = 0;
      const auto& s = it->get_ref<const std::string&>();
      const int64_t v = std::stoll(s, &used);
      if (used == s.size()) return v;
    } catch (...) {
    }
  }
  return fallback;
}

std::string HeaderOf(const InboundMessage& msg, const Json& body, const std::string& name) {
  if (auto it = msg.headers.find(name); it != msg.headers.end()) return it->second;
  const auto h = body.find("headers");
  if (h != body.end() && h->is_object()) return StringField(*h, name);
  return "";
}

}  // namespace lever::rpc
