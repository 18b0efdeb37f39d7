// The token signing key of one install: 32 random bytes generated on first start and kept in a
// file of the data dir with mode 0600 (DESIGN.md decision 7: never a built-in secret).
#pragma once

#include <string>

#include "base/status.h"

namespace lever::storage {
class Store;
}

namespace lever::auth {

// Reads the key at `path`, or creates the file (exclusively, mode 0600, parent dirs as needed)
// with a fresh random key when it does not exist. A key file readable by group or others is
// tightened to 0600. Internal when the file cannot be read or written, or holds fewer than 32
// bytes.
StatusOr<std::string> LoadOrCreateSigningKey(const std::string& path);

// The key of a cluster whose nodes share one Store (etcd): the auth record
// kSharedSigningKeyRecord (hex), created once by whichever node starts first (CreateAuthRecord is
// atomic), then read by every node, so a token from one node is valid on all. Internal on storage
// failure or a malformed record.
StatusOr<std::string> LoadOrCreateSharedSigningKey(storage::Store& store);

}  // namespace lever::auth
