#include "iamsmith/arn.hpp"
#include "iamsmith/principal.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for_each_principal_group(st, [&](const PrincipalGroup& group) {
      if (group.type != PrincipalType::Aws) return;
      for (const Scalar& value : group.values) {
        const std::string_view text = value.text;
        // Empty values are P016's, ARNs the A rules', wildcards W011's, policy variables P024's.
        if (text.empty() || ci_starts_with(text, "arn:")) continue;
        if (detail::has_wildcard_outside_variables(text) || detail::has_variable(text)) continue;
        const PrincipalInfo info = classify_principal(group.type, text);
        if (info.form != PrincipalForm::Invalid) continue;
        out.report(value.span, in_quotes(text) + " is not an AWS principal: " + info.problem,
                   {{"name the principal by ARN (arn:aws:iam::111122223333:role/Name), by account ID, or use "
                     "\"*\" for everyone",
                     std::nullopt}});
      }
    });
  }
}

}  // namespace

// Parliament UNKNOWN_PRINCIPAL: a principal that is not "*", a 12-digit account or an IAM ARN.
// The Principal element page lists the forms an "AWS" principal takes (account ID, account root,
// role, assumed-role session, user, federated user, "*"); any other value makes IAM reject the
// policy ("Invalid principal in policy").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://repost.aws/knowledge-center/s3-invalid-principal-in-policy-error
extern const Rule kP026UnknownAwsPrincipal{
    .id = "P026",
    .name = "unknown-aws-principal",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An \"AWS\" principal that is neither \"*\", a 12-digit account ID, an IAM unique ID nor an ARN: a "
               "role or user name on its own, an account alias, a hyphenated account ID.",
    .rationale = "IAM identifies an AWS principal by its ARN or by its account's 12-digit ID. A bare name such as "
                 "\"orders-team\" says neither which account nor which kind of identity it is, so IAM rejects the "
                 "policy with \"Invalid principal in policy\", and a template that produced it fails to deploy.",
    .exceptions = "Values that start with \"arn:\" are checked by the A rules, values with a wildcard by W011, and "
                  "unique IDs (AROA..., AIDA...) by P025.",
    .fix = "Write the principal's ARN (arn:aws:iam::<account>:role/<name> or user/<name>), or the account ID "
           "when the whole account is meant.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "orders-team"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/orders-team"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
                  "https://repost.aws/knowledge-center/s3-invalid-principal-in-policy-error",
    .check = check,
};

}  // namespace iamsmith::rules
