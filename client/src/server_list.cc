#include "server_list.h"

#include <algorithm>
#include <charconv>

#include "internal.h"

namespace lever::detail {

namespace {

Result<ServerAddress> ParseOne(std::string entry) {
  const std::string original = entry;
  for (const char* scheme : {"http://", "https://"}) {
    if (entry.rfind(scheme, 0) == 0) entry = entry.substr(std::char_traits<char>::length(scheme));
  }
  while (!entry.empty() && entry.back() == '/') entry.pop_back();
  ServerAddress address;
  std::string port_text;
  if (!entry.empty() && entry.front() == '[') {
    const size_t close = entry.find(']');
    if (close == std::string::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "servers: bad address '" + original + "'");
    }
    address.host = entry.substr(1, close - 1);
    if (close + 1 < entry.size()) {
      if (entry[close + 1] != ':') {
        return MakeError(ErrorCode::kInvalidArgument, "servers: bad address '" + original + "'");
      }
      port_text = entry.substr(close + 2);
    }
  } else {
    const size_t colon = entry.rfind(':');
    address.host = entry.substr(0, colon);
    if (colon != std::string::npos) port_text = entry.substr(colon + 1);
  }
  if (address.host.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "servers: empty host in '" + original + "'");
  }
  if (!port_text.empty()) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port <= 0 ||
        port > 65535) {
      return MakeError(ErrorCode::kInvalidArgument, "servers: bad port in '" + original + "'");
    }
    address.port = port;
  }
  return address;
}

}  // namespace

Result<std::vector<ServerAddress>> ParseServers(const std::vector<std::string>& servers) {
  std::vector<ServerAddress> parsed;
  for (const std::string& entry : servers) {
    if (entry.empty()) continue;
    auto one = ParseOne(entry);
    if (!one.ok()) return one.error();
    parsed.push_back(std::move(one).value());
  }
  if (parsed.empty()) return MakeError(ErrorCode::kInvalidArgument, "servers: the list is empty");
  return parsed;
}

ServerAddress ServerRotation::Current() const {
  std::lock_guard lock(mu_);
  return servers_[index_];
}

bool ServerRotation::Advance() {
  std::lock_guard lock(mu_);
  index_ = (index_ + 1) % servers_.size();
  return index_ == 0;
}

bool ServerRotation::Prefer(const std::string& host, int port) {
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < servers_.size(); ++i) {
    if (servers_[i].host == host && servers_[i].port == port) {
      index_ = i;
      return true;
    }
  }
  return false;
}

std::chrono::milliseconds Backoff::Next() {
  next_ = next_.count() == 0 ? min_ : std::min(max_, next_ * 2);
  return next_;
}

}  // namespace lever::detail
