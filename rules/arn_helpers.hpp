#pragma once
// Helpers of the A (ARN) and X (partition) rules: where a policy holds ARNs, the fields of an
// ARN as written, and which partition a policy lives in.
// ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iamsmith/arn.hpp"
#include "iamsmith/match.hpp"
#include "iamsmith/partition.hpp"
#include "iamsmith/principal.hpp"
#include "iamsmith/suggest.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules::arns {

// Where in a statement an ARN-bearing value sits.
enum class ArnSite { Resource, NotResource, Principal, NotPrincipal, Condition };

// One value that is meant to be an ARN.
struct ArnValue {
  const Scalar* value = nullptr;
  const Statement* statement = nullptr;
  ArnSite site = ArnSite::Resource;
  PrincipalType principal_type = PrincipalType::Unknown;  // Principal / NotPrincipal only
  const ConditionOperator* op = nullptr;                  // Condition only
  const ConditionEntry* entry = nullptr;                  // Condition only
  // False for a condition value compared with a String operator: there a '*' may span colons
  // (StringLike has no notion of ARN fields), so a pattern with fewer fields is not an error.
  bool strict = true;
};

// "arn:" in any case: "ARN:aws:..." is meant as an ARN too (and is malformed).
[[nodiscard]] inline bool looks_like_arn(std::string_view text) {
  return ci_starts_with(text, "arn:");
}

// '*' or '?' outside variables, or a policy variable: the text stands for many values.
[[nodiscard]] inline bool is_pattern(std::string_view text) {
  return detail::has_wildcard_outside_variables(text) || detail::has_variable(text);
}

// ArnEquals, ArnLike, ArnNotEquals, ArnNotLike, with or without IfExists and a set prefix.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
[[nodiscard]] inline bool is_arn_operator(std::string_view op) {
  for (const std::string_view prefix :
       {std::string_view("ForAllValues:"), std::string_view("ForAnyValue:")}) {
    if (ci_starts_with(op, prefix)) op.remove_prefix(prefix.size());
  }
  if (ci_ends_with(op, "IfExists")) op.remove_suffix(std::string_view("IfExists").size());
  for (const std::string_view name : {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"}) {
    if (ci_equals(op, name)) return true;
  }
  return false;
}

// Condition keys whose values are ARNs whatever the operator: aws:SourceArn, aws:PrincipalArn,
// iam:PolicyARN, lambda:FunctionArn, kms:EncryptionContext:aws:s3:arn, ... (a last segment that is
// "arn" or ends in "Arn"/"ARN"), iam:PermissionsBoundary (a policy ARN), and sts:ExternalId,
// which Step Functions sets to the state machine ARN
// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html).
[[nodiscard]] inline bool is_arn_condition_key(std::string_view key) {
  if (ci_equals(key, "sts:ExternalId") || ci_equals(key, "iam:PermissionsBoundary")) return true;
  const std::size_t cut = key.find_last_of(":/");
  const std::string_view last = cut == std::string_view::npos ? key : key.substr(cut + 1);
  if (ci_equals(last, "arn")) return true;
  // Case-sensitive on purpose: "learn" is a word, "SourceArn" and "SecretARN" are ARNs.
  return last.size() > 3 && (last.ends_with("Arn") || last.ends_with("ARN"));
}

[[nodiscard]] inline bool is_sts_external_id(std::string_view key) {
  return ci_equals(key, "sts:ExternalId");
}

// Calls fn(const ArnValue&) for every string value that starts with "arn:" (any case) where a
// policy expects an ARN: Resource / NotResource, principals under "AWS" and "Federated", and
// condition values of the ARN operators or of ARN-valued keys (is_arn_condition_key).
template <class Fn>
void for_each_arn(const Policy& policy, Fn&& fn) {
  for (const Statement& st : policy.statements()) {
    const auto list = [&](const std::optional<ValueList>& values, ArnSite site) {
      if (!values) return;
      for (const Scalar& v : *values) {
        if (v.type != json::Type::String || !looks_like_arn(v.text)) continue;
        ArnValue a;
        a.value = &v;
        a.statement = &st;
        a.site = site;
        fn(a);
      }
    };
    list(st.resource, ArnSite::Resource);
    list(st.not_resource, ArnSite::NotResource);
    const auto principal = [&](const std::optional<Principal>& p, ArnSite site) {
      if (!p) return;
      for (const PrincipalGroup& group : p->groups) {
        if (group.type != PrincipalType::Aws && group.type != PrincipalType::Federated) continue;
        for (const Scalar& v : group.values) {
          if (v.type != json::Type::String || !looks_like_arn(v.text)) continue;
          ArnValue a;
          a.value = &v;
          a.statement = &st;
          a.site = site;
          a.principal_type = group.type;
          fn(a);
        }
      }
    };
    principal(st.principal, ArnSite::Principal);
    principal(st.not_principal, ArnSite::NotPrincipal);
    if (st.condition) {
      for (const ConditionOperator& op : st.condition->operators) {
        const bool arn_operator = is_arn_operator(op.name);
        for (const ConditionEntry& entry : op.entries) {
          if (!arn_operator && !is_arn_condition_key(entry.key)) continue;
          for (const Scalar& v : entry.values) {
            if (v.type != json::Type::String || !looks_like_arn(v.text)) continue;
            ArnValue a;
            a.value = &v;
            a.statement = &st;
            a.site = ArnSite::Condition;
            a.op = &op;
            a.entry = &entry;
            a.strict = arn_operator;
            fn(a);
          }
        }
      }
    }
  }
}

// The colon-separated fields of an ARN as written, without judging them: [0] "arn", [1]
// partition, [2] service, [3] region, [4] account, [5] resource (which keeps its own colons).
// A colon inside a policy variable ("${aws:username}") does not split. `count` is how many
// fields the text has (at most 6).
struct ArnFields {
  std::array<std::string_view, 6> field{};
  std::size_t count = 0;
};

[[nodiscard]] inline ArnFields split_fields(std::string_view text) {
  ArnFields out;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < text.size() && out.count < out.field.size() - 1) {
    const std::size_t after = detail::skip_variable(text, i);
    if (after != i) {
      i = after;
      continue;
    }
    if (text[i] == ':') {
      out.field[out.count++] = text.substr(start, i - start);
      start = i + 1;
    }
    ++i;
  }
  out.field[out.count++] = text.substr(start);
  return out;
}

// parse_arn, except that a bad account field (A004's finding) does not hide the other fields
// from the rules that check them: the account is kept as written.
[[nodiscard]] inline std::optional<Arn> parse_for_fields(std::string_view text) {
  ArnResult parsed = parse_arn(text);
  if (parsed) return std::move(parsed).value();
  if (parsed.error() != ArnError::InvalidAccount) return std::nullopt;
  const ArnFields f = split_fields(text);
  if (f.count < f.field.size()) return std::nullopt;
  const std::string stand_in = std::string(f.field[0]) + ":" + std::string(f.field[1]) + ":" +
                               std::string(f.field[2]) + ":" + std::string(f.field[3]) +
                               ":*:" + std::string(f.field[5]);
  ArnResult again = parse_arn(stand_in);
  if (!again) return std::nullopt;
  Arn arn = std::move(again).value();
  arn.account = std::string(f.field[4]);
  return arn;
}

// IAM lets a '*' that ends an ARN segment match across the following colons ("If the *
// wildcard is the last character of a resource ARN segment, it can expand to match beyond the
// colon boundaries",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
// AWS's own managed policies rely on it ("arn:aws:kms:*::*" in AWSRefactoringToolkitFullAccess),
// so a field left empty after such a segment is not reported as missing.
[[nodiscard]] inline bool earlier_field_may_expand(const Arn& arn, std::size_t field_index) {
  const std::array<const std::string*, 3> before = {&arn.partition, &arn.service, &arn.region};
  // field_index: 3 = region, 4 = account (as in ArnFields).
  for (std::size_t k = 0; k + 1 < field_index && k < before.size(); ++k) {
    if (!before[k]->empty() && before[k]->back() == '*') return true;
  }
  return false;
}

// The partition of a parsed ARN when it is literal and known.
[[nodiscard]] inline const PartitionInfo* known_partition(const Arn& arn) {
  if (is_pattern(arn.partition)) return nullptr;
  return find_partition(arn.partition);
}

// nearest_partition: iamsmith/partition.hpp (also lint's --partition).
using iamsmith::nearest_partition;

[[nodiscard]] inline std::string partition_list() {
  std::string out;
  for (const PartitionInfo& info : partitions()) {
    if (!out.empty()) out += ", ";
    out += info.id;
  }
  return out;
}

// The partition the policy lives in, and where that knowledge comes from.
struct PolicyPartition {
  std::string id;
  std::string source;               // "--partition", "the role ARN", "the policy's resources"
  std::optional<SourceSpan> where;  // a Resource that names it, when inferred from the policy
};

[[nodiscard]] inline std::optional<std::string> literal_known_partition(std::string_view arn_text) {
  return partition_of_arn(arn_text);
}

// From the context first (--partition, then the ARNs of the role, state machine and execution
// role), else the single partition the statements' Resource ARNs agree on.
[[nodiscard]] inline std::optional<PolicyPartition> policy_partition(const LintInput& in) {
  const LintContext& c = in.context;
  if (c.partition && find_partition(*c.partition) != nullptr) {
    return PolicyPartition{*c.partition, "the context (--partition)", std::nullopt};
  }
  const std::array<std::pair<const std::optional<std::string>*, std::string_view>, 3> arns = {{
      {&c.role_arn, "the role the policy belongs to"},
      {&c.state_machine_arn, "the state machine"},
      {&c.execution_role_arn, "the execution role"},
  }};
  for (const auto& [arn, what] : arns) {
    if (!*arn) continue;
    if (const auto id = literal_known_partition(**arn)) {
      return PolicyPartition{*id, std::string(what) + " " + in_quotes(**arn), std::nullopt};
    }
  }
  if (in.policy == nullptr) return std::nullopt;
  std::optional<PolicyPartition> found;
  for (const Statement& st : in.policy->statements()) {
    if (!st.resource) continue;
    for (const Scalar& v : *st.resource) {
      if (v.type != json::Type::String) continue;
      const auto id = literal_known_partition(v.text);
      if (!id) continue;
      if (!found) {
        found = PolicyPartition{*id, "the policy's Resource ARNs", v.span};
      } else if (found->id != *id) {
        return std::nullopt;  // they disagree (X002's business)
      }
    }
  }
  return found;
}

}  // namespace iamsmith::rules::arns
