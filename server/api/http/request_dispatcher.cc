#include "api/http/request_dispatcher.h"

#include "api/http/error_mapping.h"

namespace lever::http {

RequestDispatcher::RequestDispatcher(const HttpRouter& router, RequestGuard* guard, RequestObserver observer,
                                     const StaticFiles* files)
    : guard_(guard), observer_(std::move(observer)), files_(files) {
  for (const Route& route : router.routes()) by_path_[route.path].push_back(&route);
}

const Route* RequestDispatcher::Find(const httplib::Request& raw) const {
  auto it = by_path_.find(raw.path);
  if (it == by_path_.end()) return nullptr;
  const std::string_view method = raw.method == "HEAD" ? std::string_view("GET") : std::string_view(raw.method);
  for (const Route* route : it->second) {
    if (route->method == method) return route;
  }
  return nullptr;
}

bool RequestDispatcher::RunsInline(const Route* route, const httplib::Request& raw) const {
  if (raw.has_param("password")) return false;
  if (route) return route->served_inline && route->served_inline(raw);
  return raw.method == "GET" || raw.method == "HEAD";  // static files, redirects, 404
}

bool RequestDispatcher::SplitBody(wire::ParsedRequest& request, std::vector<MultipartPart>& parts,
                                  httplib::Response& res) {
  const std::string& content_type = HeaderValue(request.raw, "Content-Type");
  if (!wire::IsMultipartFormData(content_type)) return true;
  auto parsed = wire::ParseMultipart(content_type, request.body);
  if (!parsed.ok()) {
    WriteText(res, 400, "caused: malformed multipart/form-data body;");
    return false;
  }
  parts = std::move(*parsed);
  request.body.clear();
  return true;
}

void RequestDispatcher::Serve(const Route* route, wire::ParsedRequest& request, httplib::Response& res) const {
  const httplib::Request& raw = request.raw;
  if (route) {
    std::vector<MultipartPart> parts;
    if (!SplitBody(request, parts, res)) return;
    HttpRouter::Run(*route, raw, std::move(request.body), std::move(parts), res, guard_, observer_);
    return;
  }
  const bool get = raw.method == "GET" || raw.method == "HEAD";
  if (get && (raw.path == "/" || raw.path == "/nacos")) return res.set_redirect("/nacos/");
  if (get && files_ && files_->Serve(raw.path, res)) return;
  if (by_path_.count(raw.path)) {
    return WriteText(res, 405, "caused: Request method '" + raw.method + "' not supported;");
  }
  res.status = 404;
  res.set_content("no such endpoint: " + raw.path + "\n", "text/plain");
}

void RequestDispatcher::ServeAsync(const Route& route, wire::ParsedRequest& request, Responder done) const {
  std::vector<MultipartPart> parts;
  httplib::Response refused;
  if (!SplitBody(request, parts, refused)) return done(refused);
  HttpRouter::RunAsync(route, request.raw, std::move(request.body), std::move(parts), guard_, observer_,
                       std::move(done));
}

}  // namespace lever::http
