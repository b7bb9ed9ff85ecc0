#include <array>

#include "condition_helpers.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Condition keys that limit who can use a statement whose principal is "*". The list follows
// the keys IAM Access Analyzer treats as limiting access in its findings
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-filter-keys.html:
// aws:PrincipalArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceIp, aws:SourceVpc,
// aws:UserId, kms:CallerAccount and the web identity audience keys) plus the account and source
// keys of the global condition key reference
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
// sts:ExternalId is not among them: anyone who learns the value can present it.
constexpr std::array<std::string_view, 18> kLimitingKeys = {
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:SourceIp",
    "aws:userid",
    "kms:CallerAccount",
    "cognito-identity.amazonaws.com:aud",
    "accounts.google.com:aud",
    "graph.facebook.com:app_id",
    "www.amazon.com:app_id",
};

bool is_limiting_key(std::string_view key) {
  return std::any_of(kLimitingKeys.begin(), kLimitingKeys.end(),
                     [key](std::string_view k) { return ci_equals(k, key); });
}

// Values that do not limit anything although the key does: an ARN whose account field is a
// wildcard ("arn:aws:sns:*:*:topic" matches every account's topic) and the all-addresses CIDRs.
bool value_limits(std::string_view key, std::string_view value) {
  if (w::is_all_stars(value)) return false;
  if (ci_equals(key, "aws:SourceIp")) return value != "0.0.0.0/0" && value != "::/0";
  if (ci_equals(key, "aws:SourceArn") || ci_equals(key, "aws:PrincipalArn")) {
    const ArnResult arn = parse_arn(value);
    if (arn && has_wildcard(arn->account)) return false;
  }
  return true;
}

// Whether a condition limits who: a limiting key under a narrowing operator that can compare it
// (StringEquals on aws:SourceIp never matches an address, so it limits nothing: C002), with every
// value a real limit.
bool limits_who(const Statement& st, const iamdata::Catalog& catalog) {
  if (!st.condition) return false;
  for (const ConditionOperator& op : st.condition->operators) {
    if (!w::is_narrowing_operator(op.name)) continue;
    const ParsedOperator parsed = parse_operator(op.name);
    for (const ConditionEntry& entry : op.entries) {
      if (!is_limiting_key(entry.key) || entry.values.empty() || !operator_fits_entry(catalog, parsed, entry.key)) {
        continue;
      }
      if (std::all_of(entry.values.begin(), entry.values.end(),
                      [&](const Scalar& v) { return value_limits(entry.key, v.text); })) {
        return true;
      }
    }
  }
  return false;
}

void report_anyone(const Scalar& value, FindingSink& out) {
  out.report(value.span,
             "principal " + in_quotes(value.text) +
                 " allows everyone, including anonymous users, and no condition limits who (such as "
                 "aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn or aws:SourceAccount)",
             {{"name the principals (accounts, roles, service principals), or keep \"*\" and add a condition "
               "such as \"StringEquals\": {\"aws:PrincipalOrgID\": \"o-...\"} or, for a service, "
               "\"aws:SourceArn\" / \"aws:SourceAccount\"",
               std::nullopt}});
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal) continue;
    if (limits_who(st, catalog_of(in.context))) continue;
    const Principal& principal = *st.principal;
    if (principal.bare && principal.bare->text == "*") report_anyone(*principal.bare, out);
    for (const PrincipalGroup& group : principal.groups) {
      if (group.type != PrincipalType::Aws) continue;
      for (const Scalar& value : group.values) {
        if (value.text == "*") report_anyone(value, out);
      }
    }
  }
}

}  // namespace

// "Principal": "*" and "Principal": {"AWS": "*"} are equivalent and include anonymous users.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
extern const Rule kW004PublicPrincipal{
    .id = "W004",
    .name = "public-principal",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary =
        "An Allow statement grants to \"*\" (everyone, including anonymous users) without a condition that "
        "limits who.",
    .rationale =
        "In a resource policy \"*\" with Allow grants the statement to every AWS principal and to "
        "anonymous requests: the resource is public. In a role trust policy anyone in any account can "
        "assume the role. AWS strongly recommends against it unless public access is intended, and "
        "asks for a Condition that limits access when \"*\" is used.",
    .exceptions =
        "Public content (a website bucket) is public on purpose. The finding is silenced by a condition "
        "that limits who, under a narrowing operator (StringEquals, StringEqualsIgnoreCase, StringLike, "
        "ArnEquals, ArnLike, IpAddress, optionally ForAnyValue:, never ...IfExists, negated or "
        "ForAllValues:) whose values are not \"*\": aws:PrincipalArn, aws:PrincipalAccount, "
        "aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceArn and aws:PrincipalArn with a concrete "
        "account, aws:SourceAccount, aws:SourceOwner, aws:SourceOrgID, aws:SourceOrgPaths, "
        "aws:SourceVpce, aws:SourceVpc, aws:SourceIp other than 0.0.0.0/0 and ::/0, "
        "aws:userid, kms:CallerAccount, and the web identity audience keys. sts:ExternalId does not "
        "count: it is a shared value, not an identity. An operator that cannot compare the key "
        "(StringEquals on aws:SourceIp, C002) limits nothing. Deny statements are never reported.",
    .fix =
        "Name the principals that need access, or keep \"*\" and add a condition on the caller's "
        "organization "
        "(aws:PrincipalOrgID), account (aws:PrincipalAccount) or, for an AWS service, the source "
        "(aws:SourceArn, aws:SourceAccount).",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"*\"\n      },\n      \"Action\": \"sqs:SendMessage\",\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"*\"\n      },\n      \"Action\": \"sqs:SendMessage\",\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\",\n"
        "      \"Condition\": {\n        \"StringEquals\": {\n"
        "          \"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"\n        }\n      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "resource"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-filter-keys.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
