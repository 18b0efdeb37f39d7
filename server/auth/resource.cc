#include "auth/resource.h"

namespace lever::auth {

std::string ConfigResource(std::string_view tenant, std::string_view group,
                           std::string_view data_id) {
  auto blank = [](std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; };
  std::string out;
  if (!blank(tenant) && tenant != "public") out.append(tenant);
  out += ':';
  out.append(blank(group) ? "*" : group);
  out += ":config/";
  out.append(blank(data_id) ? "*" : data_id);
  return out;
}

bool ActionGrants(std::string_view granted, Action action) {
  return granted.find(action == Action::kRead ? 'r' : 'w') != std::string_view::npos;
}

bool ValidAction(std::string_view action) {
  return action == "r" || action == "w" || action == "rw";
}

bool ResourceMatches(std::string_view pattern, std::string_view resource) {
  // Greedy glob with backtracking to the last '*': linear in practice, no regex blow-up.
  size_t p = 0, r = 0, star = std::string_view::npos, star_r = 0;
  while (r < resource.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_r = r;
    } else if (p < pattern.size() && pattern[p] == resource[r]) {
      ++p;
      ++r;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      r = ++star_r;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace lever::auth
