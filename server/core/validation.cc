#include "core/validation.h"

#include <algorithm>
#include <cctype>

#include "core/config_types.h"

namespace lever::core {
namespace {

bool IsIdentifierChar(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

bool IsTenantChar(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; }

std::string Illegal(std::string_view param) {
  return "Param '" + std::string(param) +
         "' is illegal, illegal characters should not appear in the param.";
}

std::string TooLong(std::string_view param, size_t max) {
  return "Param '" + std::string(param) + "' is illegal, the param length should not exceed " +
         std::to_string(max) + ".";
}

Status CheckIdentifier(std::string_view name, std::string_view value, size_t max) {
  if (IsBlank(value)) return Status::MissingParameter("Required parameter '" + std::string(name) + "' is blank");
  if (value.size() > max) return Status::InvalidArgument(TooLong(name, max));
  if (!std::all_of(value.begin(), value.end(), [](char c) { return IsIdentifierChar(c); })) {
    return Status::InvalidArgument(Illegal(name));
  }
  return Status::Ok();
}

}  // namespace

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string NormalizeTenant(std::string_view tenant) {
  if (IsBlank(tenant) || tenant == "null") return "";
  if (tenant.size() == 6) {
    std::string lower(tenant);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower == "public") return "";
  }
  return std::string(tenant);
}

Status ValidateDataId(std::string_view data_id, const Limits& limits) {
  return CheckIdentifier("dataId", data_id, limits.max_data_id);
}

Status ValidateGroup(std::string_view group, const Limits& limits) {
  return CheckIdentifier("group", group, limits.max_group);
}

Status ValidateTenant(std::string_view tenant, const Limits& limits) {
  if (tenant.empty()) return Status::Ok();
  if (tenant.size() > limits.max_tenant) return Status::InvalidArgument(TooLong("namespaceId/tenant", limits.max_tenant));
  if (!std::all_of(tenant.begin(), tenant.end(), [](char c) { return IsTenantChar(c); })) {
    return Status::InvalidArgument(Illegal("namespaceId/tenant"));
  }
  return Status::Ok();
}

Status ValidateTag(std::string_view tag, const Limits& limits) {
  if (tag.empty()) return Status::Ok();
  if (tag.size() > limits.max_tag) return Status::InvalidArgument("too long tag, over " + std::to_string(limits.max_tag));
  if (!std::all_of(tag.begin(), tag.end(), [](char c) { return IsIdentifierChar(c); })) {
    return Status::InvalidArgument("invalid tag : " + std::string(tag));
  }
  return Status::Ok();
}

Status ValidateContent(std::string_view content, const Limits& limits) {
  if (IsBlank(content)) return Status::InvalidArgument("content is blank : " + std::string(content));
  if (content.size() > limits.max_content_bytes) {
    return Status::InvalidArgument("invalid content, over " + std::to_string(limits.max_content_bytes));
  }
  return Status::Ok();
}

Status ValidatePublishMetadata(const PublishMetadata& meta, const Limits& limits) {
  if (meta.desc.size() > limits.max_desc) return Status::InvalidArgument("too long desc, over " + std::to_string(limits.max_desc));
  if (meta.app_name.size() > limits.max_app_name) return Status::InvalidArgument("too long appName, over " + std::to_string(limits.max_app_name));
  if (meta.use.size() > limits.max_use_effect) return Status::InvalidArgument("too long use, over " + std::to_string(limits.max_use_effect));
  if (meta.effect.size() > limits.max_use_effect) return Status::InvalidArgument("too long effect, over " + std::to_string(limits.max_use_effect));
  if (meta.schema.size() > limits.max_schema) return Status::InvalidArgument("too long schema, over " + std::to_string(limits.max_schema));
  if (!meta.app_name.empty() &&
      !std::all_of(meta.app_name.begin(), meta.app_name.end(), [](char c) { return IsIdentifierChar(c); })) {
    return Status::InvalidArgument("invalid appName : " + std::string(meta.app_name));
  }
  if (!meta.config_tags.empty()) {
    size_t count = 0, start = 0;
    while (start <= meta.config_tags.size()) {
      size_t comma = meta.config_tags.find(',', start);
      if (comma == std::string_view::npos) comma = meta.config_tags.size();
      std::string_view tag = meta.config_tags.substr(start, comma - start);
      ++count;
      if (tag.size() > limits.max_config_tag_length) {
        return Status::InvalidArgument("too long tag, over " + std::to_string(limits.max_config_tag_length));
      }
      start = comma + 1;
    }
    if (count > limits.max_config_tags) {
      return Status::InvalidArgument("too much config_tags, over " + std::to_string(limits.max_config_tags));
    }
  }
  return Status::Ok();
}

std::string NormalizeType(std::string_view type) {
  for (const auto& known : ConfigTypes()) {
    if (type == known) return known;
  }
  return "text";
}

Status ValidateNamespaceId(std::string_view id, const Limits& limits) {
  if (id.size() > limits.max_namespace_id) return Status::InvalidArgument(TooLong("namespaceId/tenant", limits.max_namespace_id));
  if (!std::all_of(id.begin(), id.end(), [](char c) { return IsTenantChar(c); })) {
    return Status::InvalidArgument(Illegal("namespaceId/tenant"));
  }
  return Status::Ok();
}

Status ValidateNamespaceName(std::string_view name, const Limits& limits) {
  if (IsBlank(name)) return Status::MissingParameter("Required parameter 'namespaceName' is blank");
  if (name.size() > limits.max_namespace_name) return Status::InvalidArgument(TooLong("namespaceShowName", limits.max_namespace_name));
  if (name.find_first_of("@#$%^&*") != std::string_view::npos) {
    return Status::InvalidArgument("Param 'namespaceShowName' is illegal, illegal characters should not appear in the param.");
  }
  return Status::Ok();
}

}  // namespace lever::core
