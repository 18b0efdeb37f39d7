// The token signing key of one install: 32 random bytes generated on first start and kept in a
// file of the data dir with mode 0600 (DESIGN.md decision 7: never a built-in secret).
#pragma once

#include <string>

#include "base/status.h"

namespace lever::auth {

// Reads the key at `path`, or creates the file (exclusively, mode 0600, parent dirs as needed)
// with a fresh random key when it does not exist. A key file readable by group or others is
// tightened to 0600. Internal when the file cannot be read or written, or holds fewer than 32
// bytes.
StatusOr<std::string> LoadOrCreateSigningKey(const std::string& path);

}  // namespace lever::auth
