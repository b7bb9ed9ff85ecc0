#pragma once
// How long IAM says a policy is, and the length quota of each kind of policy. The linter's P014
// and the generator's trust-policy check both measure with these.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html

#include <array>
#include <cstddef>
#include <string_view>

namespace iamsmith {

namespace json {
struct Document;
}

// The kinds of policy IAM gives a length quota, as the quotas page lists them.
enum class PolicyQuotaKind {
  Managed,      // a customer managed policy
  InlineRole,   // all inline policies of one role together
  InlineUser,   // all inline policies of one user together
  InlineGroup,  // all inline policies of one group together
  Trust,        // a role's trust policy (default; adjustable through Service Quotas)
};

struct PolicyQuota {
  PolicyQuotaKind kind;
  std::size_t characters;  // whitespace not counted
};

// Default quotas, in characters without whitespace ("IAM and AWS STS quotas", "IAM object
// quotas" and "Character limits"). The trust policy quota can be raised to 4,096.
inline constexpr std::array<PolicyQuota, 5> kPolicyQuotas{{
    {PolicyQuotaKind::Managed, 6144},
    {PolicyQuotaKind::InlineRole, 10240},
    {PolicyQuotaKind::InlineUser, 2048},
    {PolicyQuotaKind::InlineGroup, 5120},
    {PolicyQuotaKind::Trust, 2048},
}};

[[nodiscard]] constexpr std::size_t policy_quota(PolicyQuotaKind kind) {
  for (const PolicyQuota& quota : kPolicyQuotas) {
    if (quota.kind == kind) return quota.characters;
  }
  return 0;
}

// The size IAM measures: the characters of the document, whitespace not counted. The quotas page
// says IAM "does not count white space", and GetAccountSummary gives the quotas "in
// non-whitespace characters", so whitespace inside string values is left out as well; that can
// only make the count smaller, never raise a false alarm. Characters are code points (IAM allows
// U+0020-U+00FF, two bytes each above U+007F in UTF-8).
// https://docs.aws.amazon.com/sdkfornet/latest/apidocs/items/TIAMGetAccountSummaryResultNET35.html
[[nodiscard]] std::size_t policy_size(std::string_view text);

// The same for a loaded document, without the comments and byte-order mark the loader accepted
// leniently: AWS rejects those anyway (P002), so they are not part of a policy it would measure.
[[nodiscard]] std::size_t policy_size(const json::Document& document);

}  // namespace iamsmith
