#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// Each kind of principal assumes a role with its own STS call: a SAML provider's users with
// AssumeRoleWithSAML, an OIDC or web identity provider's with AssumeRoleWithWebIdentity, AWS
// principals and services with AssumeRole.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// ("Mismatched action for principal")
constexpr std::string_view kAssumeRole = "sts:AssumeRole";
constexpr std::string_view kWithSaml = "sts:AssumeRoleWithSAML";
constexpr std::string_view kWithWebIdentity = "sts:AssumeRoleWithWebIdentity";
constexpr std::array<std::string_view, 3> kAssumeActions = {kAssumeRole, kWithSaml, kWithWebIdentity};

// The action a principal value assumes roles with, or empty when that is not known ("*",
// an invalid value).
std::string_view action_of(PrincipalType type, std::string_view value) {
  if (value == "*") return {};
  const PrincipalInfo info = classify_principal(type, value);
  switch (info.form) {
    case PrincipalForm::SamlProvider: return kWithSaml;
    case PrincipalForm::OidcProvider:
    case PrincipalForm::WebIdentityProvider: return kWithWebIdentity;
    case PrincipalForm::AccountId:
    case PrincipalForm::AccountRoot:
    case PrincipalForm::Role:
    case PrincipalForm::User:
    case PrincipalForm::AssumedRole:
    case PrincipalForm::FederatedUser:
    case PrincipalForm::ServicePrincipal:
    case PrincipalForm::UniqueId: return kAssumeRole;
    case PrincipalForm::Anyone:
    case PrincipalForm::CanonicalUser:
    case PrincipalForm::Invalid: return {};
  }
  return {};
}

std::string_view kind_of(std::string_view action) {
  if (action == kWithSaml) return "a SAML provider";
  if (action == kWithWebIdentity) return "an OIDC or web identity provider";
  return "an AWS account, role, user or service";
}

struct Named {
  const Scalar* value;
  std::string_view action;  // the one it needs
};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal || !st.action) continue;
    std::vector<Named> principals;
    for (const PrincipalGroup& group : st.principal->groups) {
      for (const Scalar& value : group.values) {
        if (const std::string_view needed = action_of(group.type, value.text); !needed.empty()) {
          principals.push_back({&value, needed});
        }
      }
    }
    if (principals.empty()) continue;
    // The role-assumption actions the statement names literally (a pattern may grant several).
    std::vector<std::pair<const Scalar*, std::string_view>> named;
    for (const Scalar& action : *st.action) {
      for (const std::string_view a : kAssumeActions) {
        if (ci_equals(action.text, a)) named.emplace_back(&action, a);
      }
    }
    bool reported_action = false;
    for (const auto& [scalar, action] : named) {
      const bool used = std::any_of(principals.begin(), principals.end(),
                                    [a = action](const Named& p) { return p.action == a; });
      if (used) continue;
      reported_action = true;
      const Named& first = principals.front();
      out.report(scalar->span,
                 in_quotes(action) + " is the action of " + std::string(kind_of(action)) +
                     ", and no principal of this statement is one: " + in_quotes(first.value->text) +
                     " assumes roles with " + std::string(first.action),
                 {{"STS refuses the call, so the statement lets nobody assume the role; write " +
                       std::string(first.action),
                   std::nullopt}});
    }
    if (reported_action) continue;
    for (const Named& p : principals) {
      if (grants_action(st, p.action)) continue;
      out.report(p.value->span,
                 "principal " + in_quotes(p.value->text) + " is " + std::string(kind_of(p.action)) +
                     ", which assumes roles with " + std::string(p.action) + ", and this statement does not allow it",
                 {{"add " + in_quotes(p.action) + " to the statement's actions, or move the principal to a "
                                                  "statement of its own",
                   std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kT007FederatedActionMismatch{
    .id = "T007",
    .name = "federated-action-mismatch",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A trust policy pairs a principal with the role-assumption action of another kind of principal: "
               "a SAML provider with sts:AssumeRole or sts:AssumeRoleWithWebIdentity, an OIDC provider with "
               "sts:AssumeRole or sts:AssumeRoleWithSAML, an AWS principal or service with a SAML or web "
               "identity action.",
    .rationale = "Each kind of principal assumes a role with its own STS operation: users of a SAML provider call "
                 "AssumeRoleWithSAML, holders of an OIDC or web identity token AssumeRoleWithWebIdentity, AWS "
                 "accounts, roles, users and services AssumeRole. A statement that grants only another kind's "
                 "action lets its principal assume nothing, and Access Analyzer rejects it (\"Mismatched "
                 "action for principal\").",
    .exceptions = "Only actions named literally are compared; \"sts:AssumeRole*\" grants all three. A statement "
                  "that mixes kinds is accepted as long as each principal has its action and each action a "
                  "principal.",
    .fix = "Use sts:AssumeRoleWithSAML with a saml-provider ARN, sts:AssumeRoleWithWebIdentity with an "
           "oidc-provider ARN or a web identity provider, and sts:AssumeRole with AWS and service principals; "
           "give each kind its own statement.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleIdP"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Action",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/ExampleIdP"},
      "Action": "sts:AssumeRoleWithSAML",
      "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
    }
  ]
}
)j",
    .example_context = {.kind = "trust"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
