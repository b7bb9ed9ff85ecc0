// Edge cases of the C rules on conditions that do not do what they say: C002's operator-family
// mismatch in both directions, impossible dates and non-ARN values; C008 mfa-condition-pattern ...
// C016 string-operator-on-typed-key; and W004's silencing by a condition that cannot match. Cases follow
// AWS's condition operator and global condition key pages, the single- vs multivalued keys page
// and Access Analyzer's policy-check reference (Type mismatch, Missing qualifier, ForAllValues with
// single valued key, Null with qualifier, Private IP address, Improve IP range, Invalid vpc(e)
// format), and Parliament's BAD_PATTERN_FOR_MFA and MISMATCHED_TYPE descriptions
// (/work/shared/reference/linters.md).

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

// One statement with `effect` and `condition` (a JSON object).
std::string with_condition(std::string_view effect, std::string_view condition) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":")j" + std::string(effect) +
         R"j(","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":)j" + std::string(condition) +
         "}]}";
}
std::string allow(std::string_view condition) { return with_condition("Allow", condition); }
std::string deny(std::string_view condition) { return with_condition("Deny", condition); }

}  // namespace

// ---------------------------------------------------------------------------------------- C002

TEST_CASE("C016 and C002: an operator of the wrong family, in both directions") {
  catches("C016", allow(R"j({"StringEquals":{"aws:SourceIp":"203.0.113.0/24"}})j"),
          "/Statement/0/Condition/StringEquals/aws:SourceIp");
  catches("C016", deny(R"j({"StringEquals":{"aws:SecureTransport":"false"}})j"),
          "/Statement/0/Condition/StringEquals/aws:SecureTransport");
  catches("C016", deny(R"j({"StringEquals":{"s3:signatureAge":"600000"}})j"),
          "/Statement/0/Condition/StringEquals/s3:signatureAge");
  catches_not("C002", allow(R"j({"StringEquals":{"aws:SourceIp":"203.0.113.0/24"}})j"));
  catches("C002", allow(R"j({"NumericEquals":{"aws:SourceIp":"1"}})j"), "/Statement/0/Condition/NumericEquals/aws:SourceIp");
  // String operators fit ARN keys, ARN operators String keys, Null every key; untyped keys are not judged.
  catches_not("C016", allow(R"j({"StringLike":{"aws:SourceArn":"arn:aws:s3:::b"}})j"));
  catches_not("C016", allow(R"j({"Null":{"aws:SourceIp":"false"}})j"));
  catches_not("C016", allow(R"j({"StringEquals":{"saml:aud":"https://signin.aws.amazon.com/saml"}})j"));
  catches_not("C016", allow(R"j({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})j"));
}

TEST_CASE("C002: a value list of mixed JSON types, and more than one value for a boolean comparison") {
  // Access Analyzer: "Invalid condition data type" and "Invalid condition multiple Boolean".
  catches("C002", allow(R"j({"StringEquals":{"aws:PrincipalTag/team":["red",7]}})j"),
          "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team/1");
  catches("C002", allow(R"j({"Bool":{"aws:SecureTransport":["true",false]}})j"),
          "/Statement/0/Condition/Bool/aws:SecureTransport/1");
  catches_not("C002", allow(R"j({"StringEquals":{"aws:PrincipalTag/team":["red","7"]}})j"));
  catches_not("C002", allow(R"j({"NumericLessThan":{"s3:max-keys":[7,10]}})j"));
  // Under Numeric operators "10" and 10 mean the same number.
  catches_not("C002", allow(R"j({"NumericLessThan":{"s3:max-keys":["7",10]}})j"));
  catches("C002", allow(R"j({"Bool":{"aws:SecureTransport":["true","false"]}})j"),
          "/Statement/0/Condition/Bool/aws:SecureTransport/1");
  catches("C002", allow(R"j({"Null":{"aws:TokenIssueTime":["true","false"]}})j"),
          "/Statement/0/Condition/Null/aws:TokenIssueTime/1");
  catches_not("C002", allow(R"j({"Bool":{"aws:SecureTransport":["true"]}})j"));
  catches_not("C002", allow(R"j({"Bool":{"aws:SecureTransport":true}})j"));
}

TEST_CASE("C002: dates that do not exist, and ARN operators with values that are not ARNs") {
  catches("C002", allow(R"j({"DateLessThan":{"aws:CurrentTime":"2024-02-30T00:00:00Z"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches("C002", allow(R"j({"DateLessThan":{"aws:CurrentTime":"2023-02-29"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches_not("C002", allow(R"j({"DateLessThan":{"aws:CurrentTime":"2024-02-29"}})j"));
  catches_not("C002", allow(R"j({"DateLessThan":{"aws:CurrentTime":"2000-02-29T12:00:00Z"}})j"));
  catches("C002", allow(R"j({"DateLessThan":{"aws:CurrentTime":"1900-02-29"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches("C002", allow(R"j({"ArnLike":{"aws:SourceArn":"my-state-machine"}})j"),
          "/Statement/0/Condition/ArnLike/aws:SourceArn");
  catches_not("C002", allow(R"j({"ArnLike":{"aws:SourceArn":["arn:aws:states:*:111122223333:stateMachine:*","*","${aws:PrincipalTag/arn}"]}})j"));
}

// ---------------------------------------------------------------------------------------- W004

TEST_CASE("W004: StringEquals on aws:SourceIp limits nobody, so it does not silence the public principal") {
  const auto policy = [](std::string_view op) {
    return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",)j"
           R"j("Resource":"arn:aws:s3:::b/*","Condition":{")j" +
           std::string(op) + R"j(":{"aws:SourceIp":"203.0.113.0/24"}}}]})j";
  };
  catches("W004", policy("StringEquals"), "/Statement/0/Principal");
  catches_not("W004", policy("IpAddress"));
}

// ---------------------------------------------------------------------------------------- C008

TEST_CASE("C008: the MFA anti-patterns; AWS's own patterns stay silent") {
  catches("C008", deny(R"j({"Bool":{"aws:MultiFactorAuthPresent":"false"}})j"),
          "/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent");
  catches("C008", allow(R"j({"Bool":{"aws:MultiFactorAuthPresent":false}})j"),
          "/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent");
  catches("C008", allow(R"j({"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}})j"),
          "/Statement/0/Condition/BoolIfExists/aws:MultiFactorAuthPresent");
  catches("C008", allow(R"j({"Null":{"aws:MultiFactorAuthPresent":"true"}})j"),
          "/Statement/0/Condition/Null/aws:MultiFactorAuthPresent");
  // Null "false" asks only that the key be there: every role session has it, with "false" when it
  // was obtained without MFA (iam-policy-validator's mfa_antipattern_null_false).
  catches("C008", allow(R"j({"Null":{"aws:MultiFactorAuthPresent":"false"}})j"),
          "/Statement/0/Condition/Null/aws:MultiFactorAuthPresent");
  catches_not("C008", deny(R"j({"Null":{"aws:MultiFactorAuthPresent":"false"}})j"));
  catches_not("C008", deny(R"j({"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})j"));
  catches_not("C008", allow(R"j({"Bool":{"aws:MultiFactorAuthPresent":"true"}})j"));
  catches_not("C008", deny(R"j({"Null":{"aws:MultiFactorAuthPresent":"true"}})j"));
}

// ---------------------------------------------------------------------------------------- C009

TEST_CASE("C009: IfExists on a caller or network key in an Allow, or on a key that is always present") {
  catches("C009", allow(R"j({"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123def4"}})j"),
          "/Statement/0/Condition/StringEqualsIfExists/aws:PrincipalOrgID");
  catches("C009", allow(R"j({"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}})j"),
          "/Statement/0/Condition/StringEqualsIfExists/aws:SourceVpce");
  catches("C009", allow(R"j({"BoolIfExists":{"aws:SecureTransport":"true"}})j"),
          "/Statement/0/Condition/BoolIfExists/aws:SecureTransport");
  // aws:RequestedRegion is "always included in the request context" too.
  catches("C009", allow(R"j({"StringEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}})j"),
          "/Statement/0/Condition/StringEqualsIfExists/aws:RequestedRegion");
  // Deny statements, negated operators and other keys are left alone.
  catches_not("C009", deny(R"j({"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}})j"));
  catches_not("C009", allow(R"j({"NotIpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}})j"));
  catches_not("C009", allow(R"j({"StringEqualsIfExists":{"aws:RequestTag/team":"red"}})j"));
}

// ---------------------------------------------------------------------------------------- C017

TEST_CASE("C017: a non-negated IfExists on a network key in a Deny refuses requests without the key") {
  catches("C017", deny(R"j({"IpAddressIfExists":{"aws:SourceIp":"198.51.100.0/24"}})j"),
          "/Statement/0/Condition/IpAddressIfExists/aws:SourceIp");
  catches("C017", deny(R"j({"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}})j"),
          "/Statement/0/Condition/StringEqualsIfExists/aws:SourceVpce");
  const auto found = findings_of("C017", deny(R"j({"IpAddressIfExists":{"aws:SourceIp":"198.51.100.0/24"}})j"));
  REQUIRE(found.size() == 1);
  // The message says what IfExists does in a Deny: it widens it (it is not a weakened Deny).
  CHECK(found[0].message.find("also refuses every request without it") != std::string::npos);
}

TEST_CASE("C017: what it leaves alone") {
  // Negated operators are true for a missing key anyway: "deny unless from my network".
  catches_not("C017", deny(R"j({"NotIpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}})j"));
  catches_not("C017", deny(R"j({"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}})j"));
  // Without IfExists, and in an Allow (C009's).
  catches_not("C017", deny(R"j({"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}})j"));
  catches_not("C017", allow(R"j({"IpAddressIfExists":{"aws:SourceIp":"198.51.100.0/24"}})j"));
  // AWS's recommended MFA guardrail, and keys that are not network keys.
  catches_not("C017", deny(R"j({"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}})j"));
  catches_not("C017", deny(R"j({"StringEqualsIfExists":{"aws:RequestTag/team":"red"}})j"));
  // The statement also requires the key, so IfExists changes nothing.
  catches_not("C017", deny(R"j({"IpAddressIfExists":{"aws:SourceIp":"198.51.100.0/24"},"Null":{"aws:SourceIp":"false"}})j"));
}

// ---------------------------------------------------------------------------------------- C010

TEST_CASE("C010: a wildcard under a non-Like String operator") {
  catches("C010", allow(R"j({"StringEquals":{"aws:PrincipalTag/team":["ops","admin-*"]}})j"),
          "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1team/1");
  catches("C010", deny(R"j({"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"adm?n"}})j"),
          "/Statement/0/Condition/StringNotEqualsIgnoreCase/aws:PrincipalTag~1team");
  catches_not("C010", allow(R"j({"StringLike":{"aws:PrincipalTag/team":"admin-*"}})j"));
  catches_not("C010", allow(R"j({"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::*"}})j"));
  catches_not("C010", allow(R"j({"StringEquals":{"s3:prefix":"home/${aws:username}/${*}"}})j"));
}

// ---------------------------------------------------------------------------------------- C011

TEST_CASE("C011: set qualifiers that do not fit the key") {
  catches("C011", allow(R"j({"StringLike":{"aws:CalledVia":"athena.amazonaws.com"}})j"),
          "/Statement/0/Condition/StringLike/aws:CalledVia");
  catches("C011", allow(R"j({"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-abc123def4"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:PrincipalOrgID");
  catches("C011", deny(R"j({"ForAnyValue:Null":{"aws:TagKeys":"true"}})j"), "/Statement/0/Condition/ForAnyValue:Null");
  catches_not("C011", allow(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}})j"));
  catches_not("C011", allow(R"j({"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":"o-abc123def4"}})j"));
  catches_not("C011", allow(R"j({"StringEquals":{"accounts.google.com:aud":"x"}})j"));
}

// ---------------------------------------------------------------------------------------- C012 / C013

TEST_CASE("C012: private and other non-public ranges in aws:SourceIp") {
  catches("C012", allow(R"j({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","192.168.1.0/24"]}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp/1");
  catches("C012", deny(R"j({"NotIpAddress":{"aws:SourceIp":"fd00::/8"}})j"),
          "/Statement/0/Condition/NotIpAddress/aws:SourceIp");
  catches("C012", allow(R"j({"IpAddress":{"aws:SourceIp":"172.20.0.1"}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  // A range that only partly overlaps (172.0.0.0/8 holds public addresses) and aws:VpcSourceIp are fine.
  catches_not("C012", allow(R"j({"IpAddress":{"aws:SourceIp":"172.0.0.0/8"}})j"));
  catches_not("C012", allow(R"j({"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"}})j"));
}

TEST_CASE("C013: host bits after the prefix") {
  catches("C013", allow(R"j({"IpAddress":{"aws:SourceIp":"203.0.113.77/24"}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  const auto found = findings_of("C013", allow(R"j({"IpAddress":{"aws:SourceIp":"2001:db8::1/32"}})j"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("2001:db8::/32") != std::string::npos);
  catches_not("C013", allow(R"j({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","203.0.113.77","203.0.113.77/32"]}})j"));
}

// ---------------------------------------------------------------------------------------- C014 / C015

TEST_CASE("C014: VPC and VPC endpoint IDs") {
  catches("C014", deny(R"j({"StringNotEquals":{"aws:SourceVpc":"my-vpc"}})j"),
          "/Statement/0/Condition/StringNotEquals/aws:SourceVpc");
  catches("C014", deny(R"j({"StringNotEquals":{"aws:SourceVpce":["vpce-1a2b3c4d5e6f7a8b9","vpce-123"]}})j"),
          "/Statement/0/Condition/StringNotEquals/aws:SourceVpce/1");
  catches_not("C014", deny(R"j({"StringNotEquals":{"aws:SourceVpc":["vpc-1a2b3c4d","vpc-0123456789abcdef0"]}})j"));
  catches_not("C014", deny(R"j({"StringNotLike":{"aws:SourceVpce":"vpce-*"}})j"));
}

TEST_CASE("C015: aws:VpcSourceIp needs aws:SourceVpc or aws:SourceVpce beside it") {
  catches("C015", allow(R"j({"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"}})j"),
          "/Statement/0/Condition/IpAddress/aws:VpcSourceIp");
  catches_not("C015", allow(R"j({"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}})j"));
}

// ---------------------------------------------------------------------------------------- D005

TEST_CASE("D005: each named action that lacks a key its neighbours support is reported at the action") {
  const std::string doc = R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],)j"
                          R"j("Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/*"}}}]})j";
  catches("D005", doc, "/Statement/0/Action/1");
  CHECK(findings_of("D005", doc).size() == 1);
}

TEST_CASE("D005: a Deny on a tag key does not protect the actions that never carry it") {
  const std::string doc = R"j({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["ec2:TerminateInstances","ec2:DescribeInstances"],)j"
                          R"j("Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]})j";
  catches("D005", doc, "/Statement/0/Action/1");
  CHECK(findings_of("D005", doc).size() == 1);
}

TEST_CASE("D005: an Allow on a tag key grants nothing for the actions that never carry it") {
  // Access Analyzer: "Allow with unsupported tag condition key for service".
  const std::string doc = R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:DescribeInstances"],)j"
                          R"j("Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}}]})j";
  catches("D005", doc, "/Statement/0/Action/1");
  CHECK(findings_of("D005", doc).size() == 1);
  // A negated operator is true without the key: the Allow still grants the action, as written.
  catches_not("D005", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:DescribeInstances"],)j"
                      R"j("Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/env":"prod"}}}]})j");
  // Action patterns are not judged per action.
  catches_not("D005", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StartInstances","ec2:Describe*"],)j"
                      R"j("Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}}]})j");
}

// ---------------------------------------------------------------------------------------- C011

TEST_CASE("C011: several audiences of a trusted OIDC provider without a set qualifier (Confirm audience claim type)") {
  const auto trust = [](std::string_view op, std::string_view values) {
    return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":)j"
           R"j("arn:aws:iam::111122223333:oidc-provider/oidc.example.com"},"Action":"sts:AssumeRoleWithWebIdentity",)j"
           R"j("Condition":{")j" +
           std::string(op) + R"j(":{"oidc.example.com:aud":)j" + std::string(values) + "}}}]}";
  };
  iamsmith::LintContext kind;
  kind.kind = iamsmith::PolicyKind::Trust;
  catches("C011", trust("StringEquals", R"(["app-1","app-2"])"), "/Statement/0/Condition/StringEquals/oidc.example.com:aud",
          kind);
  catches_not("C011", trust("StringEquals", R"("app-1")"), kind);
  catches_not("C011", trust("ForAnyValue:StringEquals", R"(["app-1","app-2"])"), kind);
  // Another provider's claim, or a claim of a provider the statement does not trust, is not judged.
  catches_not("C011", allow(R"j({"StringEquals":{"oidc.example.com:aud":["app-1","app-2"]}})j"));
}
