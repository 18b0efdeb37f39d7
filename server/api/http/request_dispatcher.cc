#include "api/http/request_dispatcher.h"

#include "api/http/error_mapping.h"

namespace lever::http {
namespace {

std::string Key(const std::string& method, const std::string& path) { return method + ' ' + path; }

}  // namespace

RequestDispatcher::RequestDispatcher(const HttpRouter& router, RequestGuard* guard, RequestObserver observer,
                                     const StaticFiles* files)
    : guard_(guard), observer_(std::move(observer)), files_(files) {
  for (const Route& route : router.routes()) {
    routes_.emplace(Key(route.method, route.path), &route);
    paths_.insert(route.path);
  }
}

const Route* RequestDispatcher::Find(const std::string& method, const std::string& path) const {
  auto it = routes_.find(Key(method == "HEAD" ? "GET" : method, path));
  return it == routes_.end() ? nullptr : it->second;
}

bool RequestDispatcher::RunsInline(const httplib::Request& raw) const {
  if (raw.has_param("password")) return false;
  const Route* route = Find(raw.method, raw.path);
  if (route) return route->served_inline && route->served_inline(raw);
  return raw.method == "GET" || raw.method == "HEAD";  // static files, redirects, 404
}

void RequestDispatcher::Serve(wire::ParsedRequest& request, httplib::Response& res) const {
  const httplib::Request& raw = request.raw;
  if (const Route* route = Find(raw.method, raw.path)) {
    std::vector<MultipartPart> parts;
    const std::string content_type = raw.get_header_value("Content-Type");
    if (wire::IsMultipartFormData(content_type)) {
      auto parsed = wire::ParseMultipart(content_type, request.body);
      if (!parsed.ok()) return WriteText(res, 400, "caused: malformed multipart/form-data body;");
      parts = std::move(*parsed);
      request.body.clear();
    }
    HttpRouter::Run(*route, raw, std::move(request.body), std::move(parts), res, guard_, observer_);
    return;
  }
  const bool get = raw.method == "GET" || raw.method == "HEAD";
  if (get && (raw.path == "/" || raw.path == "/nacos")) return res.set_redirect("/nacos/");
  if (get && files_ && files_->Serve(raw.path, res)) return;
  if (paths_.count(raw.path)) {
    return WriteText(res, 405, "caused: Request method '" + raw.method + "' not supported;");
  }
  res.status = 404;
  res.set_content("no such endpoint: " + raw.path + "\n", "text/plain");
}

}  // namespace lever::http
