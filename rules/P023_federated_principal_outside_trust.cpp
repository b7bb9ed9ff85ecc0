#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Resource) return;
  for (const Statement& st : in.policy->statements()) {
    for_each_principal_group(st, [&](const PrincipalGroup& group) {
      if (group.type != PrincipalType::Federated) return;
      out.report(group.key_span, "a resource policy cannot name a \"Federated\" principal",
                 {{"identity providers are trusted only in a role's trust policy (with "
                   "sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity); here, name the role their users "
                   "assume, or its sessions (arn:aws:sts::<account>:assumed-role/<role>/<session>)",
                   std::nullopt}});
    });
  }
}

}  // namespace

// Access Analyzer, Error – Federated principal not supported: "The policy type does not support a
// federated identity provider in the principal element."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
extern const Rule kP023FederatedPrincipalOutsideTrust{
    .id = "P023",
    .name = "federated-principal-outside-trust",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A resource policy (bucket, queue, key, ... policy) names a \"Federated\" principal.",
    .rationale = "A SAML or OIDC identity provider's users never call AWS as themselves: they assume a role, and "
                 "their requests come from the role's session. A Federated principal is therefore meaningful only "
                 "in a role's trust policy, and Access Analyzer rejects it in other policies.",
    .exceptions = "Trust policies are not reported (that is where Federated belongs). The policy's kind is inferred "
                  "from its actions unless --kind says it.",
    .fix = "Name the role that the federated users assume (\"AWS\": \"arn:aws:iam::<account>:role/<name>\") or its "
           "sessions.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleIdP"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/Federated",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/ReportReaders"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {.kind = "resource"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    .check = check,
};

}  // namespace iamsmith::rules
