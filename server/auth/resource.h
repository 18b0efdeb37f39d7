// The Nacos permission model (nacos-protocol.md §9.4): resource strings, actions and how a
// permission row's pattern matches a resource. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace lever::auth {

enum class Action { kRead, kWrite };

// "<namespaceId>:<group>:config/<dataId>", with an empty namespace part for the public
// namespace ("" and "public" both render empty, as in Nacos 2.x). Blank group or dataId render
// as "*" (a request for any group or dataId, e.g. a search), which only a pattern with "*" there
// matches.
std::string ConfigResource(std::string_view tenant, std::string_view group,
                           std::string_view data_id);

// Whether a permission's action ("r", "w" or "rw") grants `action`.
bool ActionGrants(std::string_view granted, Action action);

// Whether permission pattern `pattern` fully matches `resource`. '*' matches any run of
// characters (including none); every other character matches only itself. (Nacos turns the
// pattern into a regex without quoting, so '.' there matches anything; Lever is stricter.)
bool ResourceMatches(std::string_view pattern, std::string_view resource);

// Whether `action` is one of "r", "w", "rw".
bool ValidAction(std::string_view action);

}  // namespace lever::auth
