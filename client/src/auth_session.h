// Nacos login (nacos-protocol.md §9): POST /nacos/v1/auth/login with username/password, cache the
// accessToken until shortly before tokenTtl runs out, log in again after a 403. Without a username
// it does nothing. A failed login is logged and the request goes on without a token (as the Java and
// Go clients do): a server with auth off accepts it, one with auth on answers 403. Thread safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "server_list.h"

namespace lever::detail {

class AuthSession {
 public:
  AuthSession(std::string username, std::string password, std::chrono::milliseconds timeout)
      : username_(std::move(username)), password_(std::move(password)), timeout_(timeout) {}

  bool enabled() const { return !username_.empty(); }
  // A token valid for `server` ("" when auth is not configured or login failed).
  std::string Token(const ServerAddress& server);
  // The server rejected the token: the next Token() logs in again.
  void Invalidate();

 private:
  const std::string username_;
  const std::string password_;
  const std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::string token_;
  std::string token_server_;
  std::chrono::steady_clock::time_point refresh_at_{};
  std::chrono::steady_clock::time_point retry_login_at_{};
};

}  // namespace lever::detail
