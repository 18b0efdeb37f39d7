#include "api/grpc/payload_json.h"

#include "api/grpc/json_reader.h"
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

std::optional<Json> ParseBody(std::string_view body) { return ReadJsonObject(body); }

void EncodePayload(std::string_view type, const Json& body, Payload* out) {
  // error_handler::replace: content is validated UTF-8 on the way in, but a stray byte must not
  // turn a response into an exception on a gRPC thread.
  EncodePayloadText(type, body.dump(-1, ' ', false, Json::error_handler_t::replace), out);
}

void EncodePayloadText(std::string_view type, std::string json_text, Payload* out) {
  out->Clear();
  out->mutable_metadata()->set_type(std::string(type));
  out->mutable_body()->set_value(std::move(json_text));
}

namespace {

// A string holding a whole integer and nothing else ("42", "-7"), as IntField accepts for numeric
// fields; nullopt otherwise.
std::optional<int64_t> WholeInt(const std::string& text) {
  try {
    size_t used = 0;
    const int64_t v = std::stoll(text, &used);
    if (used == text.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}

// A JSON string literal of `s`, byte for byte what nlohmann::json writes: quotes, backslashes and
// control characters escaped. Text with non-ASCII bytes goes through nlohmann::json itself, so
// invalid UTF-8 is replaced exactly as everywhere else.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
      return;
    }
  }
  out.push_back('"');
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

std::string NotifyBodyText(std::string_view request_id, std::string_view data_id,
                           std::string_view group, std::string_view tenant) {
  std::string out;
  out.reserve(96 + request_id.size() + data_id.size() + group.size() + tenant.size());
  out += "{\"headers\":{},\"requestId\":";
  AppendJsonString(out, request_id);
  out += ",\"dataId\":";
  AppendJsonString(out, data_id);
  out += ",\"group\":";
  AppendJsonString(out, group);
  out += ",\"tenant\":";
  AppendJsonString(out, tenant);
  out += ",\"module\":\"config\"}";
  return out;
}

std::optional<PushAnswer> ParsePushAnswer(std::string_view body) {
  auto tree = ReadJsonObject(body);
  if (!tree) return std::nullopt;
  return PushAnswer{StringField(*tree, "requestId"), IntField(*tree, "resultCode", 200)};
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
  if (it->is_string()) return WholeInt(it->get_ref<const std::string&>()).value_or(fallback);
  return fallback;
}

std::string HeaderOf(const InboundMessage& msg, const Json& body, const std::string& name) {
  if (auto it = msg.headers.find(name); it != msg.headers.end()) return it->second;
  const auto h = body.find("headers");
  if (h != body.end() && h->is_object()) return StringField(*h, name);
  return "";
}

}  // namespace lever::rpc
