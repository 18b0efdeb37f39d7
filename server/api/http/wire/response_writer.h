// The bytes of an HTTP/1.1 response: status line, headers and, for a response whose body is in
// memory, the body, written into one buffer so the transport sends it with one syscall.
#pragma once

#include <httplib.h>

#include <string>

namespace lever::http::wire {

// How the body follows the head.
enum class BodyFraming {
  kLength,   // Content-Length: <content_length>
  kChunked,  // Transfer-Encoding: chunked
  kClose,    // neither: the body ends when the connection closes
};

// Appends the status line and headers of `res` (its own headers first, then the framing and
// Connection headers) and the blank line to `out`.
void AppendHead(std::string& out, const httplib::Response& res, BodyFraming framing, size_t content_length,
                bool keep_alive);

// Appends a complete response whose body is res.body; `head_only` (a HEAD request) leaves the
// body out but keeps its Content-Length.
void AppendResponse(std::string& out, const httplib::Response& res, bool keep_alive, bool head_only);

// True when a handler asked for the connection to end ("Connection: close" on the response).
bool ResponseClosesConnection(const httplib::Response& res);

const char* ReasonPhrase(int status);

}  // namespace lever::http::wire
