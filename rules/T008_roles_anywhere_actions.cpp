#include <array>

#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole,
// sts:SetSourceIdentity, and sts:TagSession permissions to assume a role" (Access Analyzer,
// Missing action for roles anywhere trust policy); the trust policy IAM Roles Anywhere documents
// grants the three ("The policy must grant the permissions: sts:AssumeRole, sts:SetSourceIdentity,
// sts:TagSession", Role trusts; the Authentication page says the same of CreateSession).
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
constexpr std::string_view kRolesAnywhere = "rolesanywhere.amazonaws.com";
constexpr std::array<std::string_view, 3> kRequired = {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal) continue;
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Service) continue;
      for (const Scalar& value : group.values) {
        if (!ci_equals(value.text, kRolesAnywhere)) continue;
        std::vector<std::string> missing;
        for (const std::string_view action : kRequired) {
          if (!grants_action(st, action)) missing.emplace_back(action);
        }
        if (missing.empty()) continue;
        std::string list;
        for (std::size_t i = 0; i < missing.size(); ++i) list += (i == 0 ? "" : ", ") + missing[i];
        out.report(value.span,
                   "IAM Roles Anywhere needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to assume "
                   "a role, and this statement does not allow " + list,
                   {{"add " + list + " to the statement's actions; without them CreateSession fails", std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kT008RolesAnywhereActions{
    .id = "T008",
    .name = "roles-anywhere-actions",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A trust policy for rolesanywhere.amazonaws.com that does not allow all of sts:AssumeRole, "
               "sts:SetSourceIdentity and sts:TagSession.",
    .rationale = "IAM Roles Anywhere assumes the role for a workload outside AWS and, in the same call, sets the "
                 "source identity and session tags taken from the workload's certificate. The role's trust policy "
                 "must therefore allow all three actions, or the session cannot be created; Access Analyzer "
                 "reports the omission as an error.",
    .exceptions = "",
    .fix = "Allow \"Action\": [\"sts:AssumeRole\", \"sts:SetSourceIdentity\", \"sts:TagSession\"] for "
           "rolesanywhere.amazonaws.com, with an aws:SourceArn condition naming your trust anchor.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "rolesanywhere.amazonaws.com"},
      "Action": "sts:AssumeRole",
      "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}}
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
      "Principal": {"Service": "rolesanywhere.amazonaws.com"},
      "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
      "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}}
    }
  ]
}
)j",
    .example_context = {.kind = "trust"},
    .references = "https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
