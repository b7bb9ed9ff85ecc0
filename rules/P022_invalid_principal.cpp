#include "iamsmith/principal.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for_each_principal_group(st, [&](const PrincipalGroup& group) {
      // AWS principals (account IDs and ARNs) are the A rules' and W011's; unknown types P011's.
      if (group.type != PrincipalType::Service && group.type != PrincipalType::Federated) return;
      for (const Scalar& value : group.values) {
        const PrincipalInfo info = classify_principal(group.type, value.text);
        if (info.form != PrincipalForm::Invalid) continue;
        const bool service = group.type == PrincipalType::Service;
        out.report(value.span,
                   in_quotes(value.text) + " is not a valid " +
                       (service ? "service principal" : "federated principal") + ": " + info.problem,
                   {{service ? "a service principal is the service's name in the partition's domain, such as "
                               "\"states.amazonaws.com\""
                             : "a federated principal is a saml-provider or oidc-provider ARN, or "
                               "cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com or "
                               "www.amazon.com",
                     std::nullopt}});
      }
    });
  }
}

}  // namespace

// Access Analyzer: "Invalid service principal format", "Invalid federated principal syntax in
// role trust policy", "Unsupported wildcard in principal".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kP022InvalidPrincipal{
    .id = "P022",
    .name = "invalid-principal",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A \"Service\" or \"Federated\" principal that is not one: a service principal not of the form "
               "<service>.amazonaws.com, a wildcard, an ARN under the wrong type, an unknown identity provider.",
    .rationale = "Service principals are the service's name in its partition's domain (states.amazonaws.com); "
                 "federated principals are the ARN of an IAM SAML or OIDC provider, or one of the four web identity "
                 "providers IAM knows by name. Any other value names nobody: IAM rejects the policy, or no request "
                 "ever comes from that principal. Wildcards are not allowed in either.",
    .exceptions = "AWS principals (account IDs, role and user ARNs) are checked by the A rules.",
    .fix = "Write the service principal as AWS documents it for the service, or the identity provider's ARN "
           "(arn:aws:iam::<account>:saml-provider/<name>, arn:aws:iam::<account>:oidc-provider/<host>).",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "arn:aws:states:::stateMachine"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/Service",
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
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
