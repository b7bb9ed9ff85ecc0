#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.not_principal) continue;
    out.report(st.key_span("NotPrincipal"), "a role's trust policy cannot use \"NotPrincipal\"",
               {{"IAM rejects the trust policy; name who may assume the role in \"Principal\"", std::nullopt}});
  }
}

}  // namespace

// "Role trust policies do not support NotPrincipal" (Access Analyzer, Error – Role trust policy
// syntax error notprincipal).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
extern const Rule kP020NotPrincipalInTrust{
    .id = "P020",
    .name = "not-principal-in-trust",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A role's trust policy uses NotPrincipal.",
    .rationale = "A trust policy says who may assume the role, and it must say so with Principal: IAM does not "
                 "support NotPrincipal in role trust policies and Access Analyzer reports it as an error. With "
                 "Allow it would also trust everyone but the listed principals, anonymous callers included.",
    .exceptions = "",
    .fix = "Replace NotPrincipal with Principal naming the accounts, roles, services or identity providers that "
           "may assume the role; to keep someone out, use a Deny statement with Principal.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/Untrusted"},
      "Action": "sts:AssumeRole"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/NotPrincipal",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "states.amazonaws.com"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}
    }
  ]
}
)j",
    .example_context = {.kind = "trust"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    .check = check,
};

}  // namespace iamsmith::rules
