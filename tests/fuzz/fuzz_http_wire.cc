// libFuzzer target: the HTTP/1.1 wire layer of the event-loop transport (server/api/http/wire).
// The input is the byte stream of one connection. It is parsed twice: in one piece, and in pieces
// whose sizes come from the input's own bytes (as reads would deliver them). Both must yield the
// same requests and the same refusal; every body must stay within the limit; every multipart body
// is split into parts; every request's response head must be writable.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/wire/multipart.h"
#include "api/http/wire/request_parser.h"
#include "api/http/wire/response_writer.h"

namespace {

using lever::http::wire::ParsedRequest;
using lever::http::wire::RequestLimits;
using lever::http::wire::RequestParser;

struct Outcome {
  std::vector<std::string> requests;  // method, path, params, headers and body of each, flattened
  int error_status = 0;
};

std::string Flatten(const ParsedRequest& r) {
  std::string out = r.raw.method + ' ' + r.raw.path + ' ' + r.raw.version + (r.keep_alive ? " ka" : " close");
  for (const auto& [k, v] : r.raw.params) out += "\np:" + k + '=' + v;
  for (const auto& [k, v] : r.raw.headers) out += "\nh:" + k + '=' + v;
  out += "\nb:" + r.body;
  return out;
}

Outcome Parse(std::string_view bytes, const std::vector<size_t>& steps, const RequestLimits& limits) {
  RequestParser parser(limits);
  Outcome outcome;
  std::string pending;
  size_t at = 0, step = 0;
  while (at < bytes.size()) {
    size_t take = steps.empty() ? bytes.size() : steps[step++ % steps.size()];
    take = std::min(take, bytes.size() - at);
    pending.append(bytes.substr(at, take));
    at += take;
    for (;;) {
      const size_t used = parser.Consume(pending);
      if (used > pending.size()) std::abort();
      pending.erase(0, used);
      if (parser.failed()) {
        outcome.error_status = parser.error().status;
        return outcome;
      }
      if (!parser.done()) break;
      ParsedRequest request = parser.Take();
      if (request.body.size() > limits.max_body_bytes) std::abort();
      const std::string type = request.raw.get_header_value("Content-Type");
      if (lever::http::wire::IsMultipartFormData(type)) {
        auto parts = lever::http::wire::ParseMultipart(type, request.body);
        if (parts.ok()) {
          size_t total = 0;
          for (const auto& part : *parts) total += part.content.size();
          if (total > request.body.size()) std::abort();
        }
      }
      httplib::Response res;
      res.status = 200;
      res.set_content(request.body, type.empty() ? "text/plain" : type);
      std::string head;
      lever::http::wire::AppendResponse(head, res, request.keep_alive, request.raw.method == "HEAD");
      outcome.requests.push_back(Flatten(request));
    }
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  RequestLimits limits;
  limits.max_head_bytes = 1024;
  limits.max_headers = 16;
  limits.max_body_bytes = 4096;
  std::vector<size_t> steps;
  for (size_t i = 0; i < std::min<size_t>(size, 8); ++i) steps.push_back(1 + data[i] % 17);
  const Outcome whole = Parse(bytes, {}, limits);
  const Outcome pieces = Parse(bytes, steps, limits);
  // A refusal may come earlier in pieces (a head that can no longer fit) but never differ in kind
  // for the requests both saw complete.
  if (whole.error_status == 0 && pieces.error_status == 0 && whole.requests != pieces.requests) std::abort();
  if (whole.error_status != pieces.error_status && whole.error_status != 0 && pieces.error_status != 0) std::abort();
  const size_t common = std::min(whole.requests.size(), pieces.requests.size());
  for (size_t i = 0; i < common; ++i) {
    if (whole.requests[i] != pieces.requests[i]) std::abort();
  }
  return 0;
}
