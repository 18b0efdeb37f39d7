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
#include <vector>

#include "api/http/http_router.h"
#include "api/http/static_files.h"
#include "api/http/wire/request_parser.h"

namespace lever::http {

class RequestDispatcher {
 public:
  // `router`, `guard` and `files` must outlive the dispatcher; `guard` may be null.
  RequestDispatcher(const HttpRouter& router, RequestGuard* guard, RequestObserver observer,
                    const StaticFiles* files);

  // The route of `raw` (HEAD finds GET's), or null: then Serve answers with a static file, a
  // redirect, 404 or 405.
  const Route* Find(const httplib::Request& raw) const;

  // True when `raw` may be answered on an event-loop thread: its route says it is cheap, or it
  // is a static file or a redirect. Requests carrying a password (a login on the way) never are.
  bool RunsInline(const Route* route, const httplib::Request& raw) const;

  // Answers `request` in `res`. `route` is Find()'s, not an asynchronous one.
  void Serve(const Route* route, wire::ParsedRequest& request, httplib::Response& res) const;
  // Runs an asynchronous route; `done` gets the answer (maybe before this returns).
  void ServeAsync(const Route& route, wire::ParsedRequest& request, Responder done) const;

 private:
  // The body as the router wants it: parts of a multipart body, else the raw bytes. False (with
  // the 400 answer in `res`) for a malformed multipart body.
  static bool SplitBody(wire::ParsedRequest& request, std::vector<MultipartPart>& parts, httplib::Response& res);

  RequestGuard* guard_;
  RequestObserver observer_;
  const StaticFiles* files_;
  std::unordered_map<std::string, std::vector<const Route*>> by_path_;  // one per method
};

}  // namespace lever::http
