#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

constexpr std::string_view kAssumeRole = "sts:AssumeRole";

// What a wildcard role pattern covers, for the message; nullopt when it names one role only.
std::optional<std::string> wildcard_scope(std::string_view resource) {
  if (w::is_all_stars(resource)) return std::string("every role in every account");
  if (!has_wildcard(resource)) return std::nullopt;
  const std::optional<Arn> arn = w::role_pattern(resource);
  if (!arn) return std::nullopt;
  std::string scope;
  if (w::matches_every_role(resource)) {
    scope = "every role";
  } else if (!has_wildcard(arn->resource)) {
    scope = "the role " + in_quotes(arn->resource_id());
  } else {
    scope = "every role matching " + in_quotes(arn->resource);
  }
  if (has_wildcard(arn->account) || arn->account.empty()) {
    scope += " in every account";
  } else {
    scope += " of account " + arn->account;
  }
  return scope;
}

const Note kListRoles{
    "list the ARNs of the target roles, one per Credentials.RoleArn of the state machine; a "
    "role taken from the state input (\"RoleArn.$\") is what makes CDK write \"*\"",
    std::nullopt};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st)) continue;
    const std::optional<w::ActionGrant> grant = w::grants_action(st, kAssumeRole);
    if (!grant) continue;
    if (w::find_narrowing_condition(st, w::is_role_tag_key, w::any_value, true) != nullptr) continue;
    if (st.resource) {
      for (const Scalar& resource : *st.resource) {
        const std::optional<std::string> scope = wildcard_scope(resource.text);
        if (!scope) continue;
        out.report(resource.span,
                   w::describe_grant(*grant, kAssumeRole) + " is allowed on " + in_quotes(resource.text) +
                       ", which matches " + *scope + " that trusts this principal",
                   {kListRoles});
      }
    } else if (st.not_resource) {
      // Only a catch-all over every account's roles leaves nothing to assume.
      const bool excludes_all_roles =
          std::any_of(st.not_resource->begin(), st.not_resource->end(), [](const Scalar& r) {
            if (w::is_all_stars(r.text)) return true;
            const std::optional<Arn> arn = w::role_pattern(r.text);
            return arn && w::is_all_stars(arn->account) && w::matches_every_role(r.text);
          });
      if (excludes_all_roles) continue;
      out.report(
          st.key_span("NotResource"),
          w::describe_grant(*grant, kAssumeRole) +
              " is allowed with \"NotResource\", so on every role that is not listed, in every account "
              "that trusts this principal",
          {kListRoles});
    }
  }
}

}  // namespace

// A Step Functions task with Credentials makes the execution role call sts:AssumeRole on the
// target role; the execution role's policy must allow exactly those roles.
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html
extern const Rule kW009AssumeRoleWildcard{
    .id = "W009",
    .name = "assume-role-wildcard",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary =
        "sts:AssumeRole (also through \"sts:*\", \"sts:Assume*\" or \"*\") is allowed on \"*\" or on a "
        "role ARN with a wildcard.",
    .rationale =
        "The execution role of a cross-account state machine may assume exactly the target roles its "
        "tasks name in Credentials. With \"*\" or a wildcard ARN it can assume any role, in any account, "
        "whose trust policy trusts it, including roles that other teams later create with a careless "
        "account-wide trust. CDK writes \"*\" when a task takes its role ARN from the state input.",
    .exceptions =
        "A deployment tool that assumes per-account bootstrap roles (\"arn:aws:iam::*:role/cdk-*\") uses "
        "a wildcard on purpose; the finding is still worth a look. A narrowing condition on the role's "
        "tags (aws:ResourceTag/... or iam:ResourceTag/...) silences the finding; aws:ResourceAccount "
        "does not, as it still leaves every role of that account. Deny statements are never reported.",
    .fix =
        "List the ARNs of the target roles in Resource. If the role really comes from the state input, "
        "restrict it to a known set of accounts and a role name.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sts:AssumeRole\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Resource\": \"arn:aws:iam::444455556666:role/OrdersTargetRole\"\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html",
    .check = check,
};

}  // namespace iamsmith::rules
