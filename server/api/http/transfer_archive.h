// The archive layout of config export and import (nacos-protocol.md §10.3): one entry
// `<group>/<dataId>` per config holding its raw content, plus one metadata file, either
// `.meta.yml` (v1: `<group>.<dataId with its last '.' as '~'>.app=<appName>` lines) or
// `.metadata.yml` (v2: a YAML list of {appName, dataId, desc, group, type}).
//
// Pure functions over values; thread safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/zip_archive.h"
#include "core/config_index.h"

namespace lever::http {

// One config to be written into a target namespace, from an import archive or a clone source.
struct TransferItem {
  std::string group, data_id, content, type, app_name, desc, encrypted_data_key;
};

// What an import archive holds, split the Nacos way.
struct ImportArchive {
  std::vector<TransferItem> items;
  std::vector<std::string> unrecognized;  // reported as unrecognizedData[].itemName
};

// The export zip of `items` (deflated entries stamped `modified_epoch_seconds`). v1 adds
// `.meta.yml` when some config has an appName; v2 (`with_metadata`) always adds `.metadata.yml`.
StatusOr<std::string> BuildExportArchive(const std::vector<core::ItemPtr>& items,
                                         bool with_metadata, int64_t modified_epoch_seconds);

// Splits the entries of an import zip: directories are skipped and the first metadata file is
// used. With `.metadata.yml` its list decides what is imported (type, desc, appName from it);
// files it does not list and listed configs without a file are unrecognized. Otherwise every
// `<group>/<dataId>` entry is an item (appName from `.meta.yml`, type by extension) and other
// names are unrecognized. nullopt when the metadata file is illegal (Nacos code 100002).
std::optional<ImportArchive> ParseImportArchive(const std::vector<ZipEntry>& entries);

// -- the pieces, exposed for tests --

struct MetadataItem {
  std::string app_name, data_id, desc, group, type;
};

// `.metadata.yml` as Nacos's SnakeYAML dump writes it: block style, keys sorted, blank appName
// and desc left out, `metadata: []` for no items.
std::string MetadataYaml(const std::vector<core::ItemPtr>& items);

// Reads `metadata:` followed by a block sequence of `key: scalar` mappings (plain, 'single' or
// "double" quoted scalars, comments) — what MetadataYaml() and Nacos write. Unknown keys are
// ignored. nullopt for any other shape (flow collections, block scalars, anchors, other keys).
std::optional<std::vector<MetadataItem>> ParseMetadataYaml(std::string_view text);

// The type of a dataId by its extension (Nacos FileTypeEnum, plus toml); "text" when unknown.
std::string TypeFromExtension(const std::string& data_id);

}  // namespace lever::http
