// StaticFiles: the built web console (web/dist) under /nacos/, for the event-loop transport.
// "/nacos/" serves index.html; paths with ".." or outside the directory are never served.
#pragma once

#include <httplib.h>

#include <string>

namespace lever::http {

class StaticFiles {
 public:
  // `dir` may be empty (no console): nothing is served.
  StaticFiles(std::string url_prefix, std::string dir);

  // Fills `res` with the file `path` names (GET/HEAD), returning false when there is none.
  bool Serve(const std::string& path, httplib::Response& res) const;

 private:
  std::string prefix_;  // "/nacos"
  std::string dir_;
};

// Content-Type of a file name by its extension ("application/octet-stream" when unknown).
const char* FileContentType(const std::string& file_name);

}  // namespace lever::http
