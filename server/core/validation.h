// Validation of every identifier and field a client can send, in one place, with the statuses
// and messages of Nacos (nacos-protocol.md §2.1). Adapters never validate on their own: they
// hand raw values to core::ConfigService, which calls these.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace lever::core {

struct Limits {
  size_t max_data_id = 256;
  size_t max_group = 128;
  size_t max_tenant = 128;  // ParamUtils.checkTenant; the param checker's charset is ^[\w-]+
  size_t max_content_bytes = 10 * 1024 * 1024;  // Nacos maxContent (10485760)
  size_t max_tag = 16;
  size_t max_desc = 128;
  size_t max_app_name = 128;
  size_t max_use_effect = 32;
  size_t max_schema = 32768;
  size_t max_config_tags = 5;
  size_t max_config_tag_length = 64;
  size_t max_namespace_id = 64;
  size_t max_namespace_name = 256;
};

// The public namespace has three spellings on the wire: "", "public" (any case) and "null".
// Returns "" for all of them and the input unchanged otherwise.
std::string NormalizeTenant(std::string_view tenant);

// dataId: required, [A-Za-z0-9_.:-], at most limits.max_data_id.
Status ValidateDataId(std::string_view data_id, const Limits& limits);
// group: required, same charset, at most limits.max_group.
Status ValidateGroup(std::string_view group, const Limits& limits);
// tenant (already normalised): optional, [A-Za-z0-9_-], at most limits.max_tenant.
Status ValidateTenant(std::string_view tenant, const Limits& limits);
// Gray tag: optional, identifier charset, at most limits.max_tag.
Status ValidateTag(std::string_view tag, const Limits& limits);
// Content: required and not whitespace-only; at most limits.max_content_bytes bytes.
Status ValidateContent(std::string_view content, const Limits& limits);

// Optional publish metadata (desc, appName, use, effect, schema, config_tags).
struct PublishMetadata {
  std::string_view app_name, desc, use, effect, schema, config_tags;
};
Status ValidatePublishMetadata(const PublishMetadata& meta, const Limits& limits);

// Maps a requested type to a stored one: a known type stays, anything else becomes "text".
std::string NormalizeType(std::string_view type);

// Namespace id (custom): [A-Za-z0-9_-], at most max_namespace_id. Name: no @#$%^&*, not blank,
// at most max_namespace_name.
Status ValidateNamespaceId(std::string_view id, const Limits& limits);
Status ValidateNamespaceName(std::string_view name, const Limits& limits);

// True when every byte is whitespace (or the string is empty): Java StringUtils.isBlank.
bool IsBlank(std::string_view s);

}  // namespace lever::core
