#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// The keys that tie a service's request to the resource or account it acts for.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
constexpr std::array<std::string_view, 4> kSourceKeys = {"aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
                                                         "aws:SourceOrgPaths"};

// Services that need no source condition in a trust policy, with the evidence. Each uses the
// role only for a resource of the role's own account that someone there configured with it
// (iam:PassRole, which cannot pass a role to another account's resource), and its documented
// trust policy carries no source keys; another customer's resource cannot make it use the role.
// Every other service principal is held to aws:SourceArn / aws:SourceAccount, as AWS's
// confused-deputy page recommends ("for all services with service principals that have been
// given access to resources in your account").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
struct NoSourceKeysNeeded {
  std::string_view service;   // the principal's name: "lambda" for lambda.amazonaws.com
  std::string_view evidence;  // where AWS documents the role's trust without source keys
};
constexpr std::array<NoSourceKeysNeeded, 3> kNoSourceKeysNeeded = {{
    // An instance profile's role, for instances launched in its account.
    {"ec2", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html"},
    // A function's execution role, assumed when that function is invoked.
    {"lambda", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"},
    // Lambda@Edge replicas of that function.
    {"edgelambda", "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html"},
}};

bool needs_source_keys(std::string_view service) {
  return std::none_of(kNoSourceKeysNeeded.begin(), kNoSourceKeysNeeded.end(),
                      [&](const NoSourceKeysNeeded& s) { return s.service == service; });
}

bool restricts_source(const Statement& st) {
  for (std::string_view key : kSourceKeys) {
    for (const ConditionUse& use : condition_uses(st, key)) {
      // IfExists is accepted: a service that sends the key is still held to it.
      if (use.parsed.known() && !use.parsed.info->negated && use.parsed.info->family != OperatorFamily::Null &&
          use.parsed.qualifier != SetQualifier::ForAllValues) {
        return true;
      }
    }
  }
  return false;
}

std::vector<Note> notes_for(const PrincipalInfo& info, const LintContext& context) {
  std::vector<Note> notes;
  notes.push_back({"without a source condition the service may assume this role while working for any "
                   "account's resources, not only yours: the confused-deputy problem",
                   std::nullopt});
  if (info.name == "states" && context.state_machine_arn) {
    notes.push_back({"add \"ArnLike\": {\"aws:SourceArn\": " + in_quotes(*context.state_machine_arn) + "}",
                     std::nullopt});
  } else if (context.account) {
    notes.push_back({"add \"StringEquals\": {\"aws:SourceAccount\": " + in_quotes(*context.account) + "}",
                     std::nullopt});
  } else {
    notes.push_back({"add \"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"}, or \"ArnLike\": "
                     "{\"aws:SourceArn\": \"<resource ARN>\"}",
                     std::nullopt});
  }
  return notes;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal || !grants_action(st, "sts:AssumeRole") || restricts_source(st)) continue;
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Service) continue;
      for (const Scalar& value : group.values) {
        const PrincipalInfo info = classify_principal(PrincipalType::Service, value.text);
        if (info.form != PrincipalForm::ServicePrincipal) continue;
        if (!needs_source_keys(info.name)) continue;
        out.report(value.span,
                   "service principal " + in_quotes(value.text) +
                       " may assume this role with no aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or "
                       "aws:SourceOrgPaths condition",
                   notes_for(info, in.context));
      }
    }
  }
}

}  // namespace

extern const Rule kT004ConfusedDeputy{
    .id = "T004",
    .name = "confused-deputy",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "A trust policy lets an AWS service principal (such as states.amazonaws.com) assume the role "
               "without a condition on the source resource, account or organization.",
    .rationale = "A service acts for many customers. If a role trusts the service without saying for whom, "
                 "someone else's resource in the same service could be made to use the role: the cross-service "
                 "confused-deputy problem. AWS recommends aws:SourceArn, aws:SourceAccount, aws:SourceOrgID or "
                 "aws:SourceOrgPaths in such policies. For a Step Functions execution role, "
                 "aws:SourceArn can name the state machine and aws:SourceAccount its account.",
    .exceptions = "ec2.amazonaws.com, lambda.amazonaws.com and edgelambda.amazonaws.com are exempt: they use the "
                  "role only for an instance or function of the role's own account that was configured with it "
                  "(iam:PassRole does not cross accounts), and AWS documents their trust policies without source "
                  "keys. A source key under IfExists counts as a restriction. Some other services do not send "
                  "source keys either; check the service's documentation before adding the condition.",
    .fix = "Add \"StringEquals\": {\"aws:SourceAccount\": \"<your account>\"} and, where the service sends it, "
           "\"ArnLike\": {\"aws:SourceArn\": \"<resource ARN>\"} (for Step Functions, the state machine ARN).",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                   "      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Principal/Service",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\n"
                    "        \"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"},\n"
                    "        \"ArnLike\": {\"aws:SourceArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"}\n"
                    "      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html\n"
                  "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html",
    .check = check,
};

}  // namespace iamsmith::rules
