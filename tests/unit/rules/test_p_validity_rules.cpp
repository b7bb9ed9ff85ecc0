// Edge cases of the statement-validity rules: P019 ineffective-statement, P020
// not-principal-in-trust, P021 resource-not-arn, P022 invalid-principal, P023
// federated-principal-outside-trust, P024 policy-variable-syntax, C003's keys without a prefix, and
// the W rules that P019 takes over from. Cases follow AWS's NotResource / NotAction /
// NotPrincipal / Resource / Principal / policy-variable pages and Access Analyzer's policy-check
// reference (Role trust policy syntax error notprincipal, Invalid ARN prefix, Invalid service
// principal format, Federated principal not supported, Missing brace in variable, Empty variable,
// Unsupported space in variable, Missing quote in variable, Variable unsupported in element,
// Invalid condition key format; /work/shared/reference/linters.md).

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

std::string resource(std::string_view value) {
  return policy(R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":)j" + std::string(value) + "}");
}

}  // namespace

// ---------------------------------------------------------------------------------------- P019

TEST_CASE("P019: NotResource, NotAction or NotPrincipal with \"*\" leave nothing to apply to") {
  const std::string all_but_nothing = policy(R"j({"Effect":"Allow","Action":"*","NotResource":"*"})j");
  catches("P019", all_but_nothing, "/Statement/0/NotResource");
  // ... and W001/W006 no longer call it full access.
  catches_not("W001", all_but_nothing);
  catches_not("W006", all_but_nothing);
  catches("P019", policy(R"j({"Effect":"Deny","NotAction":["s3:GetObject","*:*"],"Resource":"*"})j"), "/Statement/0/NotAction");
  catches_not("W005", policy(R"j({"Effect":"Allow","NotAction":"*","Resource":"*"})j"));
  catches("P019", policy(R"j({"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"s3:*","Resource":"*"})j"),
          "/Statement/0/NotPrincipal");
  catches_not("P019", policy(R"j({"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]})j"));
}

// ---------------------------------------------------------------------------------------- P020

TEST_CASE("P020: NotPrincipal in a trust policy, whatever the effect") {
  const std::string doc = policy(
      R"j({"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/Admin"},"Action":"sts:AssumeRole"},)j"
      R"j({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"})j");
  catches("P020", doc, "/Statement/0/NotPrincipal", of_kind(PolicyKind::Trust));
  catches_not("P020", doc, of_kind(PolicyKind::Resource));
}

// ---------------------------------------------------------------------------------------- P021

TEST_CASE("P021: Resource values that are not ARNs") {
  catches("P021", resource(R"j("s3")j"), "/Statement/0/Resource");
  catches("P021", resource(R"j(["arn:aws:s3:::b/*","my-bucket"])j"), "/Statement/0/Resource/1");
  const auto found = findings_of("P021", resource(R"j("aws:s3:::b/*")j"));
  REQUIRE(found.size() == 1);
  bool hint = false;
  for (const auto& n : found[0].notes) hint = hint || n.message.find("arn:aws:s3:::b/*") != std::string::npos;
  CHECK(hint);
  catches_not("P021", resource(R"j(["*","arn:aws:s3:::b/*","${aws:PrincipalTag/bucket}"])j"));
}

// ---------------------------------------------------------------------------------------- P022 / P023

TEST_CASE("P022: invalid service and federated principals") {
  const LintContext trust = of_kind(PolicyKind::Trust);
  catches("P022", policy(R"j({"Effect":"Allow","Principal":{"Service":"*"},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal/Service", trust);
  catches("P022", policy(R"j({"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:role/X"},"Action":"sts:AssumeRoleWithSAML"})j"),
          "/Statement/0/Principal/Federated", trust);
  catches_not("P022", policy(R"j({"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"})j"),
              trust);
}

TEST_CASE("P023: a Federated principal in a resource policy") {
  const std::string doc = policy(
      R"j({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"})j");
  catches("P023", doc, "/Statement/0/Principal/Federated", of_kind(PolicyKind::Resource));
  catches_not("P023", policy(R"j({"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"})j"),
              of_kind(PolicyKind::Trust));
}

// ---------------------------------------------------------------------------------------- P024

TEST_CASE("P024: malformed policy variables, and variables where IAM does not replace them") {
  catches("P024", resource(R"j("arn:aws:s3:::home/${aws:username/*")j"), "/Statement/0/Resource");
  catches("P024", resource(R"j("arn:aws:s3:::home/${}/*")j"), "/Statement/0/Resource");
  catches("P024", resource(R"j("arn:aws:s3:::home/${aws: username}/*")j"), "/Statement/0/Resource");
  catches("P024", resource(R"j("arn:aws:s3:::home/${aws:PrincipalTag/team, none}/*")j"), "/Statement/0/Resource");
  catches("P024", policy(R"j({"Effect":"Allow","Action":"s3:${aws:username}","Resource":"*"})j"), "/Statement/0/Action");
  catches_not("P024", resource(R"j(["arn:aws:s3:::home/${aws:username}/*","arn:aws:s3:::t/${aws:PrincipalTag/team, 'none'}/*","arn:aws:s3:::x/${*}"])j"));
  catches_not("P024", policy(R"j({"Effect":"Allow","Action":"s3:Get${*}","Resource":"*"})j"));
}

// ---------------------------------------------------------------------------------------- C003

TEST_CASE("C003: a condition key without a prefix, with a did-you-mean for global keys") {
  const std::string doc = policy(
      R"j({"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"SourceIp":"203.0.113.0/24"}}})j");
  catches("C003", doc, "/Statement/0/Condition/IpAddress/SourceIp");
  const auto found = findings_of("C003", doc);
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].notes.empty());
  CHECK(found[0].notes[0].message.find("aws:SourceIp") != std::string::npos);
}

// ---------------------------------------------------------------------------------------- P025
// Access Analyzer, "Invalid role reference" / "Invalid user reference"; IAM identifiers page
// (AROA: role, AIDA: user).
namespace {

std::string bucket_for(std::string_view aws) {
  return policy(R"j({"Effect":"Allow","Principal":{"AWS":)j" + std::string(aws) +
                R"j(},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"})j");
}

}  // namespace

TEST_CASE("P025: a role or user unique ID where an ARN belongs") {
  catches("P025", bucket_for(R"j("AROAJQABLZS4A3QDU576Q")j"), "/Statement/0/Principal/AWS");
  catches("P025", bucket_for(R"j(["arn:aws:iam::111122223333:role/R","AIDAJQABLZS4A3QDU576Q"])j"),
          "/Statement/0/Principal/AWS/1");
  const auto found = findings_of("P025", bucket_for(R"j("AIDAJQABLZS4A3QDU576Q")j"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("unique ID of an IAM user") != std::string::npos);
  catches("P025",
          policy(R"j({"Effect":"Allow","Principal":{"AWS":"AROAJQABLZS4A3QDU576Q"},"Action":"sts:AssumeRole"})j"),
          "/Statement/0/Principal/AWS");
}

TEST_CASE("P025: ARNs, account IDs, \"*\" and look-alikes stay silent") {
  catches_not("P025", bucket_for(R"j(["arn:aws:iam::111122223333:role/R","111122223333","*"])j"));
  // Too short to be a unique ID.
  catches_not("P025", bucket_for(R"j("AROA1")j"));
  catches_not("P025", policy(R"j({"Effect":"Allow","Principal":{"Service":"AROAJQABLZS4A3QDU576Q"},)j"
                             R"j("Action":"sts:AssumeRole"})j"));
}

// ---------------------------------------------------------------------------------------- P026
// Parliament UNKNOWN_PRINCIPAL; the Principal element page's forms of an AWS principal.
TEST_CASE("P026: an AWS principal that is a bare name or a hyphenated account ID") {
  catches("P026", bucket_for(R"j("orders-team")j"), "/Statement/0/Principal/AWS");
  catches("P026", bucket_for(R"j(["111122223333","1111-2222-3333"])j"), "/Statement/0/Principal/AWS/1");
  CHECK(findings_of("P026", bucket_for(R"j("1111-2222-3333")j")).front().message.find("without hyphens") !=
        std::string::npos);
}

TEST_CASE("P026: forms other rules judge, and valid principals, stay silent") {
  catches_not("P026", bucket_for(R"j(["*","111122223333","arn:aws:iam::111122223333:user/u","AIDAJQABLZS4A3QDU576Q"])j"));
  // Malformed ARNs are A001's, wildcards W011's, empty values P016's.
  catches_not("P026", bucket_for(R"j(["arn:aws:iam::111122223333:frob/x","orders-*",""])j"));
}
