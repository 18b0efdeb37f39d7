// A small HTTP client for integration tests, on top of cpp-httplib: exact control over form and
// query encoding (Nacos clients percent-encode themselves), plain-value responses that print well
// in assertion messages, and the long-poll request with its own read timeout.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lever::testing {

// Ordered name/value pairs; order and duplicates are preserved on the wire.
using Params = std::vector<std::pair<std::string, std::string>>;
// Request headers, sent as given.
using Headers = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes every byte except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), so a
// space becomes %20 and "\x02" becomes %02. Valid for query strings and form bodies alike.
std::string PercentEncode(std::string_view value);
// "a=1&b=x%20y" from pairs, with PercentEncode on names and values.
std::string EncodeParams(const Params& params);
// `base` with each name in `overrides` set to the override's value (appended when absent).
Params WithOverrides(Params base, const Params& overrides);

struct HttpResponse {
  // 0 when no response arrived (connection refused, reset, timed out); see `error` then.
  int status = 0;
  std::string body;
  // Header names lower-cased; repeated headers keep the last value.
  std::map<std::string, std::string> headers;
  std::string error;
  // Wall time from sending the request to having the whole response.
  std::chrono::milliseconds elapsed{0};

  bool received() const { return status != 0; }
  bool has_header(std::string_view name) const;
  // "" when absent.
  std::string header(std::string_view name) const;
  // "HTTP 400, body: ..." or "no response: ..." for assertion messages.
  std::string Describe() const;
};

// One keep-alive-less connection per request, so a test never depends on connection reuse.
// Thread safe: every call opens its own httplib::Client.
class HttpClient {
 public:
  explicit HttpClient(int port, std::string host = "127.0.0.1",
                      std::chrono::milliseconds read_timeout = std::chrono::milliseconds(10000));

  int port() const { return port_; }

  HttpResponse Get(std::string_view path, const Params& query = {},
                   const Headers& headers = {}) const;
  HttpResponse Delete(std::string_view path, const Params& query = {},
                      const Headers& headers = {}) const;
  // POST with `form` url-encoded in the body. `content_type` defaults to the plain form type;
  // pass e.g. "application/x-www-form-urlencoded; charset=GBK" to imitate the Node client.
  HttpResponse PostForm(std::string_view path, const Params& form, const Headers& headers = {},
                        std::string_view content_type = kFormType) const;
  // POST with an already encoded body, as given.
  HttpResponse PostRaw(std::string_view path, std::string body, const Headers& headers = {},
                       std::string_view content_type = kFormType) const;
  // POST with parameters in the query string and an empty body.
  HttpResponse PostQuery(std::string_view path, const Params& query,
                         const Headers& headers = {}) const;
  HttpResponse PutForm(std::string_view path, const Params& form,
                       const Headers& headers = {}) const;

  static constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

 private:
  enum class Method { kGet, kDelete, kPost, kPut };
  HttpResponse Send(Method method, std::string_view path, const Params& query,
                    const std::string* body, std::string_view content_type,
                    const Headers& headers) const;

  int port_;
  std::string host_;
  std::chrono::milliseconds read_timeout_;
};

// Nacos long-poll listener request (nacos-protocol.md §5).
struct LongPollRequest {
  // Raw (decoded) Listening-Configs value, e.g. built with ListenRecord(). nullopt = omit it.
  std::optional<std::string> listening_configs;
  // Value of `Long-Pulling-Timeout` in ms; nullopt = omit the header (short-poll path).
  std::optional<int> timeout_ms = 30000;
  bool no_hangup = false;
  // Additional form fields (e.g. `tenant`) and headers.
  Params extra_form;
  Headers extra_headers;
};

// One listener record: dataId ^2 group ^2 md5 [^2 tenant] ^1.
std::string ListenRecord(std::string_view data_id, std::string_view group, std::string_view md5,
                         std::optional<std::string_view> tenant = std::nullopt);

// POSTs /nacos/v1/cs/configs/listener and blocks until the answer or `read_timeout`.
HttpResponse LongPoll(int port, const LongPollRequest& request,
                      std::chrono::milliseconds read_timeout = std::chrono::milliseconds(40000));

// Lowercase hex MD5 of the bytes, as Nacos computes config md5s (independent of server code).
std::string Md5Hex(std::string_view bytes);

}  // namespace lever::testing
