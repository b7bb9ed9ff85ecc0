#pragma once
// The IAM condition operator catalogue and helpers shared by the C (conditions) and T (trust
// policy) rules.
// Operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Set qualifiers: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iamsmith/match.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {

// The type an operator compares its values as; it decides which values fit (C002) and whether
// policy variables are substituted (C007).
enum class OperatorFamily { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };

enum class SetQualifier { None, ForAllValues, ForAnyValue };

struct OperatorInfo {
  std::string_view name;
  OperatorFamily family;
  bool negated;   // true when the key is absent from the request (StringNotEquals, NotIpAddress, ...)
  bool wildcards;  // '*' and '?' in values are wildcards (StringLike, ArnLike, ArnEquals, ...)
};

// Every base operator IAM defines. ArnEquals and ArnLike behave identically, both with
// wildcards per ARN field (same page, "Amazon Resource Name (ARN) condition operators").
inline constexpr std::array<OperatorInfo, 27> kOperators{{
    {"StringEquals", OperatorFamily::String, false, false},
    {"StringNotEquals", OperatorFamily::String, true, false},
    {"StringEqualsIgnoreCase", OperatorFamily::String, false, false},
    {"StringNotEqualsIgnoreCase", OperatorFamily::String, true, false},
    {"StringLike", OperatorFamily::String, false, true},
    {"StringNotLike", OperatorFamily::String, true, true},
    {"NumericEquals", OperatorFamily::Numeric, false, false},
    {"NumericNotEquals", OperatorFamily::Numeric, true, false},
    {"NumericLessThan", OperatorFamily::Numeric, false, false},
    {"NumericLessThanEquals", OperatorFamily::Numeric, false, false},
    {"NumericGreaterThan", OperatorFamily::Numeric, false, false},
    {"NumericGreaterThanEquals", OperatorFamily::Numeric, false, false},
    {"DateEquals", OperatorFamily::Date, false, false},
    {"DateNotEquals", OperatorFamily::Date, true, false},
    {"DateLessThan", OperatorFamily::Date, false, false},
    {"DateLessThanEquals", OperatorFamily::Date, false, false},
    {"DateGreaterThan", OperatorFamily::Date, false, false},
    {"DateGreaterThanEquals", OperatorFamily::Date, false, false},
    {"Bool", OperatorFamily::Bool, false, false},
    {"BinaryEquals", OperatorFamily::Binary, false, false},
    {"IpAddress", OperatorFamily::IpAddress, false, false},
    {"NotIpAddress", OperatorFamily::IpAddress, true, false},
    {"ArnEquals", OperatorFamily::Arn, false, true},
    {"ArnLike", OperatorFamily::Arn, false, true},
    {"ArnNotEquals", OperatorFamily::Arn, true, true},
    {"ArnNotLike", OperatorFamily::Arn, true, true},
    {"Null", OperatorFamily::Null, false, false},
}};

inline constexpr std::string_view kIfExists = "IfExists";
inline constexpr std::string_view kForAllValues = "ForAllValues";
inline constexpr std::string_view kForAnyValue = "ForAnyValue";

// An operator name taken apart: "ForAnyValue:StringLikeIfExists" is qualifier ForAnyValue,
// base StringLike, IfExists. Names are matched case-sensitively, as IAM does.
struct ParsedOperator {
  SetQualifier qualifier = SetQualifier::None;
  bool qualifier_known = true;  // false for "ForAllValue:StringEquals" and the like
  bool if_exists = false;
  std::string_view base;               // without qualifier and IfExists
  const OperatorInfo* info = nullptr;  // nullptr when the base is not an operator
  [[nodiscard]] bool known() const { return qualifier_known && info != nullptr; }
};

[[nodiscard]] inline const OperatorInfo* find_operator(std::string_view base) {
  for (const OperatorInfo& op : kOperators) {
    if (op.name == base) return &op;
  }
  return nullptr;
}

[[nodiscard]] inline ParsedOperator parse_operator(std::string_view name) {
  ParsedOperator out;
  std::string_view rest = name;
  if (const auto colon = rest.find(':'); colon != std::string_view::npos) {
    const std::string_view prefix = rest.substr(0, colon);
    if (prefix == kForAllValues) {
      out.qualifier = SetQualifier::ForAllValues;
    } else if (prefix == kForAnyValue) {
      out.qualifier = SetQualifier::ForAnyValue;
    } else {
      out.qualifier_known = false;
    }
    rest = rest.substr(colon + 1);
  }
  // "IfExists" may end any operator; a bare "IfExists" is not an operator.
  if (rest.size() > kIfExists.size() && rest.ends_with(kIfExists)) {
    out.if_exists = true;
    rest = rest.substr(0, rest.size() - kIfExists.size());
  }
  out.base = rest;
  out.info = find_operator(rest);
  return out;
}

// Every valid spelling of every operator, for did-you-mean. NullIfExists is left out: IAM
// rejects it (C005).
[[nodiscard]] inline const std::vector<std::string>& operator_spellings() {
  static const std::vector<std::string> kSpellings = [] {
    std::vector<std::string> out;
    for (std::string_view prefix : {std::string_view{}, kForAllValues, kForAnyValue}) {
      for (const OperatorInfo& op : kOperators) {
        for (bool if_exists : {false, true}) {
          if (if_exists && op.family == OperatorFamily::Null) continue;
          std::string name;
          if (!prefix.empty()) name.append(prefix).push_back(':');
          name.append(op.name);
          if (if_exists) name.append(kIfExists);
          out.push_back(std::move(name));
        }
      }
    }
    return out;
  }();
  return kSpellings;
}

[[nodiscard]] inline bool ci_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

[[nodiscard]] inline bool ci_starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ci_equals(text.substr(0, prefix.size()), prefix);
}

[[nodiscard]] inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A policy variable such as ${aws:username} in `text`. ${*}, ${?} and ${$} only stand for
// the literal characters, so they do not count.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
[[nodiscard]] inline std::optional<std::string_view> find_policy_variable(std::string_view text) {
  std::size_t from = 0;
  while (true) {
    const auto open = text.find("${", from);
    if (open == std::string_view::npos) return std::nullopt;
    const auto close = text.find('}', open + 2);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view inner = text.substr(open + 2, close - open - 2);
    if (!inner.empty() && inner != "*" && inner != "?" && inner != "$") {
      return text.substr(open, close - open + 1);
    }
    from = close + 1;
  }
}

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
