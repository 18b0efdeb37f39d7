#include "storage/record_codec.h"

#include <cassert>
#include <limits>
#include <utility>

namespace lever::storage {
namespace {

enum class RecordKind : uint8_t { kConfigItem = 'C', kHistoryEntry = 'H', kNamespace = 'N' };

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Str(const std::string& s) {
    assert(s.size() <= std::numeric_limits<uint32_t>::max());  // configs are size-limited
    const auto n = static_cast<uint32_t>(s.size());
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(n >> (8 * i)));
    out_.append(s);
  }
  void Op(core::HistoryOp op) { U8(static_cast<uint8_t>(op)); }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Once a read fails every later read is a no-op, so field lists need no error checks of their
// own; Finish() reports the first failure.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  void U8(uint8_t& v) {
    if (!Need(1)) return;
    v = static_cast<uint8_t>(in_[pos_++]);
  }
  void U64(uint64_t& v) {
    if (!Need(8)) return;
    uint64_t r = 0;
    for (int i = 0; i < 8; ++i) r |= uint64_t{static_cast<uint8_t>(in_[pos_ + i])} << (8 * i);
    pos_ += 8;
    v = r;
  }
  void I64(int64_t& v) {
    uint64_t u = 0;
    U64(u);
    v = static_cast<int64_t>(u);
  }
  void Str(std::string& s) {
    if (!Need(4)) return;
    uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= uint32_t{static_cast<uint8_t>(in_[pos_ + i])} << (8 * i);
    pos_ += 4;
    if (!Need(n)) return;
    s.assign(in_.data() + pos_, n);
    pos_ += n;
  }
  void Str(base::CompactString& s) {
    std::string value;
    Str(value);
    s = std::move(value);
  }
  void Op(core::HistoryOp& op) {
    uint8_t b = 0;
    U8(b);
    if (!ok_) return;
    switch (static_cast<core::HistoryOp>(b)) {
      case core::HistoryOp::kInsert:
      case core::HistoryOp::kUpdate:
      case core::HistoryOp::kDelete:
        op = static_cast<core::HistoryOp>(b);
        return;
    }
    Fail("unknown history op");
  }

  // Checks the version and kind bytes that open every record.
  void Header(RecordKind kind) {
    uint8_t version = 0;
    uint8_t got = 0;
    U8(version);
    U8(got);
    if (ok_ && version != kRecordFormatVersion) Fail("unknown format version");
    if (ok_ && got != static_cast<uint8_t>(kind)) Fail("unexpected record kind");
  }

  Status Finish(const char* what) {
    if (ok_ && pos_ != in_.size()) Fail("trailing bytes");
    if (ok_) return Status::Ok();
    return Status::Internal(std::string("corrupt record (") + what + "): " + error_);
  }

 private:
  bool Need(size_t n) {
    if (!ok_) return false;
    if (in_.size() - pos_ < n) {
      Fail("truncated");
      return false;
    }
    return true;
  }
  void Fail(const char* why) {
    ok_ = false;
    error_ = why;
  }

  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
  const char* error_ = "";
};

// One field list per record serves both directions, so encoder and decoder cannot drift apart.
// `Item` is `const T` when encoding and `T` when decoding.
template <typename Codec, typename Key>
void KeyFields(Codec& c, Key& key) {
  c.Str(key.tenant);
  c.Str(key.group);
  c.Str(key.data_id);
}

template <typename Codec, typename Item>
void ConfigItemFields(Codec& c, Item& item) {
  KeyFields(c, item.key);
  c.Str(item.gray_name);
  c.Str(item.beta_ips);
  c.Str(item.tag);
  c.Str(item.content);
  c.Str(item.md5);
  c.Str(item.type);
  c.Str(item.app_name);
  c.Str(item.desc);
  c.Str(item.use);
  c.Str(item.effect);
  c.Str(item.schema);
  c.Str(item.config_tags);
  c.Str(item.encrypted_data_key);
  c.Str(item.src_user);
  c.Str(item.src_ip);
  c.I64(item.create_time_ms);
  c.I64(item.modify_time_ms);
  c.U64(item.create_revision);
  c.U64(item.modify_revision);
}

template <typename Codec, typename Entry>
void HistoryEntryFields(Codec& c, Entry& entry) {
  c.U64(entry.nid);
  c.U64(entry.config_id);
  KeyFields(c, entry.key);
  c.Str(entry.gray_name);
  c.Op(entry.op);
  c.Str(entry.content);
  c.Str(entry.md5);
  c.Str(entry.type);
  c.Str(entry.app_name);
  c.Str(entry.encrypted_data_key);
  c.Str(entry.src_user);
  c.Str(entry.src_ip);
  c.I64(entry.time_ms);
}

template <typename Codec, typename Ns>
void NamespaceFields(Codec& c, Ns& ns) {
  c.Str(ns.id);
  c.Str(ns.show_name);
  c.Str(ns.desc);
  c.I64(ns.create_time_ms);
}

template <typename T, typename Fields>
std::string Encode(RecordKind kind, const T& record, Fields fields) {
  Writer w;
  w.U8(kRecordFormatVersion);
  w.U8(static_cast<uint8_t>(kind));
  fields(w, record);
  return w.Take();
}

template <typename T, typename Fields>
StatusOr<T> Decode(RecordKind kind, const char* what, std::string_view bytes, Fields fields) {
  Reader r(bytes);
  r.Header(kind);
  T record;
  fields(r, record);
  LEVER_RETURN_IF_ERROR(r.Finish(what));
  return record;
}

}  // namespace

std::string EncodeConfigItem(const core::ConfigItem& item) {
  return Encode(RecordKind::kConfigItem, item, [](auto& c, auto& v) { ConfigItemFields(c, v); });
}

StatusOr<core::ConfigItem> DecodeConfigItem(std::string_view bytes) {
  return Decode<core::ConfigItem>(RecordKind::kConfigItem, "config item", bytes,
                                  [](auto& c, auto& v) { ConfigItemFields(c, v); });
}

std::string EncodeHistoryEntry(const core::HistoryEntry& entry) {
  return Encode(RecordKind::kHistoryEntry, entry,
                [](auto& c, auto& v) { HistoryEntryFields(c, v); });
}

StatusOr<core::HistoryEntry> DecodeHistoryEntry(std::string_view bytes) {
  return Decode<core::HistoryEntry>(RecordKind::kHistoryEntry, "history entry", bytes,
                                    [](auto& c, auto& v) { HistoryEntryFields(c, v); });
}

std::string EncodeNamespace(const core::Namespace& ns) {
  return Encode(RecordKind::kNamespace, ns, [](auto& c, auto& v) { NamespaceFields(c, v); });
}

StatusOr<core::Namespace> DecodeNamespace(std::string_view bytes) {
  return Decode<core::Namespace>(RecordKind::kNamespace, "namespace", bytes,
                                 [](auto& c, auto& v) { NamespaceFields(c, v); });
}

std::string EncodeCounter(uint64_t value) {
  Writer w;
  w.U64(value);
  return w.Take();
}

StatusOr<uint64_t> DecodeCounter(std::string_view bytes) {
  Reader r(bytes);
  uint64_t value = 0;
  r.U64(value);
  LEVER_RETURN_IF_ERROR(r.Finish("counter"));
  return value;
}

}  // namespace lever::storage
