#pragma once
// What an action pattern grants: the concrete actions of AWS's catalogue that "s3:Put*" matches,
// counted by access level, and the one-line summary that `iamsmith expand`, `lint --explain` and
// rule W002 print ("s3:Put* grants 43 actions, 12 of them Permissions management").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/iamdata.hpp"

namespace iamsmith {

// The level an action is counted under. The catalogue marks some actions with two levels
// ("Permissions management, Write", "Tagging, Write") where AWS's own tables show only the first,
// so Permissions management and Tagging win over Write; then Write, Read, List.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
[[nodiscard]] iamdata::AccessLevel primary_level(iamdata::AccessLevels levels);

// "list", "read", "write", "permissions-management" (or "permissions management", "permissions"),
// "tagging", in any case; nullopt for anything else.
[[nodiscard]] std::optional<iamdata::AccessLevel> access_level_from_name(std::string_view name);

// How many actions of an expansion fall under each primary level.
struct LevelCounts {
  std::size_t list = 0;
  std::size_t read = 0;
  std::size_t write = 0;
  std::size_t permissions_management = 0;
  std::size_t tagging = 0;

  [[nodiscard]] std::size_t of(iamdata::AccessLevel level) const;
  void add(iamdata::AccessLevel level);
};

struct Expansion {
  std::string pattern;
  std::vector<const iamdata::Action*> actions;  // sorted by service, then name
  LevelCounts counts;
};

// The actions `pattern` matches (IAM's case-insensitive wildcards; "*" is every action).
[[nodiscard]] Expansion expand_actions(const iamdata::Catalog& catalog, std::string_view pattern);

// "s3:Put* grants 43 actions, 12 of them Permissions management and 27 Write",
// "s3:GetObj* grants 1 action: s3:GetObject (Read)", "s3:Frob* matches no action".
[[nodiscard]] std::string expansion_summary(const Expansion& expansion);

// For an action (or pattern) that matches nothing: the nearest real spelling, compared
// case-insensitively. An unknown service gets the nearest service prefix with the same action
// part ("lamda:InvokeFunction" -> "lambda:InvokeFunction"); a literal action of a known service
// gets the nearest action of that service ("lambda:InvokeFunctions" -> "lambda:InvokeFunction").
// Patterns get a suggestion only for their service part.
[[nodiscard]] std::optional<std::string> nearest_action(const iamdata::Catalog& catalog,
                                                        std::string_view text);

}  // namespace iamsmith
