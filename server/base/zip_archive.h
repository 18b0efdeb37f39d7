// A minimal zip archive writer and reader (PKWARE APPNOTE 6.3, no zip64, no encryption), for the
// config export/import of nacos-protocol.md §10.3.
//
// The reader takes untrusted bytes from an HTTP upload. It trusts nothing it reads: every offset
// and size is checked against the archive, each entry must inflate to exactly the size and CRC-32
// its central directory record declares, and ZipReadLimits caps the entry count and the total
// uncompressed bytes, so a small archive cannot expand into a large allocation (zip bomb).
//
// Thread safety: ZipWriter is a plain value (one thread at a time); ReadZip is a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace lever {

enum class ZipMethod : uint16_t {
  kStored = 0,
  kDeflated = 8,
};

// One file of an archive. Names are stored as given ('/'-separated, UTF-8); a name ending in
// '/' is a directory entry with no data.
struct ZipEntry {
  std::string name;
  std::string data;  // uncompressed bytes

  bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

// Builds an archive in memory.
class ZipWriter {
 public:
  // Every entry gets `modified_epoch_seconds` as its modification time (local time, as DOS
  // time stamps have no zone; clamped to 1980..2107).
  explicit ZipWriter(int64_t modified_epoch_seconds);

  // Appends an entry. InvalidArgument for an empty name or one over 65535 bytes;
  // ResourceExhausted when the archive would need zip64 (over 65535 entries or 4 GiB).
  Status Add(std::string_view name, std::string_view data, ZipMethod method);

  // The complete archive (central directory and end record appended). The writer is spent.
  std::string Finish() &&;

 private:
  struct Record {
    std::string name;
    uint16_t method;
    uint32_t crc;
    uint32_t compressed_size;
    uint32_t size;
    uint32_t local_header_offset;
  };

  // The fields local and central headers share: "version needed" to "extra field length".
  void PutSharedFields(const Record& r);

  uint16_t dos_time_ = 0;
  uint16_t dos_date_ = 0;
  std::string out_;
  std::vector<Record> records_;
  uint64_t central_bytes_ = 0;  // size of the central directory so far
};

struct ZipReadLimits {
  size_t max_entries = 10000;
  uint64_t max_total_uncompressed = 64u << 20;  // sum over all entries
};

// Reads every entry, in central directory order (directories included, with empty data).
// InvalidArgument when the bytes are not a well-formed archive (truncated, bad offsets, CRC or
// size mismatch, encrypted entries, methods other than stored/deflated, zip64, multi-disk);
// ResourceExhausted when `limits` are exceeded.
StatusOr<std::vector<ZipEntry>> ReadZip(std::string_view archive, const ZipReadLimits& limits = {});

}  // namespace lever
