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
        const PrincipalInfo info = classify_principal(group.type, value.text);
        if (info.form != PrincipalForm::UniqueId) continue;
        // IAM's unique-ID prefixes: AROA for a role, AIDA for a user.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
        const bool role = std::string_view(value.text).starts_with("AROA");
        out.report(value.span,
                   in_quotes(value.text) + " is the unique ID of an IAM " + (role ? "role" : "user") +
                       ", not its ARN: AWS writes the ID in place of the ARN once the " +
                       (role ? "role" : "user") + " is deleted, so the policy no longer names anyone you can "
                       "recreate",
                   {{std::string("if the ") + (role ? "role" : "user") + " was deleted, remove the entry; otherwise "
                     "write its ARN (arn:aws:iam::<account>:" + (role ? "role" : "user") + "/<name>)",
                     std::nullopt}});
      }
    });
  }
}

}  // namespace

// Access Analyzer, General warning – Invalid role reference / Invalid user reference: "The Principal
// element includes the IAM role ID {roleid}. We recommend that you use a role ARN instead."
// The Principal element page: when the role or user a policy names is deleted, the ARN in the
// policy is replaced with its unique ID, and a new role or user of the same name does not match it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
// https://repost.aws/knowledge-center/iam-resource-policy-format ("AIDA" users, "AROA" roles)
extern const Rule kP025UniqueIdPrincipal{
    .id = "P025",
    .name = "unique-id-principal",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "An AWS principal given as an IAM unique ID (\"AROA...\" for a role, \"AIDA...\" for a user) "
               "instead of an ARN.",
    .rationale = "A policy names roles and users by ARN. When the role or user a resource or trust policy names is "
                 "deleted, AWS replaces the ARN in the policy with the deleted identity's unique ID. The ID "
                 "matches nobody: recreating a role or user with the same name gives it a new ID, so the access "
                 "the policy was written to grant is gone, and the policy only records that it once existed.",
    .exceptions = "Only the \"AWS\" principal type is checked; ARNs, account IDs and \"*\" are other rules' concern.",
    .fix = "Remove the entry if the identity is gone for good; otherwise write the ARN of the role or user it "
           "should name (and update the policy again if the role is ever recreated).",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "AROAJQABLZS4A3QDU576Q"},
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
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/reports-reader"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://repost.aws/knowledge-center/iam-resource-policy-format",
    .check = check,
};

}  // namespace iamsmith::rules
