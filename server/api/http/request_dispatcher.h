// RequestDispatcher: what the event-loop transport does with one parsed request. It finds the
// route (HEAD is served as GET without the body), splits a multipart body into parts, runs the
// route through HttpRouter::Run (guard, handler, observer), and answers what no route takes:
// the console's static files, the redirects of "/" and "/nacos", 404 and 405.
//
// Thread safety: const after construction; called from loop and worker threads at once.
#pragma once

#include <httplib.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/http/http_router.h"
#include "api/http/static_files.h"
#include "api/http/wire/request_parser.h"

namespace lever::http {

class RequestDispatcher {
 public:
  // `router`, `guard` and `files` must outlive the dispatcher; `guard` may be null.
  RequestDispatcher(const HttpRouter& router, RequestGuard* guard, RequestObserver observer,
                    const StaticFiles* files);

  // True when `raw` may be answered on an event-loop thread: its route says it is cheap, or it
  // is a static file or a redirect. Requests carrying a password (a login on the way) never are.
  bool RunsInline(const httplib::Request& raw) const;

  void Serve(wire::ParsedRequest& request, httplib::Response& res) const;

 private:
  const Route* Find(const std::string& method, const std::string& path) const;

  RequestGuard* guard_;
  RequestObserver observer_;
  const StaticFiles* files_;
  std::unordered_map<std::string, const Route*> routes_;  // "METHOD path"
  std::unordered_set<std::string> paths_;
};

}  // namespace lever::http
