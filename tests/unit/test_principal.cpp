// Principal classification: every form under its type, and the values IAM would reject.

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "iamsmith/principal.hpp"

using iamsmith::classify_principal;
using iamsmith::PrincipalForm;
using iamsmith::PrincipalInfo;
using iamsmith::PrincipalType;

namespace {

PrincipalInfo aws(std::string_view value) {
  return classify_principal(PrincipalType::Aws, value);
}
PrincipalInfo service(std::string_view value) {
  return classify_principal(PrincipalType::Service, value);
}
PrincipalInfo federated(std::string_view value) {
  return classify_principal(PrincipalType::Federated, value);
}
PrincipalInfo canonical(std::string_view value) {
  return classify_principal(PrincipalType::CanonicalUser, value);
}

// Invalid, with a problem that mentions `fragment`.
void check_invalid(const PrincipalInfo& info, std::string_view fragment) {
  CHECK(info.form == PrincipalForm::Invalid);
  INFO("problem: ", info.problem);
  CHECK(info.problem.find(fragment) != std::string::npos);
}

const std::string kCanonicalId = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

}  // namespace

TEST_CASE("principal: '*' under AWS is anyone") {
  const PrincipalInfo info = aws("*");
  CHECK(info.form == PrincipalForm::Anyone);
  CHECK(info.account.empty());
  CHECK_FALSE(info.partition);
}

TEST_CASE("principal: a bare 12-digit account ID") {
  const PrincipalInfo info = aws("123456789012");
  CHECK(info.form == PrincipalForm::AccountId);
  CHECK(info.account == "123456789012");
  CHECK_FALSE(info.partition);  // an account ID alone does not say which partition
}

TEST_CASE("principal: the account root ARN") {
  const PrincipalInfo info = aws("arn:aws:iam::123456789012:root");
  CHECK(info.form == PrincipalForm::AccountRoot);
  CHECK(info.account == "123456789012");
  CHECK(info.partition == "aws");
}

TEST_CASE("principal: role and user ARNs, with and without paths") {
  PrincipalInfo info = aws("arn:aws:iam::123456789012:role/TargetRole");
  CHECK(info.form == PrincipalForm::Role);
  CHECK(info.name == "TargetRole");
  CHECK(info.account == "123456789012");
  CHECK(info.partition == "aws");

  info = aws("arn:aws-cn:iam::123456789012:role/service-role/path/to/OrdersRole");
  CHECK(info.form == PrincipalForm::Role);
  CHECK(info.name == "OrdersRole");
  CHECK(info.partition == "aws-cn");

  info = aws("arn:aws-us-gov:iam::210987654321:user/division/Bob");
  CHECK(info.form == PrincipalForm::User);
  CHECK(info.name == "Bob");
  CHECK(info.account == "210987654321");
  CHECK(info.partition == "aws-us-gov");
}

TEST_CASE("principal: STS assumed-role session and federated user ARNs") {
  PrincipalInfo info = aws("arn:aws:sts::123456789012:assumed-role/Deployer/ci-session");
  CHECK(info.form == PrincipalForm::AssumedRole);
  CHECK(info.name == "Deployer");
  CHECK(info.session == "ci-session");
  CHECK(info.account == "123456789012");

  info = aws("arn:aws:sts::123456789012:federated-user/Alice");
  CHECK(info.form == PrincipalForm::FederatedUser);
  CHECK(info.name == "Alice");

  check_invalid(aws("arn:aws:sts::123456789012:assumed-role/Deployer"), "assumed-role/ROLE/SESSION");
}

TEST_CASE("principal: unique IDs that replace deleted roles and users") {
  PrincipalInfo info = aws("AROADBQP57FF2AEXAMPLE");
  CHECK(info.form == PrincipalForm::UniqueId);
  CHECK(info.name == "AROADBQP57FF2AEXAMPLE");
  info = aws("AIDAJQABLZS4A3QDU576Q");
  CHECK(info.form == PrincipalForm::UniqueId);
  check_invalid(aws("AROA123"), "expected");               // too short
  check_invalid(aws("AKIAIOSFODNN7EXAMPLE"), "expected");  // an access key, not a principal
}

TEST_CASE("principal: service principals, global and regional") {
  PrincipalInfo info = service("states.amazonaws.com");
  CHECK(info.form == PrincipalForm::ServicePrincipal);
  CHECK(info.name == "states");
  CHECK_FALSE(info.partition);  // valid in aws, aws-us-gov and others alike

  info = service("apidestinations.events.amazonaws.com");
  CHECK(info.form == PrincipalForm::ServicePrincipal);
  CHECK(info.name == "apidestinations.events");
  CHECK_FALSE(info.partition);

  info = service("states.us-gov-west-1.amazonaws.com");
  CHECK(info.form == PrincipalForm::ServicePrincipal);
  CHECK(info.name == "states");
  CHECK(info.partition == "aws-us-gov");

  info = service("logs.eu-west-1.amazonaws.com");
  CHECK(info.name == "logs");
  CHECK(info.partition == "aws");

  info = service("alexa-appkit.amazon.com");
  CHECK(info.form == PrincipalForm::ServicePrincipal);
  CHECK(info.name == "alexa-appkit");
}

TEST_CASE("principal: partition-specific service-principal suffixes decide the partition") {
  PrincipalInfo info = service("ec2.amazonaws.com.cn");
  CHECK(info.form == PrincipalForm::ServicePrincipal);
  CHECK(info.name == "ec2");
  CHECK(info.partition == "aws-cn");

  info = service("logs.cn-northwest-1.amazonaws.com.cn");
  CHECK(info.name == "logs");
  CHECK(info.partition == "aws-cn");

  info = service("config.c2s.ic.gov");
  CHECK(info.partition == "aws-iso");
  info = service("dms.sc2s.sgov.gov");
  CHECK(info.partition == "aws-iso-b");
  info = service("ec2.cloud.adc-e.uk");
  CHECK(info.partition == "aws-iso-e");
  info = service("ec2.csp.hci.ic.gov");
  CHECK(info.partition == "aws-iso-f");
}

TEST_CASE("principal: the EUSC endpoint domain is not a service-principal domain") {
  // IAM rejected "ec2.amazonaws.eu" as an invalid principal (pulumi/pulumi-eks#2341).
  check_invalid(service("ec2.amazonaws.eu"), "aws-eusc");
}

TEST_CASE("principal: the type decides which forms are allowed") {
  check_invalid(service("arn:aws:iam::123456789012:role/x"), "goes under \"AWS\"");
  check_invalid(service("123456789012"), "goes under \"AWS\"");
  check_invalid(service("accounts.google.com"), "goes under \"Federated\"");
  check_invalid(service("*"), "everyone");
  check_invalid(aws("states.amazonaws.com"), "goes under \"Service\"");
  check_invalid(aws(kCanonicalId), "goes under \"CanonicalUser\"");
  check_invalid(aws("arn:aws:iam::123456789012:saml-provider/Okta"), "\"Federated\"");
  check_invalid(federated("arn:aws:iam::123456789012:role/x"), "goes under \"AWS\"");
  check_invalid(federated("states.amazonaws.com"), "goes under \"Service\"");
  check_invalid(canonical("123456789012"), "64 hexadecimal digits");
  check_invalid(classify_principal(PrincipalType::Unknown, "123456789012"), "principal type");
}

TEST_CASE("principal: SAML and OIDC identity providers under Federated") {
  PrincipalInfo info = federated("arn:aws:iam::123456789012:saml-provider/Okta");
  CHECK(info.form == PrincipalForm::SamlProvider);
  CHECK(info.name == "Okta");
  CHECK(info.account == "123456789012");
  CHECK(info.partition == "aws");

  info = federated("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
  CHECK(info.form == PrincipalForm::OidcProvider);
  CHECK(info.name == "token.actions.githubusercontent.com");

  info = federated(
      "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/"
      "EXAMPLED539D4633E53DE1B71EXAMPLE");
  CHECK(info.form == PrincipalForm::OidcProvider);
  CHECK(info.name == "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE");
}

TEST_CASE("principal: web identity providers under Federated") {
  for (const std::string_view provider :
       {"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}) {
    const PrincipalInfo info = federated(provider);
    CHECK(info.form == PrincipalForm::WebIdentityProvider);
    CHECK(info.name == provider);
    CHECK_FALSE(info.partition);
  }
  check_invalid(federated("login.example.com"), "SAML or OIDC");
}

TEST_CASE("principal: canonical user IDs") {
  const PrincipalInfo info = canonical(kCanonicalId);
  CHECK(info.form == PrincipalForm::CanonicalUser);
  CHECK(info.name == kCanonicalId);
  check_invalid(canonical(kCanonicalId.substr(1)), "64 hexadecimal digits");
  check_invalid(canonical(std::string(63, 'a') + "g"), "64 hexadecimal digits");
}

TEST_CASE("principal: wildcards and variables inside a principal are invalid") {
  // "You cannot use a wildcard to match part of a principal name or ARN."
  check_invalid(aws("arn:aws:iam::123456789012:role/app-*"), "wildcards");
  check_invalid(aws("arn:aws:iam::*:root"), "wildcards");
  check_invalid(aws("12345678901*"), "wildcards");
  check_invalid(service("*.amazonaws.com"), "wildcards");
  check_invalid(aws("arn:aws:iam::123456789012:user/${aws:username}"), "variables");
}

TEST_CASE("principal: malformed AWS principals say what is wrong") {
  check_invalid(aws(""), "empty");
  check_invalid(aws("1234-5678-9012"), "without hyphens");
  check_invalid(aws("12345678901"), "12-digit account ID");
  check_invalid(aws("arn:aws:iam::1234567890:root"), "not a valid ARN");
  check_invalid(aws("arn:aws:iam::aws:policy/ReadOnlyAccess"), "12-digit account ID");
  check_invalid(aws("arn:aws-xyz:iam::123456789012:root"), "not an AWS partition");
  check_invalid(aws("arn:aws:iam:us-east-1:123456789012:role/x"), "empty region");
  check_invalid(aws("arn:aws:s3:::bucket"), "names a resource");
  check_invalid(aws("arn:aws:iam::123456789012:group/Admins"), "user group");
  check_invalid(aws("arn:aws:iam::123456789012:policy/P"), "IAM principal ARN");
  check_invalid(aws("arn:aws:iam::123456789012:role/"), "name is empty");
  check_invalid(aws("arn:aws:sts::123456789012:role/x"), "STS principal ARN");
  check_invalid(aws("MyRole"), "expected");
}

TEST_CASE("principal: every form has a name") {
  for (const PrincipalForm form :
       {PrincipalForm::Anyone, PrincipalForm::AccountId, PrincipalForm::AccountRoot, PrincipalForm::Role,
        PrincipalForm::User, PrincipalForm::AssumedRole, PrincipalForm::FederatedUser,
        PrincipalForm::ServicePrincipal, PrincipalForm::CanonicalUser, PrincipalForm::SamlProvider,
        PrincipalForm::OidcProvider, PrincipalForm::WebIdentityProvider, PrincipalForm::UniqueId,
        PrincipalForm::Invalid}) {
    CHECK_FALSE(iamsmith::principal_form_name(form).empty());
  }
  CHECK(iamsmith::principal_form_name(PrincipalForm::AssumedRole) == "assumed-role session");
}
