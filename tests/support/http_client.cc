#include "support/http_client.h"

#include <httplib.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace lever::testing {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string WithQuery(std::string_view path, const Params& query) {
  std::string out(path);
  if (!query.empty()) out += (out.find('?') == std::string::npos ? "?" : "&") + EncodeParams(query);
  return out;
}

}  // namespace

std::string PercentEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string EncodeParams(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name) + "=" + PercentEncode(value);
  }
  return out;
}

Params WithOverrides(Params base, const Params& overrides) {
  for (const auto& [name, value] : overrides) {
    auto it =
        std::find_if(base.begin(), base.end(), [&](const auto& p) { return p.first == name; });
    if (it == base.end()) {
      base.emplace_back(name, value);
    } else {
      it->second = value;
    }
  }
  return base;
}

bool HttpResponse::has_header(std::string_view name) const {
  return headers.count(Lower(name)) != 0;
}

std::string HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(Lower(name));
  return it == headers.end() ? "" : it->second;
}

std::string HttpResponse::Describe() const {
  std::ostringstream out;
  if (!received()) {
    out << "no response: " << error;
  } else {
    constexpr size_t kMaxBody = 600;
    out << "HTTP " << status << " after " << elapsed.count() << " ms, body[" << body.size()
        << "]: " << body.substr(0, kMaxBody) << (body.size() > kMaxBody ? "..." : "");
  }
  return out.str();
}

HttpClient::HttpClient(int port, std::string host, std::chrono::milliseconds read_timeout)
    : port_(port), host_(std::move(host)), read_timeout_(read_timeout) {}

HttpResponse HttpClient::Get(std::string_view path, const Params& query,
                             const Headers& headers) const {
  return Send(Method::kGet, path, query, nullptr, "", headers);
}

HttpResponse HttpClient::Delete(std::string_view path, const Params& query,
                                const Headers& headers) const {
  return Send(Method::kDelete, path, query, nullptr, "", headers);
}

HttpResponse HttpClient::PostForm(std::string_view path, const Params& form, const Headers& headers,
                                  std::string_view content_type) const {
  const std::string body = EncodeParams(form);
  return Send(Method::kPost, path, {}, &body, content_type, headers);
}

HttpResponse HttpClient::PostRaw(std::string_view path, std::string body, const Headers& headers,
                                 std::string_view content_type) const {
  return Send(Method::kPost, path, {}, &body, content_type, headers);
}

HttpResponse HttpClient::PostQuery(std::string_view path, const Params& query,
                                   const Headers& headers) const {
  const std::string empty;
  return Send(Method::kPost, path, query, &empty, kFormType, headers);
}

HttpResponse HttpClient::PutForm(std::string_view path, const Params& form,
                                 const Headers& headers) const {
  const std::string body = EncodeParams(form);
  return Send(Method::kPut, path, {}, &body, kFormType, headers);
}

HttpResponse HttpClient::Send(Method method, std::string_view path, const Params& query,
                              const std::string* body, std::string_view content_type,
                              const Headers& headers) const {
  httplib::Client client(host_, port_);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(read_timeout_);
  client.set_write_timeout(std::chrono::seconds(60));
  httplib::Headers request_headers(headers.begin(), headers.end());
  const std::string target = WithQuery(path, query);
  const std::string type(content_type);

  const auto start = std::chrono::steady_clock::now();
  httplib::Result result = [&] {
    switch (method) {
      case Method::kGet:
        return client.Get(target, request_headers);
      case Method::kDelete:
        return client.Delete(target, request_headers);
      case Method::kPost:
        return client.Post(target, request_headers, *body, type);
      case Method::kPut:
        return client.Put(target, request_headers, *body, type);
    }
    return httplib::Result(nullptr, httplib::Error::Unknown);
  }();

  HttpResponse out;
  out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (!result) {
    out.error = httplib::to_string(result.error());
    return out;
  }
  out.status = result->status;
  out.body = result->body;
  for (const auto& [name, value] : result->headers) out.headers[Lower(name)] = value;
  return out;
}

std::string ListenRecord(std::string_view data_id, std::string_view group, std::string_view md5,
                         std::optional<std::string_view> tenant) {
  std::string out;
  out.append(data_id).append("\x02").append(group).append("\x02").append(md5);
  if (tenant) out.append("\x02").append(*tenant);
  out.append("\x01");
  return out;
}

HttpResponse LongPoll(int port, const LongPollRequest& request,
                      std::chrono::milliseconds read_timeout) {
  Params form;
  if (request.listening_configs) form.emplace_back("Listening-Configs", *request.listening_configs);
  form.insert(form.end(), request.extra_form.begin(), request.extra_form.end());
  Headers headers = request.extra_headers;
  if (request.timeout_ms) {
    headers.emplace_back("Long-Pulling-Timeout", std::to_string(*request.timeout_ms));
  }
  if (request.no_hangup) headers.emplace_back("Long-Pulling-Timeout-No-Hangup", "true");
  return HttpClient(port, "127.0.0.1", read_timeout)
      .PostForm("/nacos/v1/cs/configs/listener", form, headers);
}

std::string Md5Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace lever::testing
