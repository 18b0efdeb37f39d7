#include "api/http/wire/response_writer.h"

#include <cctype>
#include <charconv>
#include <string_view>

#include "api/http/wire/text.h"

namespace lever::http::wire {
namespace {

void AppendNumber(std::string& out, size_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

// Headers the transport writes itself.
bool IsFramingHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
         EqualsIgnoreCase(name, "connection");
}

}  // namespace

const char* ReasonPhrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 417: return "Expectation Failed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return status < 400 ? "OK" : "Error";
  }
}

bool ResponseClosesConnection(const httplib::Response& res) {
  auto it = res.headers.find("Connection");
  return it != res.headers.end() && EqualsIgnoreCase(it->second, "close");
}

void AppendHead(std::string& out, const httplib::Response& res, BodyFraming framing, size_t content_length,
                bool keep_alive) {
  const int status = res.status < 0 ? 200 : res.status;
  out += "HTTP/1.1 ";
  AppendNumber(out, static_cast<size_t>(status));
  out += ' ';
  out += ReasonPhrase(status);
  out += "\r\n";
  for (const auto& [name, value] : res.headers) {
    if (IsFramingHeader(name)) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!res.location.empty() && !res.has_header("Location")) {
    out += "Location: ";
    out += res.location;
    out += "\r\n";
  }
  if (framing == BodyFraming::kLength) {
    out += "Content-Length: ";
    AppendNumber(out, content_length);
    out += "\r\n";
  } else if (framing == BodyFraming::kChunked) {
    out += "Transfer-Encoding: chunked\r\n";
  }
  out += keep_alive && framing != BodyFraming::kClose ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
}

void AppendResponse(std::string& out, const httplib::Response& res, bool keep_alive, bool head_only) {
  out.reserve(out.size() + 256 + res.body.size());
  AppendHead(out, res, BodyFraming::kLength, res.body.size(), keep_alive);
  if (!head_only) out += res.body;
}

}  // namespace lever::http::wire
