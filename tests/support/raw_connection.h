// A plain TCP connection to the server for what a parsing HTTP client hides or cannot do: seeing
// headers with empty values, keeping an idle keep-alive connection open, sending malformed bytes.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace lever::testing {

// Not thread safe. Closes the socket on destruction.
class RawConnection {
 public:
  // Connects to 127.0.0.1:`port`; connected() tells whether it worked.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Writes all of `bytes`; false on error (never raises SIGPIPE).
  bool Send(std::string_view bytes);
  // Reads until everything received so far contains `marker`, the peer closes, or `deadline`
  // passes. Returns all bytes received on this connection so far.
  std::string ReadUntil(std::string_view marker, std::chrono::milliseconds deadline);
  // Reads until the peer closes or `deadline` passes; returns all bytes received so far.
  std::string ReadToClose(std::chrono::milliseconds deadline);
  // True once a read has seen the peer close the connection (or fail).
  bool closed_by_peer() const { return closed_by_peer_; }

 private:
  // One recv with a timeout; false when the peer closed or failed.
  bool ReadSome(std::chrono::milliseconds timeout);

  int fd_ = -1;
  std::string received_;
  bool closed_by_peer_ = false;
};

// Sends `request` verbatim on a fresh connection and returns everything the server writes until
// it closes the connection (or `deadline`). Send `Connection: close` in the request.
std::string RawExchange(int port, std::string_view request,
                        std::chrono::milliseconds deadline = std::chrono::milliseconds(5000));

}  // namespace lever::testing
