#include "condition_helpers.hpp"
#include "d_helpers.hpp"

namespace iamsmith::rules {
namespace {

constexpr std::string_view kTrustActions =
    "sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, "
    "sts:SetSourceIdentity and sts:SetContext";

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || (!st.principal && !st.not_principal)) continue;
    if (st.action) {
      for (const Scalar& action : *st.action) {
        if (is_trust_action(action.text)) continue;
        if (action.type == json::Type::String && !d::has_action_shape(action.text)) continue;  // P018's
        out.report(action.span,
                   "action " + in_quotes(action.text) + " does not belong in a role's trust policy",
                   {{"IAM refuses the role with \"AssumeRole policy may only specify STS AssumeRole actions.\"",
                     std::nullopt},
                    {"a trust policy grants only " + std::string(kTrustActions) +
                         "; grant other actions in the role's permission policies",
                     std::nullopt}});
      }
    }
    if (st.not_action) {
      out.report(st.key_span("NotAction"),
                 "NotAction in a trust statement allows every action except the listed ones, not only the "
                 "role-assumption actions",
                 {{"list the actions with \"Action\" instead: " + std::string(kTrustActions), std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kT003InvalidTrustAction{
    .id = "T003",
    .name = "invalid-trust-action",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A trust policy statement allows an action other than the role-assumption actions "
               "(sts:AssumeRole and its companions).",
    .rationale = "A role's trust policy says who may assume the role. The only actions it can grant are "
                 "sts:AssumeRole, sts:AssumeRoleWithSAML and sts:AssumeRoleWithWebIdentity, plus the session "
                 "companions sts:TagSession, sts:SetSourceIdentity and sts:SetContext; IAM rejects a trust "
                 "policy with any other action (MalformedPolicyDocument: \"AssumeRole policy may only specify "
                 "STS AssumeRole actions.\"). A pattern such as \"sts:*\" or \"*\" reaches beyond them too. A policy is only read as a trust policy when it contains "
                 "nothing else, so this fires when the kind is given (--kind trust).",
    .exceptions = "",
    .fix = "Remove the action from the trust policy and grant it in one of the role's permission policies; "
           "keep only role-assumption actions here.",
    .bad_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
        "      \"Action\": [\"sts:AssumeRole\", \"lambda:InvokeFunction\"],\n"
        "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/Statement/0/Action/1",
    .good_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
        "      \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"],\n"
        "      \"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html",
    .check = check,
};

}  // namespace iamsmith::rules
