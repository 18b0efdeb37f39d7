#include "support/raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace lever::testing {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return fd_ >= 0;
}

bool RawConnection::ReadSome(milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return true;  // nothing yet; not closed
  char buffer[8192];
  const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
  if (n <= 0) {
    closed_by_peer_ = true;
    return false;
  }
  received_.append(buffer, static_cast<size_t>(n));
  return true;
}

std::string RawConnection::ReadUntil(std::string_view marker, milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  while (fd_ >= 0 && !closed_by_peer_ && received_.find(marker) == std::string::npos) {
    const auto left = std::chrono::duration_cast<milliseconds>(end - Clock::now());
    if (left <= milliseconds(0) || !ReadSome(std::min(left, milliseconds(50)))) break;
  }
  return received_;
}

std::string RawConnection::ReadToClose(milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  while (fd_ >= 0 && !closed_by_peer_) {
    const auto left = std::chrono::duration_cast<milliseconds>(end - Clock::now());
    if (left <= milliseconds(0) || !ReadSome(std::min(left, milliseconds(50)))) break;
  }
  return received_;
}

std::string RawExchange(int port, std::string_view request, milliseconds deadline) {
  RawConnection connection(port);
  if (!connection.Send(request)) return "";
  return connection.ReadToClose(deadline);
}

}  // namespace lever::testing
