#include "api/grpc/json_reader.h"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lever::rpc {

namespace {

using Json = nlohmann::ordered_json;

// kUnsupported: valid or not, the text has something this reader leaves to nlohmann.
enum class Read { kOk, kInvalid, kUnsupported };

constexpr int kMaxDepth = 64;

// Bytes that stand for themselves inside a string: printable ASCII except '"' and '\'.
constexpr std::array<bool, 256> kPlainStringByte = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

bool InRange(int byte, int low, int high) { return byte >= low && byte <= high; }

// The length of the well-formed UTF-8 sequence starting at `p` (RFC 3629, the ranges nlohmann
// accepts), or 0 when it is not one.
size_t Utf8SequenceLength(const char* p, const char* end) {
  auto at = [&](size_t i) { return p + i < end ? static_cast<unsigned char>(p[i]) : -1; };
  auto tail = [&](size_t i) { return InRange(at(i), 0x80, 0xBF); };
  const int lead = at(0);
  if (InRange(lead, 0xC2, 0xDF)) return tail(1) ? 2 : 0;
  if (lead == 0xE0) return InRange(at(1), 0xA0, 0xBF) && tail(2) ? 3 : 0;
  if (InRange(lead, 0xE1, 0xEC) || InRange(lead, 0xEE, 0xEF)) return tail(1) && tail(2) ? 3 : 0;
  if (lead == 0xED) return InRange(at(1), 0x80, 0x9F) && tail(2) ? 3 : 0;
  if (lead == 0xF0) return InRange(at(1), 0x90, 0xBF) && tail(2) && tail(3) ? 4 : 0;
  if (InRange(lead, 0xF1, 0xF3)) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (lead == 0xF4) return InRange(at(1), 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {
    members_.reserve(16);
  }

  Read Document(Json& out) {
    SkipSpace();
    if (p_ == end_) return Read::kInvalid;
    if (*p_ != '{') {
      // Not an object, so nullopt whatever follows; unless it is a byte-order mark before one.
      return static_cast<unsigned char>(*p_) == 0xEF ? Read::kUnsupported : Read::kInvalid;
    }
    if (Read r = Value(out, 0); r != Read::kOk) return r;
    SkipSpace();
    // nlohmann takes a NUL byte for the end of the input (it was written for C strings).
    return p_ == end_ || *p_ == '\0' ? Read::kOk : Read::kInvalid;
  }

 private:
  bool At(char c) const { return p_ != end_ && *p_ == c; }

  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  Read Value(Json& out, int depth) {
    if (p_ == end_) return Read::kInvalid;
    switch (*p_) {
      case '{':
        return Object(out, depth + 1);
      case '[':
        return Array(out, depth + 1);
      case '"':
        out = Json::string_t();
        return String(out.get_ref<Json::string_t&>());
      case 't':
        return Literal("true", true, out);
      case 'f':
        return Literal("false", false, out);
      case 'n':
        return Literal("null", nullptr, out);
      default:
        return Number(out);
    }
  }

  Read Object(Json& out, int depth) {
    if (depth > kMaxDepth) return Read::kUnsupported;
    ++p_;
    SkipSpace();
    // Members are collected on a stack shared by all levels and moved into the object once: the
    // object's own storage is a vector of pairs with const keys, which copies every member
    // whenever it grows.
    const size_t first = members_.size();
    if (At('}')) {
      ++p_;
    } else {
      for (;;) {
        if (!At('"')) return Read::kInvalid;
        std::string key;
        if (Read r = String(key); r != Read::kOk) return r;
        SkipSpace();
        if (!At(':')) return Read::kInvalid;
        ++p_;
        SkipSpace();
        Json value;
        if (Read r = Value(value, depth); r != Read::kOk) return r;
        AddMember(first, std::move(key), std::move(value));
        SkipSpace();
        if (At(',')) {
          ++p_;
          SkipSpace();
          continue;
        }
        if (!At('}')) return Read::kInvalid;
        ++p_;
        break;
      }
    }
    out = Json::object();
    auto& object = out.get_ref<Json::object_t&>();
    object.reserve(members_.size() - first);
    for (size_t i = first; i < members_.size(); ++i) {
      object.emplace_back(std::move(members_[i].first), std::move(members_[i].second));
    }
    members_.resize(first);
    return Read::kOk;
  }

  // A repeated key keeps its first slot and takes the new value, as nlohmann's tree does.
  void AddMember(size_t first, std::string key, Json value) {
    for (size_t i = first; i < members_.size(); ++i) {
      if (members_[i].first == key) {
        members_[i].second = std::move(value);
        return;
      }
    }
    members_.emplace_back(std::move(key), std::move(value));
  }

  Read Array(Json& out, int depth) {
    if (depth > kMaxDepth) return Read::kUnsupported;
    ++p_;
    out = Json::array();
    SkipSpace();
    if (At(']')) {
      ++p_;
      return Read::kOk;
    }
    auto& items = out.get_ref<Json::array_t&>();
    for (;;) {
      if (Read r = Value(items.emplace_back(), depth); r != Read::kOk) return r;
      SkipSpace();
      if (At(',')) {
        ++p_;
        SkipSpace();
        continue;
      }
      if (!At(']')) return Read::kInvalid;
      ++p_;
      return Read::kOk;
    }
  }

  Read Literal(std::string_view word, Json value, Json& out) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return Read::kInvalid;
    }
    p_ += word.size();
    out = std::move(value);
    return Read::kOk;
  }

  // An integer; fractions, exponents and what might not fit 64 bits go to nlohmann.
  Read Number(Json& out) {
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return Read::kInvalid;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (At('.') || At('e') || At('E') || p_ - digits > 18) return Read::kUnsupported;
    uint64_t value = 0;
    for (const char* d = digits; d != p_; ++d) value = value * 10 + static_cast<uint64_t>(*d - '0');
    if (negative) {
      out = -static_cast<int64_t>(value);
    } else {
      out = value;
    }
    return Read::kOk;
  }

  // At the opening quote; appends the decoded text to `out` and steps past the closing quote.
  Read String(std::string& out) {
    ++p_;
    for (;;) {
      const char* run = p_;
      while (p_ != end_ && kPlainStringByte[static_cast<unsigned char>(*p_)]) ++p_;
      out.append(run, p_);
      if (p_ == end_) return Read::kInvalid;
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return Read::kOk;
      }
      if (c == '\\') {
        if (Read r = Escape(out); r != Read::kOk) return r;
        continue;
      }
      if (c < 0x20) return Read::kInvalid;  // control characters must be escaped
      const size_t length = Utf8SequenceLength(p_, end_);
      if (length == 0) return Read::kInvalid;
      out.append(p_, length);
      p_ += length;
    }
  }

  Read Escape(std::string& out) {
    ++p_;
    if (p_ == end_) return Read::kInvalid;
    switch (*p_++) {
      case '"':
        out.push_back('"');
        return Read::kOk;
      case '\\':
        out.push_back('\\');
        return Read::kOk;
      case '/':
        out.push_back('/');
        return Read::kOk;
      case 'b':
        out.push_back('\b');
        return Read::kOk;
      case 'f':
        out.push_back('\f');
        return Read::kOk;
      case 'n':
        out.push_back('\n');
        return Read::kOk;
      case 'r':
        out.push_back('\r');
        return Read::kOk;
      case 't':
        out.push_back('\t');
        return Read::kOk;
      case 'u':
        break;
      default:
        return Read::kInvalid;
    }
    int code = Hex4();
    if (code < 0 || InRange(code, 0xDC00, 0xDFFF)) return Read::kInvalid;
    if (InRange(code, 0xD800, 0xDBFF)) {  // a high surrogate: a low one must follow
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return Read::kInvalid;
      p_ += 2;
      const int low = Hex4();
      if (!InRange(low, 0xDC00, 0xDFFF)) return Read::kInvalid;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, static_cast<uint32_t>(code));
    return Read::kOk;
  }

  // The four hex digits at p_ as a number, or -1.
  int Hex4() {
    if (end_ - p_ < 4) return -1;
    int code = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    return code;
  }

  const char* p_;
  const char* const end_;
  std::vector<std::pair<std::string, Json>> members_;  // of the objects being read, innermost last
};

}  // namespace

std::optional<Json> ReadJsonObject(std::string_view text) {
  Json out;
  switch (Reader(text).Document(out)) {
    case Read::kOk:
      return out;
    case Read::kInvalid:
      return std::nullopt;
    case Read::kUnsupported:
      break;
  }
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

}  // namespace lever::rpc
