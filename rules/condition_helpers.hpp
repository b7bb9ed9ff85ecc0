#pragma once
// Helpers shared by the C (conditions) and T (trust policy) rules, on top of the condition
// operator catalogue in iamsmith/condition.hpp.
// Operators:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html Set
// qualifiers:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/condition.hpp"
#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {

// The operator catalogue, operator-name parsing, ci_equals and find_policy_variable live in
// iamsmith/condition.hpp (namespace iamsmith, so they are found from here unqualified).

// Condition keys are case-insensitive in IAM.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
[[nodiscard]] inline bool is_key(const ConditionEntry& entry, std::string_view key) {
  return ci_equals(entry.key, key);
}

// Whether a statement's Action (or NotAction) list grants `action`.
[[nodiscard]] inline bool grants_action(const Statement& st, std::string_view action) {
  if (st.action) {
    return std::any_of(st.action->begin(), st.action->end(),
                       [action](const Scalar& a) { return action_matches(a.text, action); });
  }
  if (st.not_action) {
    return std::none_of(st.not_action->begin(), st.not_action->end(),
                        [action](const Scalar& a) { return action_matches(a.text, action); });
  }
  return false;
}

// One condition entry with the operator it sits under.
struct ConditionUse {
  const ConditionOperator* op;
  ParsedOperator parsed;
  const ConditionEntry* entry;
};

// Every entry in the statement's Condition whose key is `key` (any case).
[[nodiscard]] inline std::vector<ConditionUse> condition_uses(const Statement& st, std::string_view key) {
  std::vector<ConditionUse> out;
  if (!st.condition) return out;
  for (const ConditionOperator& op : st.condition->operators) {
    for (const ConditionEntry& entry : op.entries) {
      if (is_key(entry, key)) out.push_back({&op, parse_operator(op.name), &entry});
    }
  }
  return out;
}

// Whether an Allow statement's Condition restricts `key` so that a request must carry it with
// a matching value: a known, non-negated operator without IfExists and without
// ForAllValues (all of which are true when the key is absent).
[[nodiscard]] inline bool requires_key_value(const ConditionUse& use) {
  const ParsedOperator& p = use.parsed;
  return p.known() && !p.info->negated && !p.if_exists && p.qualifier != SetQualifier::ForAllValues &&
         p.info->family != OperatorFamily::Null && !use.entry->values.empty();
}

// The key a role's trust policy checks to let only callers that know a shared value assume it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
inline constexpr std::string_view kExternalIdKey = "sts:ExternalId";

// Whether a Deny statement refuses sts:AssumeRole unless the caller sends the right ExternalId:
// a negated operator is true when the value differs and when no ExternalId is sent at all
// (IfExists does not change that), unless ForAnyValue makes it false for a missing key.
[[nodiscard]] inline bool deny_enforces_external_id(const Statement& st) {
  if (!is_deny(st) || !grants_action(st, "sts:AssumeRole")) return false;
  for (const ConditionUse& use : condition_uses(st, kExternalIdKey)) {
    const ParsedOperator& p = use.parsed;
    if (p.known() && p.info->negated && p.qualifier != SetQualifier::ForAnyValue) return true;
  }
  return false;
}

[[nodiscard]] inline bool any_deny_enforces_external_id(const Policy& policy) {
  return std::any_of(policy.statements().begin(), policy.statements().end(), deny_enforces_external_id);
}

}  // namespace iamsmith::rules
