// ReadJsonObject — the JSON object of a gRPC request body, read in one pass.
//
// Every request on the gRPC port has a JSON body (nacos-protocol.md §8.2), and nlohmann's parser
// costs about 80 instructions per byte of it: its lexer copies each byte twice, once into the
// token and once more for error messages. This reader builds the same tree directly from the
// text. What it does not handle itself (fractions and exponents, integers of more than 18
// digits, a leading byte-order mark, nesting deeper than 64) it hands to nlohmann, so it never
// has to approximate.
//
// Contract: for every input, the result is what nlohmann::ordered_json::parse(text) gives when
// that is an object, and nullopt when the text is not JSON or not an object; value for value,
// type for type (non-negative integers unsigned, negative ones signed), key order kept, and a
// repeated key keeping its first position with its last value. tests/fuzz/fuzz_grpc_payload.cc
// checks this against nlohmann on every input.
//
// Thread safety: a free function over its argument.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace lever::rpc {

std::optional<nlohmann::ordered_json> ReadJsonObject(std::string_view text);

}  // namespace lever::rpc
