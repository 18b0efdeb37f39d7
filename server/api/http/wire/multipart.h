// multipart/form-data bodies (RFC 7578), as the console and Nacos import uploads send them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace lever::http::wire {

// One part of a multipart/form-data body.
struct MultipartPart {
  std::string name;
  std::string filename;  // "" for a plain form field
  std::string content_type;
  std::string content;
};

// True when `content_type` is multipart/form-data (any parameters).
bool IsMultipartFormData(std::string_view content_type);

// The parts of `body`, in order, using the boundary of `content_type`. InvalidArgument when the
// boundary is missing or the body is not framed by it.
StatusOr<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace lever::http::wire
