#include "base/zip_archive.h"

#include <zlib.h>

#include <ctime>
#include <tuple>
#include <utility>

namespace lever {
namespace {

constexpr uint32_t kLocalSignature = 0x04034b50;
constexpr uint32_t kCentralSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndRecordSize = 22;
constexpr uint64_t kMax32 = 0xffffffffu;
constexpr size_t kMaxEntries16 = 0xffff;

constexpr uint16_t kVersion = 20;                // 2.0: deflate, directories
constexpr uint16_t kMadeByUnix = (3 << 8) | 20;  // so unzip(1) applies the Unix modes below
constexpr uint16_t kFlagEncrypted = 0x0001;
constexpr uint16_t kFlagStrongEncryption = 0x0040;
constexpr uint16_t kFlagUtf8Names = 0x0800;
constexpr uint32_t kFileAttributes = 0100644u << 16;
constexpr uint32_t kDirectoryAttributes = (040755u << 16) | 0x10;

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void Put32(std::string& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

// Callers have checked that `at` + 2 (or 4) is within `s`.
uint16_t Get16(std::string_view s, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(s[at]) | static_cast<uint8_t>(s[at + 1]) << 8);
}

uint32_t Get32(std::string_view s, size_t at) {
  return Get16(s, at) | static_cast<uint32_t>(Get16(s, at + 2)) << 16;
}

uint32_t Crc32(std::string_view data) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

Status Malformed(const std::string& why) {
  return Status::InvalidArgument("invalid zip archive: " + why);
}

StatusOr<std::string> Deflate(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return Status::Internal("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status::Internal("deflate failed");
  return out;
}

// Inflates a raw deflate stream that must produce exactly `expected` bytes. The output buffer is
// one byte larger than declared, so a stream that would grow beyond it is caught without
// allocating more.
StatusOr<std::string> Inflate(std::string_view compressed, uint32_t expected,
                              const std::string& name) {
  z_stream zs{};
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return Status::Internal("inflateInit2 failed");
  std::string out(static_cast<size_t>(expected) + 1, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&zs, Z_FINISH);
  const uLong produced = zs.total_out;
  inflateEnd(&zs);
  if (produced > expected) return Malformed(name + " inflates beyond its declared size");
  if (rc == Z_STREAM_END) {
    if (produced != expected) return Malformed(name + " is shorter than its declared size");
    out.resize(expected);
    return out;
  }
  if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) return Malformed(name + " has corrupt deflate data");
  return Malformed(name + " has truncated deflate data");
}

// DOS date and time (local time, 2-second resolution), clamped to the representable years.
std::pair<uint16_t, uint16_t> DosDateTime(int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  if (tm.tm_year < 80) return {static_cast<uint16_t>((1 << 5) | 1), 0};  // 1980-01-01 00:00
  if (tm.tm_year > 80 + 127) {                                           // 2107-12-31 23:59:58
    tm.tm_year = 80 + 127;
    tm.tm_mon = 11;
    tm.tm_mday = 31;
    tm.tm_hour = 23;
    tm.tm_min = 59;
    tm.tm_sec = 58;
  }
  const auto date =
      static_cast<uint16_t>((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
  const auto time = static_cast<uint16_t>(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
  return {date, time};
}

}  // namespace

ZipWriter::ZipWriter(int64_t modified_epoch_seconds) {
  std::tie(dos_date_, dos_time_) = DosDateTime(modified_epoch_seconds);
}

Status ZipWriter::Add(std::string_view name, std::string_view data, ZipMethod method) {
  if (name.empty() || name.size() > 0xffff) {
    return Status::InvalidArgument("zip entry names must have 1 to 65535 bytes");
  }
  if (records_.size() >= kMaxEntries16 || data.size() > kMax32) {
    return Status::ResourceExhausted("zip archive too large (zip64 is not supported)");
  }
  std::string deflated;
  if (method == ZipMethod::kDeflated) {
    auto d = Deflate(data);
    if (!d.ok()) return d.status();
    deflated = std::move(d).value();
  }
  std::string_view stored = method == ZipMethod::kDeflated ? std::string_view(deflated) : data;

  const uint64_t central_bytes = central_bytes_ + kCentralHeaderSize + name.size();
  const uint64_t projected =
      out_.size() + kLocalHeaderSize + name.size() + stored.size() + central_bytes + kEndRecordSize;
  if (projected > kMax32) {
    return Status::ResourceExhausted("zip archive too large (zip64 is not supported)");
  }

  Record r{std::string(name),
           static_cast<uint16_t>(method),
           Crc32(data),
           static_cast<uint32_t>(stored.size()),
           static_cast<uint32_t>(data.size()),
           static_cast<uint32_t>(out_.size())};
  Put32(out_, kLocalSignature);
  PutSharedFields(r);
  out_.append(name);
  out_.append(stored);
  records_.push_back(std::move(r));
  central_bytes_ = central_bytes;
  return Status::Ok();
}

void ZipWriter::PutSharedFields(const Record& r) {
  Put16(out_, kVersion);
  Put16(out_, kFlagUtf8Names);
  Put16(out_, r.method);
  Put16(out_, dos_time_);
  Put16(out_, dos_date_);
  Put32(out_, r.crc);
  Put32(out_, r.compressed_size);
  Put32(out_, r.size);
  Put16(out_, static_cast<uint16_t>(r.name.size()));
  Put16(out_, 0);  // extra field length
}

std::string ZipWriter::Finish() && {
  const auto central_offset = static_cast<uint32_t>(out_.size());
  for (const Record& r : records_) {
    const bool directory = r.name.back() == '/';
    Put32(out_, kCentralSignature);
    Put16(out_, kMadeByUnix);
    PutSharedFields(r);
    Put16(out_, 0);  // comment length
    Put16(out_, 0);  // disk number
    Put16(out_, 0);  // internal attributes
    Put32(out_, directory ? kDirectoryAttributes : kFileAttributes);
    Put32(out_, r.local_header_offset);
    out_.append(r.name);
  }
  const auto central_size = static_cast<uint32_t>(out_.size() - central_offset);
  Put32(out_, kEndSignature);
  Put16(out_, 0);  // this disk
  Put16(out_, 0);  // disk with the central directory
  Put16(out_, static_cast<uint16_t>(records_.size()));
  Put16(out_, static_cast<uint16_t>(records_.size()));
  Put32(out_, central_size);
  Put32(out_, central_offset);
  Put16(out_, 0);  // comment length
  return std::move(out_);
}

StatusOr<std::vector<ZipEntry>> ReadZip(std::string_view z, const ZipReadLimits& limits) {
  if (z.size() < kEndRecordSize) return Malformed("too short");
  // The end record is the last thing in the file, followed only by its comment (< 64 KiB).
  const size_t lowest = z.size() > kEndRecordSize + 0xffff ? z.size() - kEndRecordSize - 0xffff : 0;
  size_t end = std::string_view::npos;
  for (size_t at = z.size() - kEndRecordSize + 1; at-- > lowest;) {
    if (Get32(z, at) == kEndSignature && at + kEndRecordSize + Get16(z, at + 20) <= z.size()) {
      end = at;
      break;
    }
  }
  if (end == std::string_view::npos) return Malformed("no end of central directory record");

  const uint16_t disk = Get16(z, end + 4);
  const uint16_t central_disk = Get16(z, end + 6);
  const uint16_t count_on_disk = Get16(z, end + 8);
  const uint16_t count = Get16(z, end + 10);
  const uint32_t central_size = Get32(z, end + 12);
  const uint32_t central_offset = Get32(z, end + 16);
  if (count == 0xffff || central_size == kMax32 || central_offset == kMax32) {
    return Malformed("zip64 archives are not supported");
  }
  if (disk != 0 || central_disk != 0 || count_on_disk != count) {
    return Malformed("multi-disk archives are not supported");
  }
  if (count > limits.max_entries) {
    return Status::ResourceExhausted("zip archive has more than " +
                                     std::to_string(limits.max_entries) + " entries");
  }
  if (uint64_t{central_offset} + central_size > end) {
    return Malformed("central directory out of bounds");
  }

  std::vector<ZipEntry> entries;
  entries.reserve(count);
  uint64_t total = 0;
  size_t pos = central_offset;
  const size_t central_end = size_t{central_offset} + central_size;
  for (uint16_t i = 0; i < count; ++i) {
    if (pos + kCentralHeaderSize > central_end || Get32(z, pos) != kCentralSignature) {
      return Malformed("bad central directory record " + std::to_string(i));
    }
    const uint16_t flags = Get16(z, pos + 8);
    const uint16_t method = Get16(z, pos + 10);
    const uint32_t crc = Get32(z, pos + 16);
    const uint32_t compressed_size = Get32(z, pos + 20);
    const uint32_t size = Get32(z, pos + 24);
    const size_t name_len = Get16(z, pos + 28);
    const size_t record_end =
        pos + kCentralHeaderSize + name_len + Get16(z, pos + 30) + Get16(z, pos + 32);
    const uint32_t local = Get32(z, pos + 42);
    if (record_end > central_end) return Malformed("central directory record out of bounds");
    ZipEntry entry;
    entry.name.assign(z.substr(pos + kCentralHeaderSize, name_len));
    pos = record_end;

    if (flags & (kFlagEncrypted | kFlagStrongEncryption)) {
      return Malformed(entry.name + " is encrypted");
    }
    if (method != static_cast<uint16_t>(ZipMethod::kStored) &&
        method != static_cast<uint16_t>(ZipMethod::kDeflated)) {
      return Malformed(entry.name + " uses unsupported compression method " +
                       std::to_string(method));
    }
    if (compressed_size == kMax32 || size == kMax32 || local == kMax32) {
      return Malformed("zip64 archives are not supported");
    }
    if (size > limits.max_total_uncompressed - total) {
      return Status::ResourceExhausted("zip archive expands beyond " +
                                       std::to_string(limits.max_total_uncompressed) + " bytes");
    }
    total += size;

    // Sizes come from the central directory: local headers may defer them to a data descriptor.
    if (uint64_t{local} + kLocalHeaderSize > central_offset || Get32(z, local) != kLocalSignature) {
      return Malformed("bad local header of " + entry.name);
    }
    const uint64_t data_start =
        uint64_t{local} + kLocalHeaderSize + Get16(z, local + 26) + Get16(z, local + 28);
    if (data_start + compressed_size > central_offset) {
      return Malformed("data of " + entry.name + " out of bounds");
    }
    std::string_view raw = z.substr(static_cast<size_t>(data_start), compressed_size);
    if (method == static_cast<uint16_t>(ZipMethod::kStored)) {
      if (compressed_size != size) return Malformed(entry.name + " has inconsistent sizes");
      entry.data.assign(raw);
    } else {
      auto inflated = Inflate(raw, size, entry.name);
      if (!inflated.ok()) return inflated.status();
      entry.data = std::move(inflated).value();
    }
    if (Crc32(entry.data) != crc) return Malformed("CRC-32 mismatch in " + entry.name);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace lever
