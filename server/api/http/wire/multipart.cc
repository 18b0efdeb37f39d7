#include "api/http/wire/multipart.h"

#include <cctype>

#include "api/http/wire/text.h"

namespace lever::http::wire {
namespace {

// The value of parameter `name` in a header value such as `form-data; name="file"; filename="a"`
// ("" when absent). Quoted values may contain ';' and backslash escapes.
std::string HeaderParam(std::string_view value, std::string_view name) {
  size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;  // past ';'
    const size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return "";
    std::string_view key = TrimSpace(value.substr(i, eq - i));
    i = eq + 1;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::string parsed;
    if (i < value.size() && value[i] == '"') {
      for (++i; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        parsed.push_back(value[i]);
      }
      i = value.find(';', i);
    } else {
      const size_t end = value.find(';', i);
      parsed = std::string(TrimSpace(value.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
      i = end;
    }
    if (EqualsIgnoreCase(key, name)) return parsed;
  }
  return "";
}

}  // namespace

bool IsMultipartFormData(std::string_view content_type) {
  return content_type.size() >= 19 && EqualsIgnoreCase(content_type.substr(0, 19), "multipart/form-data");
}

StatusOr<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  const std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) {
    return Status::InvalidArgument("multipart/form-data without a boundary");
  }
  const std::string delimiter = "--" + boundary;
  const Status malformed = Status::InvalidArgument("malformed multipart/form-data body");
  // The first delimiter opens the body or follows a preamble line.
  size_t pos = body.rfind(delimiter, 0) == 0 ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return malformed;
  pos += pos == 0 ? delimiter.size() : delimiter.size() + 2;

  std::vector<MultipartPart> parts;
  const std::string next_delimiter = "\r\n" + delimiter;
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    // Transport padding after a delimiter, then its CRLF.
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return malformed;
    pos += 2;
    const size_t head_end = body.find("\r\n\r\n", pos - 2);
    if (head_end == std::string_view::npos) return malformed;
    MultipartPart part;
    std::string_view head = body.substr(pos, head_end >= pos ? head_end - pos : 0);
    while (!head.empty()) {
      size_t eol = head.find("\r\n");
      std::string_view line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) return malformed;
      std::string_view name = TrimSpace(line.substr(0, colon)), value = TrimSpace(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Content-Disposition")) {
        part.name = HeaderParam(value, "name");
        part.filename = HeaderParam(value, "filename");
      } else if (EqualsIgnoreCase(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    const size_t content_start = head_end + 4;
    const size_t content_end = body.find(next_delimiter, content_start);
    if (content_end == std::string_view::npos) return malformed;
    part.content = std::string(body.substr(content_start, content_end - content_start));
    parts.push_back(std::move(part));
    pos = content_end + next_delimiter.size();
  }
}

}  // namespace lever::http::wire
