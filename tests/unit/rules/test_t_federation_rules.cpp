// Edge cases of the T rules on federated and service trust: T006 unscoped-federated-trust,
// T007 federated-action-mismatch, T008 roles-anywhere-actions, T009 service-principal-without-source.
// Cases follow AWS's pages on OIDC and SAML roles (id_roles_create_for-idp_oidc.html,
// id_roles_create_for-idp_saml.html), the confused-deputy page, IAM Roles Anywhere's trust model and
// Access Analyzer's policy-check reference ("Mismatched action for principal", "Missing action for
// roles anywhere trust policy"), and the peers' published descriptions (checkov CKV_AWS_358,
// Access Analyzer "Specific github repo and branch recommended"; /work/shared/reference/linters.md).

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::LintContext;
using iamsmith::PolicyKind;
using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

std::string policy(std::string_view statements) {
  return R"j({"Version":"2012-10-17","Statement":[)j" + std::string(statements) + "]}";
}

LintContext of_kind(PolicyKind kind) {
  LintContext c;
  c.kind = kind;
  return c;
}

const LintContext kTrust = of_kind(PolicyKind::Trust);
const LintContext kResource = of_kind(PolicyKind::Resource);

constexpr std::string_view kGitHub = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

std::string github(std::string_view condition) {
  std::string st = R"j({"Effect":"Allow","Principal":{"Federated":")j" + std::string(kGitHub) +
                   R"j("},"Action":"sts:AssumeRoleWithWebIdentity")j";
  if (!condition.empty()) st += R"j(,"Condition":)j" + std::string(condition);
  return policy(st + "}");
}

bool mentions(std::string_view rule, std::string_view doc, std::string_view needle, const LintContext& ctx) {
  for (const auto& d : findings_of(rule, doc, ctx)) {
    if (d.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------- T006

TEST_CASE("T006: GitHub OIDC trust without any condition, or with only :aud, is flagged at the principal") {
  catches("T006", github(""), "/Statement/0/Principal/Federated", kTrust);
  const std::string aud_only = github(R"j({"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}})j");
  catches("T006", aud_only, "/Statement/0/Principal/Federated", kTrust);
  CHECK(mentions("T006", aud_only, "only an audience", kTrust));
}

TEST_CASE("T006: a GitHub subject with a wildcard owner is flagged at the value; a named repository is not") {
  const std::string any_owner =
      github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":["repo:example-org/app:*","repo:*"]}})j");
  catches("T006", any_owner, "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1", kTrust);
  CHECK(findings_of("T006", any_owner, kTrust).size() == 1);
  catches("T006", github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":"*"}})j"),
          "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub", kTrust);
  catches_not("T006", github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/app:ref:refs/heads/main"}})j"),
              kTrust);
  // A named repository with any branch is accepted.
  catches_not("T006", github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/app:*"}})j"),
              kTrust);
}

TEST_CASE("T006: an organisation-wide GitHub subject names no repository (Access Analyzer's specific repo and branch)") {
  const std::string org_wide =
      github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/*"}})j");
  catches("T006", org_wide, "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub", kTrust);
  CHECK(mentions("T006", org_wide, "names no repository", kTrust));
  catches("T006",
          github(R"j({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/app-*:ref:refs/heads/main"}})j"),
          "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub", kTrust);
  // Under StringEquals the "*" is literal (C010's finding), not a pattern.
  catches_not("T006", github(R"j({"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:example-org/*"}})j"),
              kTrust);
}

TEST_CASE("T006: a :sub that does not require the claim (IfExists, negated) does not count") {
  catches("T006", github(R"j({"StringLikeIfExists":{"token.actions.githubusercontent.com:sub":"repo:example-org/app:*"}})j"),
          "/Statement/0/Principal/Federated", kTrust);
  catches("T006", github(R"j({"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:evil/*"}})j"),
          "/Statement/0/Principal/Federated", kTrust);
}

TEST_CASE("T006: other OIDC providers need their audience claim; Cognito, Facebook (app_id)") {
  const std::string eks = policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"},)j"
      R"j("Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub":"system:serviceaccount:ns:app"}}})j");
  catches("T006", eks, "/Statement/0/Principal/Federated", kTrust);
  CHECK(mentions("T006", eks, "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud", kTrust));
  catches_not("T006", policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity",)j"
      R"j("Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-abcd-abcd-abcd-123456789012"}}})j"),
      kTrust);
  catches("T006", policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"graph.facebook.com"},"Action":"sts:AssumeRoleWithWebIdentity",)j"
      R"j("Condition":{"StringEquals":{"graph.facebook.com:aud":"x"}}})j"),
      "/Statement/0/Principal/Federated", kTrust);
}

TEST_CASE("T006: SAML trust needs SAML:aud") {
  const std::string no_aud = policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Idp"},"Action":"sts:AssumeRoleWithSAML"})j");
  catches("T006", no_aud, "/Statement/0/Principal/Federated", kTrust);
  catches_not("T006", policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Idp"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],)j"
      R"j("Condition":{"StringEquals":{"saml:aud":"https://signin.aws.amazon.com/saml"}}})j"),
      kTrust);
  // Deny statements and other policy kinds are not judged.
  catches_not("T006", no_aud, kResource);
}

// ---------------------------------------------------------------------------------------- T007

TEST_CASE("T007: each kind of principal with another kind's action") {
  catches("T007", policy(R"j({"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/Idp"},"Action":"sts:AssumeRoleWithWebIdentity"})j"),
          "/Statement/0/Action", kTrust);
  catches("T007", policy(R"j({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Action", kTrust);
  catches("T007", policy(R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRoleWithSAML"})j"),
          "/Statement/0/Action", kTrust);
  catches("T007", policy(R"j({"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"]})j"),
          "/Statement/0/Action/0", kTrust);
}

TEST_CASE("T007: a mixed statement is fine when each principal has its action; a principal left without one is reported") {
  catches_not("T007", policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root","Federated":"arn:aws:iam::111122223333:saml-provider/Idp"},)j"
      R"j("Action":["sts:AssumeRole","sts:AssumeRoleWithSAML"]})j"),
      kTrust);
  catches("T007", policy(
      R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root","Federated":"arn:aws:iam::111122223333:saml-provider/Idp"},)j"
      R"j("Action":"sts:AssumeRole"})j"),
      "/Statement/0/Principal/Federated", kTrust);
  // A pattern grants all three actions.
  catches_not("T007", policy(R"j({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRole*"})j"),
              kTrust);
}

// ---------------------------------------------------------------------------------------- T008

TEST_CASE("T008: Roles Anywhere needs AssumeRole, SetSourceIdentity and TagSession") {
  const std::string only_assume =
      policy(R"j({"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]})j");
  catches("T008", only_assume, "/Statement/0/Principal/Service", kTrust);
  CHECK(mentions("T008", only_assume, "does not allow sts:SetSourceIdentity", kTrust));
  catches_not("T008", policy(R"j({"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":"sts:*"})j"), kTrust);
  catches_not("T008", policy(R"j({"Effect":"Allow","Principal":{"Service":"states.amazonaws.com"},"Action":"sts:AssumeRole"})j"), kTrust);
}

// ---------------------------------------------------------------------------------------- T009

TEST_CASE("T009: a service principal in a resource policy without a source condition") {
  const std::string sns = policy(
      R"j({"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:events"})j");
  catches("T009", sns, "/Statement/0/Principal/Service", kResource);
  catches_not("T009", policy(
      R"j({"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:events",)j"
      R"j("Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"aws:SourceAccount":"111122223333"}}})j"),
      kResource);
  // A negated source condition restricts nothing; trust policies are T004's.
  catches("T009", policy(
      R"j({"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":"*",)j"
      R"j("Condition":{"StringNotEquals":{"aws:SourceAccount":"444455556666"}}})j"),
      "/Statement/0/Principal/Service", kResource);
  catches_not("T009", sns, kTrust);
}
