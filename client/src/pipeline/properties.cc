#include "lever/properties.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace lever {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// One logical line (continuations joined, continuation backslashes removed, escapes still in)
// and the number of the natural line it started on.
struct LogicalLine {
  std::string text;
  int line_number = 0;
};

// Splits `text` into natural lines (\n, \r, \r\n) without their terminators.
std::vector<std::string_view> NaturalLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::string_view SkipLeadingBlanks(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && IsBlank(line[i])) ++i;
  return line.substr(i);
}

// True when the line ends in an odd number of backslashes (the last one continues the line).
bool EndsWithContinuation(std::string_view line) {
  size_t backslashes = 0;
  for (size_t i = line.size(); i > 0 && line[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 1;
}

std::vector<LogicalLine> LogicalLines(std::string_view text) {
  std::vector<LogicalLine> result;
  std::optional<LogicalLine> open;  // a logical line waiting for its continuation
  int number = 0;
  for (std::string_view raw : NaturalLines(text)) {
    ++number;
    std::string_view line = SkipLeadingBlanks(raw);
    if (!open) {
      if (line.empty() || line[0] == '#' || line[0] == '!') continue;
      open = LogicalLine{"", number};
    }
    if (EndsWithContinuation(line)) {
      open->text.append(line.substr(0, line.size() - 1));
      continue;
    }
    open->text.append(line);
    result.push_back(std::move(*open));
    open.reset();
  }
  if (open) result.push_back(std::move(*open));  // a trailing '\' at end of input is dropped
  return result;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::optional<uint32_t> ParseHex4(std::string_view text) {
  if (text.size() < 4) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    char c = text[i];
    uint32_t digit;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else
      return std::nullopt;
    value = value * 16 + digit;
  }
  return value;
}

// Resolves the escapes of a key or value. UTF-16 units from \u escapes are buffered so that a
// high surrogate followed by a low one becomes one code point; a lone surrogate becomes U+FFFD.
Result<std::string> Unescape(std::string_view text, int line_number) {
  std::string out;
  uint32_t pending_high = 0;  // a high surrogate waiting for its low half; 0 = none
  auto flush_high = [&] {
    if (pending_high != 0) AppendUtf8(out, 0xFFFD);
    pending_high = 0;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 == text.size()) {
      flush_high();
      out.push_back(c);
      continue;
    }
    char escaped = text[++i];
    if (escaped != 'u') {
      flush_high();
      switch (escaped) {
        case 't':
          out.push_back('\t');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'f':
          out.push_back('\f');
          break;
        default:
          out.push_back(escaped);
      }
      continue;
    }
    std::optional<uint32_t> unit = ParseHex4(text.substr(i + 1));
    if (!unit) {
      return Error{ErrorCode::kInvalidArgument,
                   "line " + std::to_string(line_number) + ": malformed \\uXXXX escape"};
    }
    i += 4;
    if (*unit >= 0xD800 && *unit <= 0xDBFF) {
      flush_high();
      pending_high = *unit;
    } else if (*unit >= 0xDC00 && *unit <= 0xDFFF) {
      if (pending_high != 0) {
        AppendUtf8(out, 0x10000 + ((pending_high - 0xD800) << 10) + (*unit - 0xDC00));
        pending_high = 0;
      } else {
        AppendUtf8(out, 0xFFFD);
      }
    } else {
      flush_high();
      AppendUtf8(out, *unit);
    }
  }
  flush_high();
  return out;
}

}  // namespace

Result<Properties> ParseProperties(std::string_view text) {
  Properties properties;
  for (const LogicalLine& line : LogicalLines(text)) {
    std::string_view s = line.text;
    size_t key_end = 0;
    size_t value_start = s.size();
    bool has_separator = false;
    bool preceding_backslash = false;
    for (; key_end < s.size(); ++key_end) {
      char c = s[key_end];
      if (!preceding_backslash && (c == '=' || c == ':')) {
        value_start = key_end + 1;
        has_separator = true;
        break;
      }
      if (!preceding_backslash && IsBlank(c)) {
        value_start = key_end + 1;
        break;
      }
      preceding_backslash = c == '\\' && !preceding_backslash;
    }
    for (; value_start < s.size(); ++value_start) {
      char c = s[value_start];
      if (IsBlank(c)) continue;
      if (!has_separator && (c == '=' || c == ':')) {
        has_separator = true;
        continue;
      }
      break;
    }
    auto key = Unescape(s.substr(0, key_end), line.line_number);
    if (!key.ok()) return key.error();
    auto value = Unescape(s.substr(std::min(value_start, s.size())), line.line_number);
    if (!value.ok()) return value.error();
    properties.insert_or_assign(std::move(key).value(), std::move(value).value());
  }
  return properties;
}

namespace {

Result<void> Flatten(const nlohmann::json& node, const std::string& prefix, Properties& out) {
  for (const auto& [name, child] : node.items()) {
    std::string key = prefix.empty() ? name : prefix + "." + name;
    if (child.is_object()) {
      if (auto nested = Flatten(child, key, out); !nested.ok()) return nested;
    } else if (child.is_array()) {
      return Error{ErrorCode::kInvalidArgument, key + ": arrays are not supported"};
    } else if (child.is_string()) {
      out.insert_or_assign(key, child.get<std::string>());
    } else if (child.is_null()) {
      out.insert_or_assign(key, "");
    } else {
      out.insert_or_assign(key, child.dump());
    }
  }
  return Ok();
}

}  // namespace

Result<Properties> ParseJsonAsProperties(std::string_view text) {
  nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Error{ErrorCode::kInvalidArgument, "the config is not a JSON object"};
  }
  Properties properties;
  if (auto flattened = Flatten(document, "", properties); !flattened.ok()) {
    return flattened.error();
  }
  return properties;
}

}  // namespace lever
