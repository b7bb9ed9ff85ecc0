#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// aws:MultiFactorAuthPresent is in the request context only for temporary credentials: requests
// signed with an IAM user's long-term access keys do not carry it at all, so a condition that is
// false (or true) when the key is absent decides what happens to them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
constexpr std::string_view kMfaKey = "aws:MultiFactorAuthPresent";

bool all_values(const ConditionEntry& entry, std::string_view expected) {
  return !entry.values.empty() && std::all_of(entry.values.begin(), entry.values.end(),
                                              [&](const Scalar& v) { return ci_equals(v.text, expected); });
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    const bool allow = is_allow(st);
    const bool deny = is_deny(st);
    for (const ConditionUse& use : condition_uses(st, kMfaKey)) {
      const ParsedOperator& p = use.parsed;
      if (!p.known() || p.qualifier != SetQualifier::None) continue;
      const ConditionEntry& entry = *use.entry;
      const OperatorFamily family = p.info->family;
      if (family == OperatorFamily::Bool && deny && !p.if_exists && all_values(entry, "false")) {
        out.report(entry.key_span,
                   "\"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"} in a Deny does not deny requests made "
                   "with long-term access keys: they carry no aws:MultiFactorAuthPresent, so the condition is "
                   "false for them",
                   {{"write \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"} to deny every request "
                     "without MFA",
                     std::nullopt}});
      } else if (family == OperatorFamily::Bool && allow && all_values(entry, "false")) {
        out.report(entry.key_span,
                   "this Allow applies only to requests made without MFA (aws:MultiFactorAuthPresent "
                   "\"false\"): it grants access for the absence of MFA instead of requiring it",
                   {{"to require MFA, write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}", std::nullopt}});
      } else if (family == OperatorFamily::Bool && allow && p.if_exists && all_values(entry, "true")) {
        out.report(entry.key_span,
                   "\"BoolIfExists\" on aws:MultiFactorAuthPresent in an Allow also allows requests made with "
                   "long-term access keys, which carry no MFA information at all",
                   {{"write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"} to require MFA", std::nullopt}});
      } else if (family == OperatorFamily::Null && allow && all_values(entry, "true")) {
        out.report(entry.key_span,
                   "\"Null\": {\"aws:MultiFactorAuthPresent\": \"true\"} in an Allow grants access exactly to "
                   "requests made with long-term access keys, without MFA",
                   {{"to require MFA, write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}; to refuse "
                     "long-term keys, put the Null test in a Deny",
                     std::nullopt}});
      } else if (family == OperatorFamily::Null && allow && all_values(entry, "false")) {
        // Null "false" only asks that the key be present, which it is for every request made with
        // temporary credentials, with the value "false" when they were obtained without MFA.
        out.report(entry.key_span,
                   "\"Null\": {\"aws:MultiFactorAuthPresent\": \"false\"} in an Allow only requires temporary "
                   "credentials, not MFA: a role session obtained without MFA carries the key with the value "
                   "\"false\" and is allowed",
                   {{"to require MFA, write \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}", std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kC008MfaConditionPattern{
    .id = "C008",
    .name = "mfa-condition-pattern",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "A condition on aws:MultiFactorAuthPresent that does not require MFA: a Deny with Bool \"false\" "
               "(misses long-term keys), an Allow with \"false\", BoolIfExists \"true\", Null \"true\" or Null \"false\".",
    .rationale = "aws:MultiFactorAuthPresent is only in the request context of temporary credentials. A request "
                 "signed with an IAM user's access keys has no such key, so \"Bool\": {\"...\": \"false\"} is "
                 "false for it and a Deny built on it lets those requests through; AWS's own pattern is "
                 "BoolIfExists in the Deny. In an Allow, \"false\" grants for the absence of MFA, BoolIfExists "
                 "\"true\" is also true for long-term keys, Null \"true\" matches exactly the requests "
                 "without MFA information, and Null \"false\" matches every request made with temporary "
                 "credentials, those obtained without MFA included (the key is there with the value \"false\").",
    .exceptions = "A statement meant for requests without MFA (a self-service policy that lets users set up "
                  "their MFA device) is written this way on purpose; ignore the finding there.",
    .fix = "To refuse requests without MFA: a Deny with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": "
           "\"false\"}. To grant only with MFA: an Allow with \"Bool\": {\"aws:MultiFactorAuthPresent\": "
           "\"true\"}.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html",
    .check = check,
};

}  // namespace iamsmith::rules
