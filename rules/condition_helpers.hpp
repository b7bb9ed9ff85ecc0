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

#include "iamsmith/iamdata.hpp"

namespace iamsmith::rules {

// Whether an operator of `family` can match a key of declared type `type`, in both directions:
// a typed operator on a key of another type (NumericEquals on aws:SourceIp), and a String or ARN
// operator on a typed key (StringEquals on aws:SourceIp, aws:SecureTransport or s3:signatureAge),
// which Access Analyzer reports too ("Type mismatch: Use the operator type {allowed} instead").
// String operators fit String and ARN keys (ARN keys are strings: StringLike on aws:SourceArn is
// AWS's own example), ARN operators fit ARN and String keys (some ARN-valued keys are typed String
// in the reference), and Null fits every key. Numeric operators also take dates as epoch seconds
// (aws:EpochTime is a Date key that AWS's examples compare with NumericLessThan), and Date
// operators take epoch numbers.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
[[nodiscard]] inline bool operator_fits_key(OperatorFamily family, iamdata::KeyType type) {
  using iamdata::KeyType;
  if (type == KeyType::Unknown) return true;
  switch (family) {
    case OperatorFamily::Null:
      return true;
    case OperatorFamily::String:
    case OperatorFamily::Arn:
      return type == KeyType::String || type == KeyType::Arn;
    case OperatorFamily::Numeric:
    case OperatorFamily::Date:
      return type == KeyType::Numeric || type == KeyType::Date;
    case OperatorFamily::Bool:
      return type == KeyType::Bool;
    case OperatorFamily::IpAddress:
      return type == KeyType::IpAddress;
    case OperatorFamily::Binary:
      return type == KeyType::Binary;
  }
  return true;
}

// The key's declared type from the catalogue, when it knows the key.
[[nodiscard]] inline std::optional<iamdata::KeyType> declared_key_type(const iamdata::Catalog& catalog,
                                                                       std::string_view key) {
  const iamdata::ConditionKey* found = catalog.condition_key(key);
  if (found == nullptr || found->type == iamdata::KeyType::Unknown) return std::nullopt;
  return found->type;
}

// Whether the entry's operator can compare its key at all (C002 reports the ones that cannot);
// a key the catalogue does not know is given the benefit of the doubt.
[[nodiscard]] inline bool operator_fits_entry(const iamdata::Catalog& catalog, const ParsedOperator& parsed,
                                              std::string_view key) {
  if (!parsed.known()) return false;
  const auto type = declared_key_type(catalog, key);
  return !type || operator_fits_key(parsed.info->family, *type);
}

}  // namespace iamsmith::rules
