#include "condition_helpers.hpp"
#include "iamsmith/principal.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// GitHub's OIDC issuer, and the GitHub Enterprise Cloud issuers under it
// ("token.actions.githubusercontent.com/<enterprise>"): every GitHub repository's workflows get
// tokens from it, so only the subject claim says whose workflow is calling.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
// https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
constexpr std::string_view kGitHubIssuer = "token.actions.githubusercontent.com";

bool is_github(std::string_view provider) {
  return ci_equals(provider, kGitHubIssuer) ||
         (ci_starts_with(provider, kGitHubIssuer) && provider.substr(kGitHubIssuer.size(), 1) == "/");
}

// The claim that says which application a web identity token was issued to: "app_id" for Login
// with Amazon and Facebook, "aud" for every other provider (Cognito's identity pool, Google's
// client ID, an OIDC provider's client ID).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
std::string audience_key(std::string_view provider) {
  if (ci_equals(provider, "graph.facebook.com") || ci_equals(provider, "www.amazon.com")) {
    return std::string(provider) + ":app_id";
  }
  return std::string(provider) + ":aud";
}

// The condition entries of `st` that require `key` to be present with one of their values.
std::vector<ConditionUse> requirements(const Statement& st, std::string_view key) {
  std::vector<ConditionUse> out;
  for (const ConditionUse& use : condition_uses(st, key)) {
    if (requires_key_value(use)) out.push_back(use);
  }
  return out;
}

// A subject pattern that any GitHub repository's workflow can match: "*", "repo:*", "repo:*/app:*",
// or anything that starts with a wildcard. Only operators with wildcards make it a pattern (under
// StringEquals "*" is literal, C010's finding).
bool github_subject_open(const ConditionUse& use, std::string_view value) {
  if (!use.parsed.info->wildcards) return false;
  if (w::is_all_stars(value) || value.starts_with('*') || value.starts_with('?')) return true;
  constexpr std::string_view kRepo = "repo:";
  if (!ci_starts_with(value, kRepo)) return false;
  const std::string_view rest = value.substr(kRepo.size());
  const std::size_t slash = rest.find('/');
  const std::size_t wildcard = rest.find_first_of("*?");
  return wildcard != std::string_view::npos && (slash == std::string_view::npos || wildcard < slash);
}

// A subject pattern that names the owner but not the repository: "repo:example-org/*",
// "repo:example-org/app-*:ref:refs/heads/main". Every repository of the organisation, and every
// branch of each, can then assume the role (Access Analyzer: "Specific github repo and branch
// recommended").
bool github_subject_org_wide(const ConditionUse& use, std::string_view value) {
  if (!use.parsed.info->wildcards) return false;
  constexpr std::string_view kRepo = "repo:";
  if (!ci_starts_with(value, kRepo)) return false;
  const std::string_view rest = value.substr(kRepo.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view repository = rest.substr(slash + 1, rest.find(':', slash) - slash - 1);
  return repository.find_first_of("*?") != std::string_view::npos;
}

void check_github(const Statement& st, const Scalar& principal, std::string_view provider, FindingSink& out) {
  const std::string sub = std::string(provider) + ":sub";
  const auto uses = requirements(st, sub);
  if (uses.empty()) {
    const bool audience_only = !requirements(st, std::string(provider) + ":aud").empty();
    out.report(principal.span,
               "GitHub Actions OIDC principal " + in_quotes(principal.text) + " may assume this role " +
                   (audience_only ? "with only an audience (:aud) condition" : "with no condition") + " on " +
                   in_quotes(sub) + ": any GitHub repository's workflow can assume it",
               {{"the audience is sts.amazonaws.com for every GitHub workflow; only the subject claim names the "
                 "repository",
                 std::nullopt},
                {"add \"StringLike\": {" + in_quotes(sub) + ": \"repo:<owner>/<repository>:ref:refs/heads/main\"}",
                 std::nullopt}});
    return;
  }
  for (const ConditionUse& use : uses) {
    for (const Scalar& value : use.entry->values) {
      if (github_subject_org_wide(use, value.text) && !github_subject_open(use, value.text)) {
        out.report(value.span,
                   "subject pattern " + in_quotes(value.text) + " of " + in_quotes(use.entry->key) +
                       " names no repository: the workflows of every repository of the owner, on any branch, can "
                       "assume this role",
                   {{"name the repository and the branch or environment: "
                     "\"repo:<owner>/<repository>:ref:refs/heads/main\" or "
                     "\"repo:<owner>/<repository>:environment:production\"",
                     std::nullopt}});
        continue;
      }
      if (!github_subject_open(use, value.text)) continue;
      out.report(value.span,
                 "subject pattern " + in_quotes(value.text) + " of " + in_quotes(use.entry->key) +
                     " matches workflows of any GitHub owner, so anyone's repository can assume this role",
                 {{"name the owner and repository: \"repo:<owner>/<repository>:*\", better with the branch or "
                   "environment (\"repo:<owner>/<repository>:environment:production\")",
                   std::nullopt}});
    }
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.principal) continue;
    for (const PrincipalGroup& group : st.principal->groups) {
      if (group.type != PrincipalType::Federated) continue;
      for (const Scalar& value : group.values) {
        const PrincipalInfo info = classify_principal(PrincipalType::Federated, value.text);
        if (info.form == PrincipalForm::SamlProvider) {
          if (!grants_action(st, "sts:AssumeRoleWithSAML") || !requirements(st, "SAML:aud").empty()) continue;
          out.report(value.span,
                     "SAML provider " + in_quotes(value.text) +
                         " may assume this role without a SAML:aud condition, so a SAML assertion issued for "
                         "another service provider is accepted too",
                     {{"add \"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"} (the sign-in "
                       "endpoint the assertions are meant for)",
                       std::nullopt}});
          continue;
        }
        if (info.form != PrincipalForm::OidcProvider && info.form != PrincipalForm::WebIdentityProvider) continue;
        if (!grants_action(st, "sts:AssumeRoleWithWebIdentity")) continue;  // T007 reports the action
        if (is_github(info.name)) {
          check_github(st, value, info.name, out);
          continue;
        }
        const std::string aud = audience_key(info.name);
        if (!requirements(st, aud).empty()) continue;
        out.report(value.span,
                   "web identity principal " + in_quotes(value.text) + " may assume this role without a " +
                       in_quotes(aud) + " condition: a token the provider issued to any other application is "
                       "accepted too",
                   {{"add \"StringEquals\": {" + in_quotes(aud) +
                         ": \"<your client or app ID>\"}, and where the provider's subject claim names the user "
                         "or workload, a condition on it too",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kT006UnscopedFederatedTrust{
    .id = "T006",
    .name = "unscoped-federated-trust",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "A trust policy lets an OIDC or SAML identity provider's users assume the role without the claims "
               "that say whose tokens count: GitHub Actions without a repository in :sub (or with a wildcard for it), "
               "another web identity "
               "provider without its audience, SAML without SAML:aud.",
    .rationale = "Trusting an identity provider trusts every token it signs. GitHub's OIDC provider "
                 "(token.actions.githubusercontent.com) signs tokens for every workflow of every GitHub "
                 "repository, all with the audience sts.amazonaws.com, so only the subject claim "
                 "(\"repo:<owner>/<repository>:...\") keeps other people's workflows out; AWS and GitHub both "
                 "require a condition on it, and a pattern with a wildcard in the owner (\"repo:*\") is no "
                 "condition at all. Other OIDC and web identity providers issue tokens to many applications: "
                 "the audience claim (:aud, or :app_id for Facebook and Login with Amazon) names yours. A SAML "
                 "provider's assertions are checked against SAML:aud, the endpoint they were issued for.",
    .exceptions = "Only Allow statements that grant the provider's own action (sts:AssumeRoleWithWebIdentity, "
                  "sts:AssumeRoleWithSAML) are judged; the wrong action is T007's finding. A condition counts "
                  "when it requires the claim (a non-negated operator without IfExists or ForAllValues). A "
                  "subject that names the repository with any branch (\"repo:<owner>/<repository>:*\") is "
                  "accepted; one with a wildcard in the repository (\"repo:<owner>/*\") is reported, as Access "
                  "Analyzer does (\"Specific github repo and branch recommended\"): every repository of the "
                  "organisation, and so everyone who can push a workflow to one, can assume the role.",
    .fix = "GitHub: add \"StringLike\": {\"token.actions.githubusercontent.com:sub\": "
           "\"repo:<owner>/<repository>:ref:refs/heads/main\"} next to the :aud condition. Other web identity "
           "providers: \"StringEquals\": {\"<provider>:aud\": \"<client ID>\"}. SAML: \"StringEquals\": "
           "{\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Principal/Federated",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/orders:ref:refs/heads/main"}
      }
    }
  ]
}
)j",
    .example_context = {.kind = "trust"},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
