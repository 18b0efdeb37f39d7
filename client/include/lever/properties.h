// lever::ParseProperties: read a `.properties` config exactly as java.util.Properties.load does.
//
// Pipeline configs are usually Java properties files written for Spark/Flink jobs, so the parser
// follows Properties.load(Reader) rather than inventing its own dialect:
//   - lines end at \n, \r or \r\n; leading whitespace (space, \t, \f) of every line is skipped;
//   - a line whose first non-blank character is '#' or '!' is a comment (even if it ends in '\');
//   - an odd number of '\' at the end of a line joins it with the next line, whose leading
//     whitespace is dropped; a continuation line is never a comment;
//   - the key ends at the first unescaped '=', ':', space, \t or \f; whitespace, then at most one
//     '=' or ':', then whitespace separate it from the value ("a = = b" is key "a", value "= b");
//     a line with only a key has the value "";
//   - in keys and values, \t \n \r \f are control characters, \uXXXX is a UTF-16 code unit
//     (surrogate pairs are combined; the result is UTF-8), and '\' before any other character
//     stands for that character ("\:" is ":", "\\" is "\");
//   - trailing whitespace of a value is kept; a repeated key keeps the last value.
// The input is read as UTF-8 and bytes outside ASCII are copied through unchanged.
// Thread safe (pure function).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "lever/result.h"

namespace lever {

// Key -> value, sorted by key.
using Properties = std::map<std::string, std::string, std::less<>>;

// The only error is kInvalidArgument for a malformed \uXXXX escape (as Java's
// IllegalArgumentException "Malformed \uxxxx encoding."); the message gives the line number.
Result<Properties> ParseProperties(std::string_view text);

// A JSON object seen as properties: nested objects are flattened with '.' between the names
// ({"otel":{"traces":{"sampler":"x"}}} and {"otel.traces.sampler":"x"} both give
// otel.traces.sampler=x); strings are taken as they are, numbers and booleans in their JSON
// spelling, null as "". Arrays are refused (kInvalidArgument naming the key), as is text that is
// not a JSON object.
Result<Properties> ParseJsonAsProperties(std::string_view text);

}  // namespace lever
