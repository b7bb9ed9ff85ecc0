#include "iamsmith/arn.hpp"
#include "iamsmith/principal.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Keys that name the principal inside a trusted account: its ARN, its unique ID, its user name,
// or its tags. aws:PrincipalAccount does not: the account is named already.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
bool names_principal(std::string_view key) {
  return ci_equals(key, "aws:PrincipalArn") || ci_equals(key, "aws:userid") ||
         ci_equals(key, "aws:username") || ci_starts_with(key, "aws:PrincipalTag/");
}

// Keys of the cross-account patterns AWS documents with an account principal: a third party's
// account trusted under the ExternalId it was given, and accounts admitted because they belong
// to the organization (or one of its OUs).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
bool scopes_cross_account(std::string_view key) {
  return ci_equals(key, "sts:ExternalId") || ci_equals(key, "aws:PrincipalOrgID") ||
         ci_equals(key, "aws:PrincipalOrgPaths");
}

// "arn:aws:iam::111122223333:*" under aws:PrincipalArn still admits the whole account.
bool value_names(std::string_view key, std::string_view value) {
  if (w::is_all_stars(value)) return false;
  if (!ci_equals(key, "aws:PrincipalArn")) return true;
  const ArnResult arn = parse_arn(value);
  return !(arn && w::is_all_stars(arn->resource));
}

// The account the policy lives in: the role's (from --role-arn or a manifest entry), else
// --account or the configuration's "account".
std::optional<std::string> own_account(const LintContext& context) {
  if (context.role_arn) {
    if (const ArnResult arn = parse_arn(*context.role_arn); arn && is_account_id(arn->account)) return arn->account;
  }
  if (context.account && is_account_id(*context.account)) return *context.account;
  return std::nullopt;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const std::optional<std::string> own = own_account(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal) continue;
    if (w::find_narrowing_condition(st, names_principal, value_names) != nullptr) continue;
    if (w::find_narrowing_condition(st, scopes_cross_account, w::not_catch_all) != nullptr) continue;
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Aws) continue;
      for (const Scalar& value : group.values) {
        const PrincipalInfo info = classify_principal(PrincipalType::Aws, value.text);
        if (info.form != PrincipalForm::AccountRoot && info.form != PrincipalForm::AccountId) continue;
        // The policy's own account delegates to its own IAM policies (the default KMS key
        // policy does exactly that); only another account's trust is reported.
        if (own && *own == info.account) continue;
        out.report(
            value.span,
            "principal " + in_quotes(value.text) + " trusts all of account " + info.account +
                ": every user and role there that its administrators allow can use this statement, and no "
                "condition on aws:PrincipalArn names which",
            {{"name the role instead, e.g. \"arn:aws:iam::" + info.account +
                  ":role/StateMachineExecutionRole\", or add \"ArnEquals\": {\"aws:PrincipalArn\": ...}",
              std::nullopt}});
      }
    }
  }
}

}  // namespace

// "Using the account ARN in the Principal element does not limit permissions to only the root
// user of the account": an account principal delegates to everyone the account allows.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
extern const Rule kW010AccountRootPrincipal{
    .id = "W010",
    .name = "account-root-principal",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A trust or resource policy trusts a whole account (\"arn:aws:iam::ACCOUNT:root\" or a bare account "
        "ID) "
        "without a condition that names the principal.",
    .rationale =
        "An account principal is not the root user: it delegates to the other account, whose "
        "administrators then decide which of their users and roles get in. A cross-account Step "
        "Functions target role should trust exactly the source execution role, so that nobody else in "
        "the source account can assume it.",
    .exceptions =
        "Trusting an account on purpose (a partner that manages its own access) is a valid design, and the "
        "patterns AWS documents for it are not reported: a narrowing condition on sts:ExternalId (a third "
        "party's account, trusted under the ExternalId it was given) or on aws:PrincipalOrgID / "
        "aws:PrincipalOrgPaths (accounts of the organization). The policy's own account is not reported "
        "either (the account of --role-arn or of the manifest entry's role, else --account or the "
        "configuration's \"account\"): that delegates to its own IAM policies, as the default KMS key policy "
        "does. A narrowing condition on aws:PrincipalArn, aws:userid, aws:username or aws:PrincipalTag/... "
        "silences the finding; aws:PrincipalAccount does not. Deny statements are never reported.",
    .fix =
        "Put the ARN of the role that needs access in Principal (for a Step Functions target role: the "
        "source "
        "state machine's execution role), or keep the account and add an ArnEquals condition on "
        "aws:PrincipalArn.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:root\"\n      },\n"
        "      \"Action\": \"sts:AssumeRole\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:role/OrdersExecutionRole\"\n"
        "      },\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n"
        "        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .check = check,
};

}  // namespace iamsmith::rules
