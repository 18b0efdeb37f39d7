#include "auth_session.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "base/url_codec.h"
#include "internal.h"

namespace lever::detail {

std::string AuthSession::Token(const ServerAddress& server) {
  if (!enabled()) return "";
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  const std::string where = server.ToString();
  if (!token_.empty() && token_server_ == where && now < refresh_at_) return token_;
  if (token_server_ == where && now < retry_login_at_) return token_;

  httplib::Client http(server.host, server.port);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout_);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout_ - seconds);
  http.set_connection_timeout(seconds.count(), micros.count());
  http.set_read_timeout(seconds.count(), micros.count());
  const std::string body = "username=" + FormUrlEncode(username_) + "&password=" + FormUrlEncode(password_);
  auto res = http.Post("/nacos/v1/auth/login", body, "application/x-www-form-urlencoded");
  token_server_ = where;
  if (res && res->status == 200) {
    auto json = nlohmann::json::parse(res->body, nullptr, false);
    if (json.is_object() && json.contains("accessToken") && json["accessToken"].is_string()) {
      token_ = json["accessToken"].get<std::string>();
      const int64_t ttl_s = json.value("tokenTtl", int64_t{18000});
      // Refresh at 90% of the lifetime, as the Go client does.
      refresh_at_ = now + std::chrono::milliseconds(ttl_s * 900);
      ClientLog()->info("event=login server={} user={} ttl_s={}", where, username_, ttl_s);
      return token_;
    }
  }
  token_.clear();
  retry_login_at_ = now + std::chrono::seconds(1);
  ClientLog()->warn("event=login_failed server={} user={} status={}", where, username_,
                    res ? std::to_string(res->status) : httplib::to_string(res.error()));
  return token_;
}

void AuthSession::Invalidate() {
  std::lock_guard lock(mu_);
  token_.clear();
  refresh_at_ = {};
  retry_login_at_ = {};
}

}  // namespace lever::detail
