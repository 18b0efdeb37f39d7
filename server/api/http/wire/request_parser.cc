#include "api/http/wire/request_parser.h"

#include <algorithm>
#include <cctype>

#include "api/http/wire/text.h"
#include "base/url_codec.h"

namespace lever::http::wire {
namespace {

constexpr size_t kMaxChunkLine = 1024;  // chunk-size line or trailer line

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// True when the comma-separated header value lists `token` (ASCII case-insensitive).
bool ListsToken(std::string_view value, std::string_view token) {
  while (true) {
    const size_t comma = value.find(',');
    if (EqualsIgnoreCase(TrimSpace(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) return false;
    value.remove_prefix(comma + 1);
  }
}

void ParseQuery(std::string_view query, httplib::Params& params) {
  size_t start = 0;
  while (start < query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (!key.empty()) {
      params.emplace(FormUrlDecode(key), eq == std::string_view::npos ? "" : FormUrlDecode(pair.substr(eq + 1)));
    }
    start = amp + 1;
  }
}

// Content-Length: digits only, at most 18 of them.
bool ParseLength(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > 18) return false;
  size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  out = v;
  return true;
}

}  // namespace

void RequestParser::Fail(int status, std::string message) {
  state_ = State::kFailed;
  error_ = {status, std::move(message)};
}

ParsedRequest RequestParser::Take() {
  ParsedRequest done = std::move(request_);
  request_ = ParsedRequest{};
  state_ = State::kHead;
  scanned_ = 0;
  body_remaining_ = 0;
  expect_continue_ = false;
  return done;
}

size_t RequestParser::Consume(std::string_view input) {
  size_t used = 0;
  if (state_ == State::kHead) {
    used = ConsumeHead(input);
    if (state_ == State::kHead || state_ == State::kFailed) return used;
  }
  if (state_ == State::kBody) {
    const size_t take = std::min(body_remaining_, input.size() - used);
    request_.body.append(input.data() + used, take);
    used += take;
    body_remaining_ -= take;
    if (body_remaining_ == 0) state_ = State::kDone;
  }
  if (state_ != State::kDone && state_ != State::kFailed && state_ != State::kBody) {
    used += ConsumeChunked(input.substr(used));
  }
  return used;
}

size_t RequestParser::ConsumeHead(std::string_view input) {
  // Empty lines before a request line are ignored (RFC 9112 §2.2).
  size_t skipped = 0;
  if (scanned_ == 0) {
    while (input.size() - skipped >= 2 && input[skipped] == '\r' && input[skipped + 1] == '\n') skipped += 2;
    input.remove_prefix(skipped);
    if (input == "\r") return skipped;  // maybe the start of another empty line
  }
  const size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
  const size_t end = input.find("\r\n\r\n", from);
  if (end == std::string_view::npos) {
    if (input.size() > limits_.max_head_bytes) {
      Fail(431, "request head over " + std::to_string(limits_.max_head_bytes) + " bytes");
      return skipped;
    }
    scanned_ = input.size();
    return skipped;
  }
  scanned_ = 0;
  if (end + 4 > limits_.max_head_bytes) {
    Fail(431, "request head over " + std::to_string(limits_.max_head_bytes) + " bytes");
    return skipped;
  }
  ParseHead(input.substr(0, end + 2));  // on failure the state says so; the body follows otherwise
  return skipped + end + 4;
}

bool RequestParser::ParseHead(std::string_view head) {
  httplib::Request& raw = request_.raw;
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  head.remove_prefix(eol + 2);

  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    Fail(400, "malformed request line");
    return false;
  }
  std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (method.empty() || method.size() > 16 ||
      !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    Fail(400, "malformed request method");
    return false;
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    Fail(505, "HTTP version not supported, use HTTP/1.1");
    return false;
  }
  raw.method = std::string(method);
  raw.version = std::string(version);
  raw.target = std::string(target);
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {  // absolute-form
    size_t slash = target.find('/', target.find("//") + 2);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  if (target.empty() || target.front() != '/') {
    Fail(400, "malformed request target");
    return false;
  }
  const size_t question = target.find('?');
  raw.path = UrlPathDecode(target.substr(0, question));
  if (question != std::string_view::npos) ParseQuery(target.substr(question + 1), raw.params);

  bool chunked = false, has_length = false;
  size_t length = 0, lines = 0;
  bool close = false, keep_alive = false;  // tokens of the Connection headers
  while (!head.empty()) {
    eol = head.find("\r\n");
    line = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    if (++lines > limits_.max_headers) {
      Fail(431, "more than " + std::to_string(limits_.max_headers) + " request headers");
      return false;
    }
    const size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() ||
        !std::all_of(name.begin(), name.end(), [](char c) { return IsTokenChar(static_cast<unsigned char>(c)); })) {
      Fail(400, "malformed header line");
      return false;
    }
    std::string_view value = TrimSpace(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "content-length")) {
      size_t n = 0;
      if (!ParseLength(value, n) || (has_length && n != length)) {
        Fail(400, "malformed Content-Length");
        return false;
      }
      has_length = true;
      length = n;
    } else if (EqualsIgnoreCase(name, "transfer-encoding")) {
      if (!EqualsIgnoreCase(value, "chunked")) {
        Fail(501, "unsupported Transfer-Encoding " + std::string(value) + ", only chunked");
        return false;
      }
      chunked = true;
    } else if (EqualsIgnoreCase(name, "connection")) {
      close = close || ListsToken(value, "close");
      keep_alive = keep_alive || ListsToken(value, "keep-alive");
    } else if (EqualsIgnoreCase(name, "expect")) {
      if (!EqualsIgnoreCase(value, "100-continue")) {
        Fail(417, "unsupported Expect " + std::string(value));
        return false;
      }
      expect_continue_ = true;
    }
    raw.headers.emplace(std::string(name), std::string(value));
  }
  if (chunked && has_length) {
    Fail(400, "both Content-Length and Transfer-Encoding");
    return false;
  }
  request_.keep_alive = raw.version == "HTTP/1.1" ? !close : keep_alive;
  if (length > limits_.max_body_bytes) {
    Fail(413, "request body over " + std::to_string(limits_.max_body_bytes) + " bytes");
    return false;
  }
  if (chunked) {
    state_ = State::kChunkSize;
  } else if (length > 0) {
    request_.body.reserve(std::min<size_t>(length, 1u << 20));
    body_remaining_ = length;
    state_ = State::kBody;
  } else {
    state_ = State::kDone;
  }
  if (state_ == State::kDone) expect_continue_ = false;
  return true;
}

size_t RequestParser::ConsumeChunked(std::string_view input) {
  size_t used = 0;
  while (state_ != State::kDone && state_ != State::kFailed) {
    std::string_view rest = input.substr(used);
    if (state_ == State::kChunkData) {
      const size_t take = std::min(body_remaining_, rest.size());
      request_.body.append(rest.data(), take);
      used += take;
      body_remaining_ -= take;
      if (body_remaining_ > 0) return used;
      state_ = State::kChunkDataEnd;
      continue;
    }
    if (state_ == State::kChunkDataEnd) {
      if (rest.size() < 2) return used;
      if (rest.substr(0, 2) != "\r\n") {
        Fail(400, "malformed chunked body");
        return used;
      }
      used += 2;
      state_ = State::kChunkSize;
      continue;
    }
    // kChunkSize or kTrailer: one CRLF-terminated line.
    // The same bound whether the line's end has arrived or not (kMaxChunkLine + 1: its '\r' may
    // be the last byte read), so the answer never depends on how the bytes were split.
    const size_t eol = rest.find("\r\n");
    if (eol == std::string_view::npos ? rest.size() > kMaxChunkLine + 1 : eol > kMaxChunkLine) {
      Fail(400, "malformed chunked body");
      return used;
    }
    if (eol == std::string_view::npos) return used;
    std::string_view line = rest.substr(0, eol);
    used += eol + 2;
    if (state_ == State::kTrailer) {
      if (line.empty()) state_ = State::kDone;
      continue;
    }
    std::string_view digits = TrimSpace(line.substr(0, line.find(';')));
    if (digits.empty() || digits.size() > 15) {
      Fail(400, "malformed chunked body");
      return used;
    }
    size_t size = 0;
    for (char c : digits) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (v < 0) {
        Fail(400, "malformed chunked body");
        return used;
      }
      size = size * 16 + static_cast<size_t>(v);
    }
    if (size > limits_.max_body_bytes - request_.body.size()) {
      Fail(413, "request body over " + std::to_string(limits_.max_body_bytes) + " bytes");
      return used;
    }
    if (size == 0) {
      state_ = State::kTrailer;
    } else {
      body_remaining_ = size;
      state_ = State::kChunkData;
    }
  }
  return used;
}

}  // namespace lever::http::wire
