#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.not_principal) continue;
    out.report(
        st.key_span("NotPrincipal"),
        "\"NotPrincipal\" with \"Allow\" grants the statement to every principal except those listed, "
        "including anonymous users",
        {{"name the principals that need access in \"Principal\"; to exclude some, add a Deny statement "
          "with \"Principal\": \"*\" and a condition on aws:PrincipalArn",
          std::nullopt}});
  }
}

}  // namespace

// "We strongly recommend that you do not use NotPrincipal in the same policy statement as
// "Effect": "Allow" ... you might grant access to anonymous (unauthenticated) users."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
extern const Rule kW007AllowNotPrincipal{
    .id = "W007",
    .name = "allow-not-principal",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "An Allow statement uses NotPrincipal: it grants to everyone except the principals listed.",
    .rationale =
        "Allow with NotPrincipal grants the statement to every principal in every account, and to "
        "anonymous users, except the few it names. AWS strongly recommends against it; IAM Access "
        "Analyzer reports it as a security warning.",
    .exceptions =
        "None known. A Condition on the statement does not silence the finding, because it would have "
        "to be checked as carefully as a \"*\" principal (W004 does that for \"Principal\": \"*\"). "
        "Deny statements with NotPrincipal are never reported.",
    .fix =
        "Use \"Principal\" with the principals that need access. To exclude principals from a broad grant, "
        "use a Deny statement with \"Principal\": \"*\" and an ArnNotEquals condition on aws:PrincipalArn.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"NotPrincipal\": {\n        \"AWS\": \"arn:aws:iam::444455556666:root\"\n      },\n"
        "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::orders-archive/*\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/NotPrincipal",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:role/OrdersReader\"\n"
        "      },\n      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": \"arn:aws:s3:::orders-archive/*\"\n    }\n  ]\n}\n",
    .example_context = {.kind = "resource"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
