// The Nacos payload encoding (nacos-protocol.md §8.2, §8.4): a Payload carries the simple Java
// class name in Metadata.type and the UTF-8 JSON of the message in Any.value with an empty
// type_url. This file is the only place that turns Payloads into JSON and back, so the JSON rules
// (omit nulls, always write resultCode/errorCode/success, no requestId on unary responses) hold
// everywhere.
//
// Thread safety: free functions over values; safe from any thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

class Payload;  // generated from proto/nacos_grpc_service.proto (no package)

namespace lever::rpc {

using Json = nlohmann::ordered_json;

// A received Payload, decoded except for its body.
struct InboundMessage {
  std::string type;                            // Metadata.type
  std::string client_ip;                       // Metadata.clientIp
  std::map<std::string, std::string> headers;  // Metadata.headers (the authoritative copy)
  std::string body;                            // Any.value: the JSON text, not yet parsed
};

InboundMessage DecodePayload(const Payload& payload);

// Parses a message body (ReadJsonObject, json_reader.h). nullopt unless it is a JSON object (the
// 502 case).
std::optional<Json> ParseBody(std::string_view body);

// Writes `type` and the JSON of `body` into `out` (type_url empty, no clientIp, no headers).
void EncodePayload(std::string_view type, const Json& body, Payload* out);
// The same, for a body already rendered as JSON text.
void EncodePayloadText(std::string_view type, std::string json_text, Payload* out);

// The JSON text of a ConfigChangeNotifyRequest, written directly rather than through a JSON tree:
// it is rendered once per listening connection on every change, the hottest encode of the server.
// Same fields and order as PushBody() + fields + AddModule().
std::string NotifyBodyText(std::string_view request_id, std::string_view data_id,
                           std::string_view group, std::string_view tenant);

// What the server needs from a client's answer to one of its pushes: the top-level requestId
// (StringField) and resultCode (IntField, 200 when absent). nullopt unless the body is a JSON
// object.
struct PushAnswer {
  std::string request_id;
  int64_t result_code = 200;
};
std::optional<PushAnswer> ParsePushAnswer(std::string_view body);

// A response body with the common fields of §8.4: resultCode, errorCode, message (omitted when
// empty), requestId (only when non-empty: responses to server pushes). Call FinishResponse()
// after adding the message-specific fields: it appends `success`.
Json ResponseBody(int result_code, int error_code, std::string_view message = {},
                  std::string_view request_id = {});
Json SuccessBody();
void FinishResponse(Json& body);

// A server->client request body: {"headers":{},"requestId":<id>,...,"module":<module>} minus
// the trailing module, which the caller adds last with AddModule().
Json PushBody(std::string_view request_id);
void AddModule(Json& body, std::string_view module);

// String field of a request body. Absent and null read as "" (Java sends nulls, Go sends ""),
// numbers and booleans as their JSON text, like Jackson coercing into a String field.
std::string StringField(const Json& body, std::string_view name);
// Boolean field: true/false, "true"/"false"; absent or anything else gives `fallback`.
bool BoolField(const Json& body, std::string_view name, bool fallback);
// Integer field (number or numeric string); absent or malformed gives `fallback`.
int64_t IntField(const Json& body, std::string_view name, int64_t fallback);

// A header of the message; Metadata.headers first, then the body's own "headers" map.
std::string HeaderOf(const InboundMessage& msg, const Json& body, const std::string& name);

}  // namespace lever::rpc
