// Binary encoding of the records the stores persist: config items, history rows, namespaces.
//
// Format (all versions): one format-version byte, one record-kind byte, then the fields in a
// fixed order. Strings are a 4-byte little-endian length followed by the bytes; integers are
// fixed-width little-endian. A decoder accepts exactly one record: truncated input, trailing
// bytes, an unknown version or kind, or an illegal enum value yield kInternal "corrupt record
// ..." and leave the output untouched. Decoders never read outside the given bytes, whatever
// they contain.
//
// A new field means a new format version; decoders keep accepting every older version so an
// existing data dir stays readable.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/config_types.h"

namespace lever::storage {

inline constexpr uint8_t kRecordFormatVersion = 1;

std::string EncodeConfigItem(const core::ConfigItem& item);
StatusOr<core::ConfigItem> DecodeConfigItem(std::string_view bytes);

std::string EncodeHistoryEntry(const core::HistoryEntry& entry);
StatusOr<core::HistoryEntry> DecodeHistoryEntry(std::string_view bytes);

std::string EncodeNamespace(const core::Namespace& ns);
StatusOr<core::Namespace> DecodeNamespace(std::string_view bytes);

// A bare counter (e.g. the last revision): exactly 8 little-endian bytes.
std::string EncodeCounter(uint64_t value);
StatusOr<uint64_t> DecodeCounter(std::string_view bytes);

}  // namespace lever::storage
