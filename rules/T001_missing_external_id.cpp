#include "condition_helpers.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// The account the role lives in: the role ARN's account, else --account.
std::optional<std::string> role_account(const LintContext& context) {
  if (context.role_arn) {
    if (const ArnResult arn = parse_arn(*context.role_arn); arn && is_account_id(arn->account)) return arn->account;
  }
  if (context.account && is_account_id(*context.account)) return *context.account;
  return std::nullopt;
}

std::vector<Note> notes_for(const LintContext& context, bool own_account_known) {
  std::vector<Note> notes;
  notes.push_back({"without an ExternalId, anything that acts with the trusted principal's credentials (another "
                   "state machine, or a service working for someone else) can assume this role: the "
                   "confused-deputy problem",
                   std::nullopt});
  if (context.state_machine_arn) {
    notes.push_back({"Step Functions passes the state machine's ARN as the ExternalId: add \"Condition\": "
                     "{\"StringEquals\": {\"sts:ExternalId\": " +
                         in_quotes(*context.state_machine_arn) + "}}",
                     std::nullopt});
  } else {
    notes.push_back({"Step Functions passes the calling state machine's ARN as the ExternalId: add "
                     "\"StringEquals\": {\"sts:ExternalId\": \"<state machine ARN>\"}",
                     std::nullopt});
  }
  if (!own_account_known) {
    notes.push_back({"if the principal is in the role's own account, say so with --role-arn or --account",
                     std::nullopt});
  }
  return notes;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  const auto own_account = role_account(in.context);
  const bool deny_enforces = any_deny_enforces_external_id(*in.policy);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal || !grants_action(st, "sts:AssumeRole")) continue;
    if (deny_enforces || !condition_uses(st, kExternalIdKey).empty()) continue;
    auto report = [&](const Scalar& value, const std::string& whose) {
      out.report(value.span,
                 "principal " + in_quotes(value.text) + " (" + whose +
                     ") may assume this role without an sts:ExternalId condition",
                 notes_for(in.context, own_account.has_value()));
    };
    if (st.principal->bare && st.principal->bare->text == "*") report(*st.principal->bare, "any AWS account");
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Aws) continue;  // service principals are T004's
      for (const Scalar& value : group.values) {
        const PrincipalInfo info = classify_principal(PrincipalType::Aws, value.text);
        switch (info.form) {
          case PrincipalForm::Anyone:
            report(value, "any AWS account");
            break;
          case PrincipalForm::AccountId:
          case PrincipalForm::AccountRoot:
          case PrincipalForm::Role:
          case PrincipalForm::User:
          case PrincipalForm::AssumedRole:
          case PrincipalForm::FederatedUser:
            if (own_account && info.account == *own_account) break;  // same-account trust
            report(value, own_account ? "account " + info.account + ", not the role's account " + *own_account
                                      : "account " + info.account);
            break;
          // A unique ID names a deleted principal whose account is unknown; the other forms are
          // not AWS principals at all (other rules report them).
          case PrincipalForm::UniqueId:
          case PrincipalForm::ServicePrincipal:
          case PrincipalForm::CanonicalUser:
          case PrincipalForm::SamlProvider:
          case PrincipalForm::OidcProvider:
          case PrincipalForm::WebIdentityProvider:
          case PrincipalForm::Invalid:
            break;
        }
      }
    }
  }
}

}  // namespace

extern const Rule kT001MissingExternalId{
    .id = "T001",
    .name = "missing-external-id",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "A trust policy lets a principal of another account (or of any account) assume the role "
               "without an sts:ExternalId condition.",
    .rationale = "A role that trusts another account can be assumed by anything acting with that account's "
                 "credentials, including a service that acts for many customers: the confused-deputy problem. "
                 "Requiring an ExternalId that only the intended caller sends closes it. For cross-account "
                 "Step Functions tasks, Step Functions sends the calling state machine's ARN as the ExternalId, "
                 "so the target role's trust policy should require exactly that ARN.",
    .exceptions = "Same-account trust is silent once the role's account is known (--role-arn or --account). "
                  "A Deny statement that refuses sts:AssumeRole with a negated ExternalId condition counts as "
                  "requiring it. Service principals are T004's concern; unique IDs (AROA..., AIDA...) name "
                  "deleted principals and are not reported.",
    .fix = "Add \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<value>\"}} to the statement; for Step "
           "Functions the value is the state machine ARN "
           "(arn:aws:states:<region>:<account>:stateMachine:<name>).",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                   "      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\n"
                    "        \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
                    "      }}\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "",
                        .execution_role_arn = "",
                        .role_arn = "arn:aws:iam::444455556666:role/TargetRole"},
    .references = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
                  "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    .check = check,
};

}  // namespace iamsmith::rules
