#include "api/http/http_router.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <future>

#include "api/http/error_mapping.h"
#include "api/http/wire/text.h"
#include "base/url_codec.h"

namespace lever::http {
namespace {

const std::string kEmpty;

bool IsFormBody(const httplib::Request& raw) {
  return HeaderValue(raw, "Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0;
}

void ParseForm(const std::string& body, std::multimap<std::string, std::string>& out) {
  size_t start = 0;
  while (start < body.size()) {
    size_t amp = body.find('&', start);
    if (amp == std::string::npos) amp = body.size();
    std::string_view pair(body.data() + start, amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string name = FormUrlDecode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : FormUrlDecode(pair.substr(eq + 1));
      out.emplace(std::move(name), std::move(value));
    }
    start = amp + 1;
  }
}

// Collects the parts of a multipart/form-data body. httplib checks Content-Length against the
// payload limit, but not a chunked body, so the parts are counted here too. On failure writes
// the answer (413 too large, 400 malformed) and returns false.
bool ReadMultipart(httplib::Response& res, const httplib::ContentReader& reader,
                   size_t max_body_bytes, std::vector<MultipartPart>& parts) {
  size_t total = 0;
  bool too_large = false;
  const bool read = reader(
      [&](const httplib::MultipartFormData& header) {
        parts.push_back({header.name, header.filename, header.content_type, ""});
        return true;
      },
      [&](const char* data, size_t len) {
        total += len;
        if (total > max_body_bytes) {
          too_large = true;
          return false;
        }
        if (!parts.empty()) parts.back().content.append(data, len);
        return true;
      });
  if (read) return true;
  if (too_large || res.status == 413) {
    WriteText(res, 413, "caused: request body over " + std::to_string(max_body_bytes) + " bytes;");
  } else {
    WriteText(res, 400, "caused: malformed multipart/form-data body;");
  }
  return false;
}

}  // namespace

HttpRequest::HttpRequest(const httplib::Request& raw, std::string client_ip, std::string body,
                         std::vector<MultipartPart> parts)
    : raw_(raw), client_ip_(std::move(client_ip)), parts_(std::move(parts)) {
  for (const auto& [k, v] : raw.params) params_.emplace(k, v);
  if (IsFormBody(raw)) {
    ParseForm(body, params_);
  } else {
    body_ = std::move(body);
  }
  for (const MultipartPart& part : parts_) {
    if (part.filename.empty()) params_.emplace(part.name, part.content);
  }
}

const MultipartPart* HttpRequest::Part(const std::string& name) const {
  for (const MultipartPart& part : parts_) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

const std::string& HttpRequest::method() const { return raw_.method; }
const std::string& HttpRequest::path() const { return raw_.path; }

const std::string& HttpRequest::Param(const std::string& name) const {
  auto it = params_.find(name);
  return it == params_.end() ? kEmpty : it->second;
}

std::string HttpRequest::Header(const std::string& name) const { return HeaderValue(raw_, name); }

const std::string& HeaderValue(const httplib::Request& raw, std::string_view name) {
  for (const auto& [key, value] : raw.headers) {
    if (wire::EqualsIgnoreCase(key, name)) return value;
  }
  return kEmpty;
}

std::string HttpRequest::ParamOrHeader(const std::string& name) const {
  if (Has(name)) return Param(name);
  return Header(name);
}

std::string ClientIp(const httplib::Request& raw) {
  const std::string& xff = HeaderValue(raw, "X-Forwarded-For");
  if (!xff.empty()) {
    std::string first = xff.substr(0, xff.find(','));
    while (!first.empty() && first.front() == ' ') first.erase(first.begin());
    while (!first.empty() && first.back() == ' ') first.pop_back();
    if (!first.empty()) return first;
  }
  const std::string& real = HeaderValue(raw, "X-Real-IP");
  if (!real.empty()) return real;
  return raw.remote_addr;
}

bool AlwaysInline(const httplib::Request&) { return true; }

void HttpRouter::Add(Route route) { routes_.push_back(std::move(route)); }

void HttpRouter::RunAsync(const Route& route, const httplib::Request& raw, std::string body,
                          std::vector<MultipartPart> parts, RequestGuard* guard, const RequestObserver& observer,
                          Responder done) {
  auto started = std::chrono::steady_clock::now();
  HttpRequest request(raw, ClientIp(raw), std::move(body), std::move(parts));
  auto finish = [&route, observer, started, done = std::move(done)](httplib::Response& res) {
    if (observer) {
      observer(route, res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    done(res);
  };
  Status admitted = guard ? guard->Admit(request, route) : Status::Ok();
  if (!admitted.ok()) {
    httplib::Response res;
    WriteError(res, route.dialect, admitted);
    return finish(res);
  }
  route.async_handler(request, std::move(finish));
}

void HttpRouter::Run(const Route& route, const httplib::Request& raw, std::string body,
                     std::vector<MultipartPart> parts, httplib::Response& res, RequestGuard* guard,
                     const RequestObserver& observer) {
  auto started = std::chrono::steady_clock::now();
  HttpRequest request(raw, ClientIp(raw), std::move(body), std::move(parts));
  Status admitted = guard ? guard->Admit(request, route) : Status::Ok();
  if (!admitted.ok()) {
    WriteError(res, route.dialect, admitted);
  } else {
    try {
      route.handler(request, res);
    } catch (const std::exception& e) {
      spdlog::get("http")->error("event=handler_exception path={} what=\"{}\"", raw.path, e.what());
      WriteError(res, route.dialect, Status::Internal(e.what()));
    }
  }
  if (observer) {
    observer(route, res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
}

void HttpRouter::Install(httplib::Server& server, RequestGuard* guard, RequestObserver observer,
                         size_t max_body_bytes) const {
  server.set_payload_max_length(max_body_bytes);
  for (const Route& route : routes_) {
    const Route* r = &route;
    auto run = [r, guard, observer](const httplib::Request& raw, httplib::Response& res,
                                    std::string body, std::vector<MultipartPart> parts) {
      if (!r->async_handler) return Run(*r, raw, std::move(body), std::move(parts), res, guard, observer);
      // This transport holds a thread per connection anyway: wait for the answer here.
      auto answer = std::make_shared<std::promise<httplib::Response>>();
      auto future = answer->get_future();
      RunAsync(*r, raw, std::move(body), std::move(parts), guard, observer,
               [answer](httplib::Response& done) { answer->set_value(std::move(done)); });
      res = future.get();
    };
    auto plain = [run](const httplib::Request& raw, httplib::Response& res) {
      run(raw, res, raw.body, {});
    };
    // Bodies are read through a content reader: the packaged cpp-httplib rejects url-encoded
    // bodies over 8 KiB on its own path, and configs are routinely larger.
    auto with_body = [run, max_body_bytes](const httplib::Request& raw, httplib::Response& res,
                                           const httplib::ContentReader& reader) {
      std::string body;
      if (raw.is_multipart_form_data()) {
        std::vector<MultipartPart> parts;
        if (ReadMultipart(res, reader, max_body_bytes, parts)) run(raw, res, "", std::move(parts));
        return;
      }
      // httplib stops a body over the payload limit (also a chunked one) and sets 413 but still
      // calls the handler: answer the 413 here instead of running the route on a cut body.
      bool too_large = false;
      const bool read = reader([&](const char* data, size_t len) {
        too_large = body.size() + len > max_body_bytes;
        if (!too_large) body.append(data, len);
        return !too_large;
      });
      if (!read && (too_large || res.status == 413)) {
        WriteText(res, 413, "caused: request body over " + std::to_string(max_body_bytes) + " bytes;");
        return;
      }
      if (!read) return WriteText(res, 400, "caused: request body could not be read;");
      run(raw, res, std::move(body), {});
    };
    if (r->method == "GET") {
      server.Get(r->path, plain);
    } else if (r->method == "POST") {
      server.Post(r->path, plain);
      server.Post(r->path, with_body);
    } else if (r->method == "PUT") {
      server.Put(r->path, plain);
      server.Put(r->path, with_body);
    } else if (r->method == "DELETE") {
      server.Delete(r->path, plain);
      server.Delete(r->path, with_body);
    }
  }
}

}  // namespace lever::http
