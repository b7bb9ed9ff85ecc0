#pragma once
// Helpers shared by the W rules (overly broad access): which actions a statement grants, which
// resources a pattern covers, and which conditions narrow a statement down.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/arn.hpp"
#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules::w {

using iamsmith::is_all_stars;  // "*", "**", ...: a pattern that matches every string (text.hpp)

// An action pattern that matches every action: "*", or stars on both sides of the one colon
// that every action has ("*:*"). Action names are service:Action, both parts non-empty.
[[nodiscard]] inline bool matches_every_action(std::string_view pattern) {
  if (is_all_stars(pattern)) return true;
  const std::size_t colon = pattern.find(':');
  if (colon == std::string_view::npos || pattern.find(':', colon + 1) != std::string_view::npos) return false;
  return is_all_stars(pattern.substr(0, colon)) && is_all_stars(pattern.substr(colon + 1));
}

// The service part of a pattern that grants whole services: nothing but stars after the colon
// ("s3:*" -> "s3"; "s*:*" -> "s*", every service whose prefix starts with s). A service part of
// stars only is every service, which matches_every_action covers.
[[nodiscard]] inline std::optional<std::string_view> whole_service(std::string_view pattern) {
  const std::size_t colon = pattern.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view service = pattern.substr(0, colon);
  const std::string_view action = pattern.substr(colon + 1);
  if (is_all_stars(service) || action.find(':') != std::string_view::npos) return std::nullopt;
  if (!is_all_stars(action)) return std::nullopt;
  return service;
}

// "\"a\", \"b\", \"c\" and 2 more": values for a message, the first few in full.
[[nodiscard]] inline std::string quoted_list(const std::vector<std::string_view>& values,
                                             std::size_t shown = 4) {
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < shown; ++i) {
    if (i > 0) out += ", ";
    out += in_quotes(values[i]);
  }
  if (values.size() > shown) out += " and " + std::to_string(values.size() - shown) + " more";
  return out;
}

[[nodiscard]] inline std::vector<std::string_view> texts_of(const ValueList& list) {
  std::vector<std::string_view> out;
  for (const Scalar& value : list) out.push_back(value.text);
  return out;
}

// How an Allow statement grants one action.
struct ActionGrant {
  const Scalar* value = nullptr;  // the Action value that matches it; nullptr when granted through NotAction
};

// Whether `st` allows `action` (case-insensitively, with IAM wildcards): through an Action value
// that matches it, or through a NotAction list that does not exclude it.
[[nodiscard]] inline std::optional<ActionGrant> grants_action(const Statement& st, std::string_view action) {
  if (st.action) {
    for (const Scalar& value : *st.action) {
      if (action_matches(value.text, action)) return ActionGrant{&value};
    }
    return std::nullopt;
  }
  if (st.not_action) {
    for (const Scalar& value : *st.not_action) {
      if (action_matches(value.text, action)) return std::nullopt;
    }
    return ActionGrant{nullptr};
  }
  return std::nullopt;
}

// "action "iam:*"" or "NotAction", for messages naming how an action is granted.
[[nodiscard]] inline std::string describe_grant(const ActionGrant& grant, std::string_view action) {
  if (grant.value == nullptr)
    return in_quotes(action) + " (through \"NotAction\", which does not exclude it)";
  if (ci_equals(grant.value->text, action)) return in_quotes(action);
  return in_quotes(action) + " (through " + in_quotes(grant.value->text) + ")";
}

// An operator that lets a request through only when the key is present and equals (or is like)
// one of the listed values: not a negated one (StringNotEquals matches everything else), not an
// ...IfExists one (which matches when the key is absent), not ForAllValues (which matches an
// absent or empty key).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
[[nodiscard]] inline bool is_narrowing_operator(std::string_view name) {
  constexpr std::string_view kForAnyValue = "ForAnyValue:";
  if (name.substr(0, kForAnyValue.size()) == kForAnyValue) name.remove_prefix(kForAnyValue.size());
  for (const std::string_view op :
       {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"}) {
    if (name == op) return true;
  }
  return false;
}

// A value that admits everything again ("*" under StringLike), so it narrows nothing.
[[nodiscard]] inline bool not_catch_all(std::string_view /*key*/, std::string_view value) {
  return !is_all_stars(value);
}

// Any value narrows: a tag condition with "*" still requires the tag to be present.
[[nodiscard]] inline bool any_value(std::string_view /*key*/, std::string_view /*value*/) {
  return true;
}

// The first condition entry of `st` whose key satisfies `key_limits` under a narrowing operator
// and whose every value passes `value_limits` (which rejects catch-alls such as "*" where they
// admit everyone). With `presence_narrows`, "Null": {"key": "false"} (the key must be present)
// counts too: for tag keys it limits the statement to tagged resources.
template <class KeyPredicate, class ValuePredicate>
[[nodiscard]] const ConditionEntry* find_narrowing_condition(const Statement& st, KeyPredicate key_limits,
                                                             ValuePredicate value_limits,
                                                             bool presence_narrows = false) {
  if (!st.condition) return nullptr;
  for (const ConditionOperator& op : st.condition->operators) {
    const bool null_check = presence_narrows && op.name == "Null";
    if (!null_check && !is_narrowing_operator(op.name)) continue;
    for (const ConditionEntry& entry : op.entries) {
      if (!key_limits(entry.key) || entry.values.empty()) continue;
      const bool narrows = std::all_of(entry.values.begin(), entry.values.end(), [&](const Scalar& v) {
        return null_check ? v.text == "false" : value_limits(entry.key, v.text);
      });
      if (narrows) return &entry;
    }
  }
  return nullptr;
}

// Keys that tie a request to tagged or owned resources: "aws:ResourceTag/Team",
// "ec2:ResourceTag/Team", "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
[[nodiscard]] inline bool is_resource_scoping_key(std::string_view key) {
  const std::size_t colon = key.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view name = key.substr(colon + 1);
  if (ci_starts_with(name, "ResourceTag/")) return true;
  const std::string_view service = key.substr(0, colon);
  return ci_equals(service, "aws") && (ci_equals(name, "ResourceAccount") || ci_equals(name, "ResourceOrgID") ||
                                     ci_equals(name, "ResourceOrgPaths"));
}

// Tag keys of the role resource, which iam:PassRole and sts:AssumeRole requests carry:
// aws:ResourceTag/... and iam:ResourceTag/...
[[nodiscard]] inline bool is_role_tag_key(std::string_view key) {
  return ci_starts_with(key, "aws:ResourceTag/") || ci_starts_with(key, "iam:ResourceTag/");
}

// The resource part of an ARN pattern could match an IAM role ("role/...").
[[nodiscard]] inline bool resource_part_could_be_role(std::string_view resource) {
  constexpr std::string_view kRole = "role/";
  const std::size_t wildcard = first_wildcard(resource);
  const std::string_view literal = resource.substr(0, wildcard);
  return literal.substr(0, kRole.size()) == kRole || kRole.substr(0, literal.size()) == literal;
}

// A resource pattern that can name IAM roles: "*", or an ARN whose service and region fields
// fit IAM and whose resource part could be "role/...".
[[nodiscard]] inline std::optional<Arn> role_pattern(std::string_view resource) {
  const ArnResult parsed = parse_arn(resource);
  if (!parsed) return std::nullopt;
  const Arn& arn = parsed.value();
  if (!wildcard_match(arn.service, "iam", CaseSensitivity::Sensitive)) return std::nullopt;
  if (!wildcard_match(arn.region, "", CaseSensitivity::Sensitive)) return std::nullopt;
  if (!resource_part_could_be_role(arn.resource)) return std::nullopt;
  return arn;
}

// A resource pattern that matches every role of an account (or of every account): "*",
// "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:*". Probing with two role names that no
// narrower pattern would admit tells a name prefix ("role/app-*") from a catch-all.
[[nodiscard]] inline bool matches_every_role(std::string_view resource) {
  if (is_all_stars(resource)) return true;
  const std::optional<Arn> arn = role_pattern(resource);
  if (!arn) return false;
  return resource_matches(arn->resource, "role/Qz7") &&
         resource_matches(arn->resource, "role/a-path/Zq_9+=,.@-");
}

}  // namespace iamsmith::rules::w
