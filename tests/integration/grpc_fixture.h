// Helpers shared by the gRPC integration tests (tests/integration/grpc_*_test.cc).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "support/grpc_test_client.h"

namespace lever::testing {

inline constexpr const char* kGroup = "DEFAULT_GROUP";

// A client on 127.0.0.1:`grpc_port` that completed the SDK start sequence; fails the test if not.
inline std::unique_ptr<NacosGrpcClient> Connected(int grpc_port, GrpcClientOptions options = {}) {
  std::string error;
  auto client = NacosGrpcClient::ConnectTo(grpc_port, std::move(options), &error);
  REQUIRE_MESSAGE(client != nullptr, "gRPC connect failed: " << error);
  return client;
}

}  // namespace lever::testing
