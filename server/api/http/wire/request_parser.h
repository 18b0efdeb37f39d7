// RequestParser: reads HTTP/1.1 requests, one after another, out of a connection's input bytes.
//
// It is fed whatever arrived (Consume), keeps what it needs between calls, and yields each
// complete request as an httplib::Request plus its body, so the router and handlers are the same
// whichever transport serves the port. Bodies are Content-Length or chunked; either is bounded by
// max_body_bytes. A request it cannot accept is answered with the error it reports (then the
// connection is closed, since the byte stream can no longer be trusted).
//
// Thread safety: none; one parser per connection.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace lever::http::wire {

struct RequestLimits {
  size_t max_head_bytes = 64u << 10;  // request line + headers (431 beyond)
  size_t max_headers = 100;           // header lines (431 beyond)
  size_t max_body_bytes = 32u << 20;  // decoded body (413 beyond)
};

// One complete request.
struct ParsedRequest {
  httplib::Request raw;  // method, path (percent-decoded), query params, headers, version, target
  std::string body;      // decoded (chunked framing removed)
  bool keep_alive = true;
};

// Why a request was refused: HTTP status and a one-line reason for the body.
struct ParseError {
  int status = 400;
  std::string message;
};

class RequestParser {
 public:
  explicit RequestParser(RequestLimits limits) : limits_(limits) {}

  // Reads as much of `input` as the current request needs; returns how many bytes it used. A
  // head is only used once it is complete, so the caller keeps unused bytes and offers them again
  // with whatever arrives next.
  size_t Consume(std::string_view input);

  bool done() const { return state_ == State::kDone; }
  bool failed() const { return state_ == State::kFailed; }
  const ParseError& error() const { return error_; }
  // True between the head of a request that sent "Expect: 100-continue" and its body.
  bool awaiting_body_after_continue() const { return expect_continue_ && state_ != State::kHead && !done() && !failed(); }
  // True once any byte of the next request has been seen (for read timeouts).
  bool in_progress() const { return state_ != State::kHead || scanned_ > 0; }

  // The finished request; the parser is then ready for the next one. Requires done().
  ParsedRequest Take();

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailer, kDone, kFailed };

  size_t ConsumeHead(std::string_view input);
  bool ParseHead(std::string_view head);
  size_t ConsumeChunked(std::string_view input);
  void Fail(int status, std::string message);

  RequestLimits limits_;
  State state_ = State::kHead;
  ParseError error_;
  ParsedRequest request_;
  size_t scanned_ = 0;         // head bytes already searched for the blank line
  size_t body_remaining_ = 0;  // Content-Length bytes or bytes of the current chunk still due
  bool expect_continue_ = false;
};

}  // namespace lever::http::wire
