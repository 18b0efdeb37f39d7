// HttpRouter: the route table of lever-server's HTTP port, and the one middleware every request
// passes through (client IP, parameter merging, the RequestGuard hook for auth, error capture,
// metrics and access logs).
//
// Handlers never see raw bodies they must parse themselves: HttpRequest merges query parameters
// and an application/x-www-form-urlencoded body the way a servlet's getParameter() does (query
// first), decoding the body as UTF-8 whatever charset the client declares (nacos-protocol.md §3).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/wire/multipart.h"
#include "base/status.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace lever::http {

// Error dialect of a route: how a rejection by the guard or a failure is rendered.
enum class Dialect {
  kV1,       // plain text "caused: <msg>;" with the Nacos status
  kV2,       // {"code","message","data"} envelope
  kConsole,  // {"code","message","data"} with code = HTTP status (v1 console style)
  kPlain,    // plain text, for health and metrics
};

// What a route needs from the caller; the auth issue maps these onto the Nacos resource model.
enum class Access { kPublic, kRead, kWrite, kAdmin };

using wire::MultipartPart;

class HttpRequest {
 public:
  // Parts without a filename also become parameters (after the query ones), as a servlet's
  // getParameter() sees multipart fields.
  HttpRequest(const httplib::Request& raw, std::string client_ip, std::string form_body,
              std::vector<MultipartPart> parts = {});

  const std::string& method() const;
  const std::string& path() const;
  const std::string& client_ip() const { return client_ip_; }
  // The raw body when it is neither a url-encoded form nor multipart (JSON clone requests).
  const std::string& body() const { return body_; }
  // The parts of a multipart/form-data body, in order (empty for other bodies).
  const std::vector<MultipartPart>& parts() const { return parts_; }
  // The first part named `name`, or nullptr.
  const MultipartPart* Part(const std::string& name) const;
  const httplib::Request& raw() const { return raw_; }

  bool Has(const std::string& name) const { return params_.count(name) > 0; }
  // The first value of `name` ("" when absent).
  const std::string& Param(const std::string& name) const;
  // Header value, case-insensitive ("" when absent).
  std::string Header(const std::string& name) const;
  // Value of a parameter, falling back to a header of the same name (Nacos accepts either for
  // accessToken, casMd5 ...).
  std::string ParamOrHeader(const std::string& name) const;
  const std::multimap<std::string, std::string>& params() const { return params_; }

 private:
  const httplib::Request& raw_;
  std::string client_ip_;
  std::string body_;
  std::vector<MultipartPart> parts_;
  std::multimap<std::string, std::string> params_;
};

using HttpHandler = std::function<void(const HttpRequest&, httplib::Response&)>;

// Delivers the answer of an asynchronous route: called exactly once, from any thread (also
// before the handler returns).
using Responder = std::function<void(httplib::Response&)>;
// A route that may answer later without holding a thread (a held long-poll). It must not block;
// it copies what it needs from the request, which does not outlive the call.
using AsyncHttpHandler = std::function<void(const HttpRequest&, Responder)>;

// True for a request the route answers from memory without blocking (no disk, no network, no
// waiting): the event-loop transport then runs it on the loop thread instead of handing it to a
// worker. Must be cheap itself and look only at the method, path, query and headers.
using InlinePredicate = bool (*)(const httplib::Request& raw);

struct Route {
  std::string method;  // GET POST PUT DELETE
  std::string path;    // exact path, e.g. /nacos/v1/cs/configs
  Access access = Access::kRead;
  Dialect dialect = Dialect::kV1;
  HttpHandler handler;                      // or, for an asynchronous route, null and:
  InlinePredicate served_inline = nullptr;  // null: always on a worker thread
  AsyncHttpHandler async_handler = {};
};

// For routes that are always cheap (health, plain reads).
bool AlwaysInline(const httplib::Request& raw);

// Admission check run before every handler (auth plugs in here). Returning an error stops the
// request; it is rendered in the route's dialect.
class RequestGuard {
 public:
  virtual ~RequestGuard() = default;
  virtual Status Admit(const HttpRequest& request, const Route& route) = 0;
};

// Observes finished requests (metrics). Called on the request thread.
using RequestObserver = std::function<void(const Route&, int status, double seconds)>;

class HttpRouter {
 public:
  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  // Registers every route on `server`, wrapped in the middleware. `guard` and `observer` may be
  // null and must outlive the server. `max_body_bytes` bounds request bodies, multipart ones
  // included (413 beyond).
  void Install(httplib::Server& server, RequestGuard* guard, RequestObserver observer,
               size_t max_body_bytes) const;

  // Runs one request through the middleware and `route`'s handler (what Install registers, and
  // what the event-loop transport calls): client IP, parameters, guard, error capture, observer.
  static void Run(const Route& route, const httplib::Request& raw, std::string body,
                  std::vector<MultipartPart> parts, httplib::Response& res, RequestGuard* guard,
                  const RequestObserver& observer);
  // The same for an asynchronous route: `done` gets the answer (the guard's refusal at once).
  static void RunAsync(const Route& route, const httplib::Request& raw, std::string body,
                       std::vector<MultipartPart> parts, RequestGuard* guard, const RequestObserver& observer,
                       Responder done);

 private:
  std::vector<Route> routes_;
};

// Value of header `name` (ASCII case-insensitive), "" when absent. A linear scan of the few
// headers a request has: cheaper than httplib's multimap lookup, which calls tolower per character.
const std::string& HeaderValue(const httplib::Request& raw, std::string_view name);

// Client IP as Nacos computes it: first X-Forwarded-For entry, else X-Real-IP, else the socket.
std::string ClientIp(const httplib::Request& raw);

}  // namespace lever::http
