#include "api/http/static_files.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace lever::http {

StaticFiles::StaticFiles(std::string url_prefix, std::string dir)
    : prefix_(std::move(url_prefix)), dir_(std::move(dir)) {}

const char* FileContentType(const std::string& file_name) {
  const size_t dot = file_name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : file_name.substr(dot + 1);
  if (ext == "html" || ext == "htm") return "text/html";
  if (ext == "js" || ext == "mjs") return "text/javascript";
  if (ext == "css") return "text/css";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "txt") return "text/plain";
  return "application/octet-stream";
}

bool StaticFiles::Serve(const std::string& path, httplib::Response& res) const {
  if (dir_.empty() || path.compare(0, prefix_.size(), prefix_) != 0) return false;
  std::string relative = path.substr(prefix_.size());
  if (relative.empty() || relative.front() != '/') return false;
  if (relative.find("..") != std::string::npos || relative.find('\0') != std::string::npos ||
      relative.find('\\') != std::string::npos) {
    return false;
  }
  if (relative.back() == '/') relative += "index.html";
  const std::string file = dir_ + relative;
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::ostringstream content;
  content << in.rdbuf();
  res.status = 200;
  res.set_content(content.str(), FileContentType(file));
  return true;
}

}  // namespace lever::http
