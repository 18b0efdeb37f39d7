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

// A string holding a whole integer and nothing else ("42", "-7"), as IntField and the push-answer
// reader both accept for numeric fields; nullopt otherwise.
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
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
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

// SAX handler of ParsePushAnswer: sets the two fields from each top-level value of their keys (a
// repeated key: the last one wins, as in the tree) and skips everything else.
class PushAnswerReader : public nlohmann::json_sax<Json> {
 public:
  PushAnswer answer;
  bool is_object = false;

  bool null() override { return Value("", std::nullopt); }
  bool boolean(bool v) override { return Value(v ? "true" : "false", std::nullopt); }
  bool number_integer(number_integer_t v) override { return Value(std::to_string(v), v); }
  bool number_unsigned(number_unsigned_t v) override {
    return Value(std::to_string(v), static_cast<int64_t>(v));
  }
  bool number_float(number_float_t v, const string_t&) override { return Value(Json(v).dump(), std::nullopt); }
  bool string(string_t& v) override { return Value(v, WholeInt(v)); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (depth_ == 0) is_object = true;
    return Open();
  }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      key_ = k == "requestId" ? Key::kRequestId : k == "resultCode" ? Key::kResultCode : Key::kOther;
    }
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  enum class Key { kOther, kRequestId, kResultCode };

  // A scalar: its text as StringField gives it, its integer as IntField reads it.
  bool Value(const std::string& text, std::optional<int64_t> integer) {
    if (depth_ != 1) return true;
    if (key_ == Key::kRequestId) answer.request_id = text;
    if (key_ == Key::kResultCode) answer.result_code = integer.value_or(200);
    return true;
  }
  // An object or array: as a top-level value it reads as "" and as the fallback 200.
  bool Open() {
    if (depth_ == 1) Value("", std::nullopt);
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  Key key_ = Key::kOther;
};

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
  PushAnswerReader reader;
  if (!Json::sax_parse(body, &reader, nlohmann::detail::input_format_t::json, /*strict=*/true) ||
      !reader.is_object) {
    return std::nullopt;
  }
  return std::move(reader.answer);
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
