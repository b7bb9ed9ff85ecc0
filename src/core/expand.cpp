#include "iamsmith/expand.hpp"

#include <algorithm>
#include <array>

#include "iamsmith/match.hpp"
#include "iamsmith/suggest.hpp"
#include "iamsmith/text.hpp"

namespace iamsmith {

using iamdata::AccessLevel;

AccessLevel primary_level(iamdata::AccessLevels levels) {
  constexpr std::array<AccessLevel, 5> kPriority = {AccessLevel::PermissionsManagement, AccessLevel::Tagging,
                                                    AccessLevel::Write, AccessLevel::Read, AccessLevel::List};
  for (const AccessLevel level : kPriority) {
    if (iamdata::has_level(levels, level)) return level;
  }
  // An action always has a level in the data; an empty set counts as the least powerful one.
  return AccessLevel::List;
}

std::optional<AccessLevel> access_level_from_name(std::string_view name) {
  std::string key = ascii_lower(name);
  std::replace(key.begin(), key.end(), '_', '-');
  std::replace(key.begin(), key.end(), ' ', '-');
  if (key == "list") return AccessLevel::List;
  if (key == "read") return AccessLevel::Read;
  if (key == "write") return AccessLevel::Write;
  if (key == "tagging") return AccessLevel::Tagging;
  if (key == "permissions-management" || key == "permissions") return AccessLevel::PermissionsManagement;
  return std::nullopt;
}

std::size_t LevelCounts::of(AccessLevel level) const {
  switch (level) {
    case AccessLevel::List: return list;
    case AccessLevel::Read: return read;
    case AccessLevel::Write: return write;
    case AccessLevel::PermissionsManagement: return permissions_management;
    case AccessLevel::Tagging: return tagging;
  }
  return 0;
}

void LevelCounts::add(AccessLevel level) {
  switch (level) {
    case AccessLevel::List: ++list; return;
    case AccessLevel::Read: ++read; return;
    case AccessLevel::Write: ++write; return;
    case AccessLevel::PermissionsManagement: ++permissions_management; return;
    case AccessLevel::Tagging: ++tagging; return;
  }
}

Expansion expand_actions(const iamdata::Catalog& catalog, std::string_view pattern) {
  Expansion out;
  out.pattern = std::string(pattern);
  out.actions = catalog.expand(pattern);
  for (const iamdata::Action* action : out.actions) out.counts.add(primary_level(action->access));
  return out;
}

std::string expansion_summary(const Expansion& expansion) {
  const std::size_t n = expansion.actions.size();
  if (n == 0) return expansion.pattern + " matches no action";
  if (n == 1) {
    const iamdata::Action& action = *expansion.actions.front();
    return expansion.pattern + " grants 1 action: " + action.full_name() + " (" +
           std::string(iamdata::access_level_name(primary_level(action.access))) + ")";
  }
  std::string out = expansion.pattern + " grants " + std::to_string(n) + " actions";
  const std::size_t permissions = expansion.counts.permissions_management;
  const std::size_t write = expansion.counts.write;
  if (permissions == 0 && write == 0) return out + ", none of them Write or Permissions management";
  out += ", ";
  if (permissions != 0) {
    out += (permissions == n ? "all" : std::to_string(permissions)) + " of them Permissions management";
    if (write != 0) out += " and " + std::to_string(write) + " Write";
  } else {
    out += (write == n ? "all" : std::to_string(write)) + " of them Write";
  }
  return out;
}

std::optional<std::string> nearest_action(const iamdata::Catalog& catalog, std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view service_part = text.substr(0, colon);
  const std::string_view action_part = text.substr(colon + 1);
  if (has_wildcard(service_part)) return std::nullopt;
  const iamdata::Service* service = catalog.service(service_part);
  if (service == nullptr) {
    std::vector<std::string> prefixes;
    for (const std::string_view p : catalog.service_prefixes()) prefixes.emplace_back(p);
    auto guess = nearest(service_part, prefixes, /*ignore_case=*/true);
    if (!guess) return std::nullopt;
    const iamdata::Service* guessed = catalog.service(*guess);
    // Only suggest the corrected service when the rest then names something real.
    if (guessed == nullptr) return std::nullopt;
    const std::string candidate = *guess + ":" + std::string(action_part);
    if (catalog.expand(candidate).empty()) {
      // Both parts misspelt: suggest the nearest action of the nearest service, if any.
      if (has_wildcard(action_part)) return std::nullopt;
      std::vector<std::string> names;
      for (const iamdata::Action& a : guessed->actions) names.emplace_back(a.name);
      auto name = nearest(action_part, names, true);
      if (!name) return std::nullopt;
      return *guess + ":" + *name;
    }
    if (!has_wildcard(action_part)) {
      if (const iamdata::Action* a = guessed->find_action(action_part)) return a->full_name();
    }
    return candidate;
  }
  if (has_wildcard(action_part) || action_part.empty()) return std::nullopt;
  std::vector<std::string> names;
  names.reserve(service->actions.size());
  for (const iamdata::Action& a : service->actions) names.emplace_back(a.name);
  auto name = nearest(action_part, names, /*ignore_case=*/true);
  if (!name) return std::nullopt;
  return std::string(service->prefix) + ":" + *name;
}

}  // namespace iamsmith
