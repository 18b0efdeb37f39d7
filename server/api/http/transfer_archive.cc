#include "api/http/transfer_archive.h"

#include <cctype>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/validation.h"

namespace lever::http {
namespace {

using core::ItemPtr;

const std::string kMetaV1 = ".meta.yml";
const std::string kMetaV2 = ".metadata.yml";

// `<group>.<dataId with its last '.' turned into '~'>.app`, the key of a v1 .meta.yml line.
std::string MetaV1Key(const std::string& group, std::string data_id) {
  if (size_t dot = data_id.rfind('.'); dot != std::string::npos) data_id[dot] = '~';
  return group + "." + data_id + ".app";
}

// Lines `key=value` separated by CR/LF; nullopt when a non-blank line is not exactly that.
std::optional<std::map<std::string, std::string>> ParseMetaV1(std::string_view text) {
  std::map<std::string, std::string> meta;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (core::IsBlank(line)) continue;
    size_t eq = line.find('=');
    if (eq == 0 || eq == std::string_view::npos || eq + 1 == line.size() ||
        line.find('=', eq + 1) != std::string_view::npos) {
      return std::nullopt;
    }
    meta[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  return meta;
}

// A scalar that YAML reads back as the same string without quotes.
bool IsPlainYaml(const std::string& s) {
  static const std::set<std::string> kReserved = {"true", "false", "yes", "no",
                                                  "on",   "off",   "null"};
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  }
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return kReserved.count(lower) == 0;
}

// A JSON string is a valid YAML double-quoted scalar.
std::string YamlScalar(const std::string& s) {
  return IsPlainYaml(s)
             ? s
             : nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | cp >> 6));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | cp >> 12));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | cp >> 18));
    out.push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Body of a double-quoted scalar from just after the opening quote; `rest` gets what follows the
// closing quote. Escapes: the JSON set plus \0 \a \e \t-as-tab; \x, \u and \U code points.
std::optional<std::string> ParseDoubleQuoted(std::string_view v, std::string_view& rest) {
  static const std::map<char, char> kSimple = {
      {'"', '"'},  {'\\', '\\'}, {'/', '/'},  {'n', '\n'}, {'t', '\t'},   {'r', '\r'},
      {'b', '\b'}, {'f', '\f'},  {'0', '\0'}, {'a', '\a'}, {'e', '\x1b'}, {' ', ' '}};
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '"') {
      rest = v.substr(i + 1);
      return out;
    }
    if (v[i] != '\\') {
      out.push_back(v[i]);
      continue;
    }
    if (++i == v.size()) return std::nullopt;
    if (auto it = kSimple.find(v[i]); it != kSimple.end()) {
      out.push_back(it->second);
      continue;
    }
    const size_t digits = v[i] == 'x' ? 2 : v[i] == 'u' ? 4 : v[i] == 'U' ? 8 : 0;
    uint32_t cp = 0;
    if (digits == 0 || i + digits >= v.size()) return std::nullopt;
    auto [end, ec] = std::from_chars(v.data() + i + 1, v.data() + i + 1 + digits, cp, 16);
    if (ec != std::errc() || end != v.data() + i + 1 + digits || cp > 0x10ffff) return std::nullopt;
    i += digits;
    // A UTF-16 surrogate pair written as two \u escapes (Java and JSON writers do that).
    if (cp >= 0xd800 && cp < 0xdc00 && i + 6 < v.size() && v[i + 1] == '\\' && v[i + 2] == 'u') {
      uint32_t low = 0;
      auto [lend, lec] = std::from_chars(v.data() + i + 3, v.data() + i + 7, low, 16);
      if (lec == std::errc() && lend == v.data() + i + 7 && low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i += 6;
      }
    }
    AppendUtf8(out, cp);
  }
  return std::nullopt;
}

// The value of a `key: value` line: plain, 'single' or "double" quoted; null spellings -> "".
// nullopt for what this reader does not handle (block scalars, flow collections, anchors, tags).
std::optional<std::string> ParseYamlScalar(std::string_view v) {
  v = Trim(v);
  if (v.empty()) return "";
  std::string_view rest;
  std::optional<std::string> quoted;
  if (v[0] == '"') {
    quoted = ParseDoubleQuoted(v.substr(1), rest);
  } else if (v[0] == '\'') {
    std::string out;
    for (size_t i = 1; i < v.size(); ++i) {
      if (v[i] != '\'') {
        out.push_back(v[i]);
      } else if (i + 1 < v.size() && v[i + 1] == '\'') {
        out.push_back('\'');
        ++i;
      } else {
        rest = v.substr(i + 1);
        quoted = std::move(out);
        break;
      }
    }
  } else {
    if (std::string_view("|>[]{}&*!%@`").find(v[0]) != std::string_view::npos) return std::nullopt;
    if (size_t hash = v.find(" #"); hash != std::string_view::npos) v = Trim(v.substr(0, hash));
    if (v == "~" || v == "null" || v == "Null" || v == "NULL") return "";
    return std::string(v);
  }
  rest = Trim(rest);
  if (!quoted || (!rest.empty() && rest[0] != '#')) return std::nullopt;
  return quoted;
}

// "<group>/<dataId>" -> {group, dataId}; nullopt for any other shape.
std::optional<std::pair<std::string, std::string>> SplitItemName(const std::string& name) {
  size_t slash = name.find('/');
  if (slash == 0 || slash == std::string::npos || slash + 1 == name.size() ||
      name.find('/', slash + 1) != std::string::npos) {
    return std::nullopt;
  }
  return std::make_pair(name.substr(0, slash), name.substr(slash + 1));
}

}  // namespace

std::string MetadataYaml(const std::vector<ItemPtr>& items) {
  if (items.empty()) return "metadata: []\n";
  std::string out = "metadata:\n";
  for (const ItemPtr& item : items) {
    const char* lead = "- ";
    auto field = [&](const char* key, const std::string& value) {
      out += lead;
      out += key;
      out += ": " + YamlScalar(value) + "\n";
      lead = "  ";
    };
    if (!item->app_name.empty()) field("appName", item->app_name);
    field("dataId", item->key.data_id);
    if (!item->desc.empty()) field("desc", item->desc);
    field("group", item->key.group);
    field("type", item->type.empty() ? "text" : item->type);
  }
  return out;
}

std::optional<std::vector<MetadataItem>> ParseMetadataYaml(std::string_view text) {
  std::vector<MetadataItem> items;
  bool in_list = false;
  size_t key_indent = std::string_view::npos;  // column of the current item's keys
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) continue;
    std::string_view rest = line.substr(indent);
    if (rest[0] == '#' || (indent == 0 && (rest.starts_with("---") || rest.starts_with("..."))))
      continue;
    const bool dash = rest[0] == '-' && (rest.size() == 1 || rest[1] == ' ');
    if (indent == 0 && !dash) {
      if (in_list || !rest.starts_with("metadata:")) return std::nullopt;
      std::string_view value = Trim(rest.substr(9));
      if (!value.empty() && value != "[]" && value[0] != '#') return std::nullopt;
      in_list = value.empty() || value[0] == '#';
      continue;
    }
    if (!in_list) return std::nullopt;
    if (dash) {
      items.emplace_back();
      const size_t skip = rest.find_first_not_of(' ', 1);
      if (skip == std::string_view::npos) {
        key_indent = std::string_view::npos;  // keys start on the next line
        continue;
      }
      key_indent = indent + skip;
      rest = rest.substr(skip);
    } else if (items.empty()) {
      return std::nullopt;
    } else if (key_indent == std::string_view::npos) {
      key_indent = indent;
    } else if (indent != key_indent) {
      return std::nullopt;
    }
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos || (colon + 1 < rest.size() && rest[colon + 1] != ' ')) {
      return std::nullopt;
    }
    std::string_view key = Trim(rest.substr(0, colon));
    auto value = ParseYamlScalar(rest.substr(colon + 1));
    if (!value || !IsPlainYaml(std::string(key))) return std::nullopt;
    MetadataItem& item = items.back();
    if (key == "appName") item.app_name = *value;
    if (key == "dataId") item.data_id = *value;
    if (key == "desc") item.desc = *value;
    if (key == "group") item.group = *value;
    if (key == "type") item.type = *value;
  }
  return items;
}

std::string TypeFromExtension(const std::string& data_id) {
  static const std::map<std::string, std::string> kTypes = {
      {"yml", "yaml"},  {"yaml", "yaml"},
      {"txt", "text"},  {"text", "text"},
      {"json", "json"}, {"xml", "xml"},
      {"htm", "html"},  {"html", "html"},
      {"toml", "toml"}, {"properties", "properties"}};
  size_t dot = data_id.rfind('.');
  if (dot == std::string::npos) return "text";
  std::string ext;
  for (char c : data_id.substr(dot + 1))
    ext.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "text" : it->second;
}

std::optional<ImportArchive> ParseImportArchive(const std::vector<ZipEntry>& entries) {
  const ZipEntry* meta = nullptr;
  std::vector<const ZipEntry*> files;
  for (const ZipEntry& e : entries) {
    if (e.is_directory()) continue;
    if (!meta && (e.name == kMetaV1 || e.name == kMetaV2)) {
      meta = &e;  // the first one counts; a second is an unrecognized item
    } else {
      files.push_back(&e);
    }
  }
  ImportArchive out;
  auto unrecognized = [&](const std::string& name) { out.unrecognized.push_back(name); };
  if (meta && meta->name == kMetaV2) {
    auto metadata = ParseMetadataYaml(meta->data);
    if (!metadata || metadata->empty()) return std::nullopt;
    for (const MetadataItem& m : *metadata) {
      if (core::IsBlank(m.data_id) || core::IsBlank(m.group) || core::IsBlank(m.type)) {
        return std::nullopt;
      }
    }
    std::set<std::pair<std::string, std::string>> listed;
    for (const MetadataItem& m : *metadata) listed.insert({m.group, m.data_id});
    std::map<std::pair<std::string, std::string>, const std::string*> contents;
    for (const ZipEntry* f : files) {
      auto key = SplitItemName(f->name);
      if (!key) {
        unrecognized(f->name);
      } else if (!listed.count(*key)) {
        unrecognized("not in the metadata: " + f->name);
      } else {
        contents[*key] = &f->data;
      }
    }
    for (const MetadataItem& m : *metadata) {
      auto it = contents.find({m.group, m.data_id});
      if (it == contents.end()) {
        unrecognized("not in the archive: " + m.group + "/" + m.data_id);
        continue;
      }
      out.items.push_back({m.group, m.data_id, *it->second, m.type, m.app_name, m.desc, ""});
    }
    return out;
  }
  std::map<std::string, std::string> app_names;
  if (meta) {
    auto parsed = ParseMetaV1(meta->data);
    if (!parsed) return std::nullopt;
    app_names = std::move(*parsed);
  }
  for (const ZipEntry* f : files) {
    auto key = SplitItemName(f->name);
    if (!key) {
      unrecognized(f->name);
      continue;
    }
    auto app = app_names.find(MetaV1Key(key->first, key->second));
    out.items.push_back({key->first, key->second, f->data, TypeFromExtension(key->second),
                         app == app_names.end() ? "" : app->second, "", ""});
  }
  return out;
}

StatusOr<std::string> BuildExportArchive(const std::vector<ItemPtr>& items, bool with_metadata,
                                         int64_t modified_epoch_seconds) {
  ZipWriter zip(modified_epoch_seconds);
  std::string meta_v1;
  for (const ItemPtr& item : items) {
    if (!with_metadata && !core::IsBlank(item->app_name)) {
      meta_v1 += MetaV1Key(item->key.group, item->key.data_id) + "=" + item->app_name + "\r\n";
    }
    LEVER_RETURN_IF_ERROR(
        zip.Add(item->key.group + "/" + item->key.data_id, item->content, ZipMethod::kDeflated));
  }
  if (with_metadata) {
    LEVER_RETURN_IF_ERROR(zip.Add(kMetaV2, MetadataYaml(items), ZipMethod::kDeflated));
  } else if (!meta_v1.empty()) {
    LEVER_RETURN_IF_ERROR(zip.Add(kMetaV1, meta_v1, ZipMethod::kDeflated));
  }
  return std::move(zip).Finish();
}

}  // namespace lever::http
