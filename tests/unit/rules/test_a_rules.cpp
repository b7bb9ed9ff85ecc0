// Edge cases of the A rules (ARNs): A001 malformed-arn ... A006 unknown-region.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

// A statement granting s3:GetObject on `resource` (a JSON value: a string or an array).
std::string with_resource(std::string_view resource) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":)j" +
         std::string(resource) + "}]}";
}

std::string with_not_resource(std::string_view resource) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":)j" +
         std::string(resource) + "}]}";
}

// A trust statement with `principal` (a JSON object such as {"AWS": "..."}).
std::string with_principal(std::string_view principal) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":)j" +
         std::string(principal) + "}]}";
}

// A statement with the condition `op`: {`key`: `value`} (value is JSON).
std::string with_condition(std::string_view op, std::string_view key, std::string_view value) {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",)j"
         R"j("Condition":{")j" +
         std::string(op) + R"j(":{")j" + std::string(key) + "\":" + std::string(value) + "}}}]}";
}

std::string quoted(std::string_view text) {
  return std::string("\"").append(text).append("\"");
}

bool any_note_contains(const std::vector<iamsmith::Diagnostic>& found, std::string_view text) {
  for (const auto& d : found) {
    for (const auto& n : d.notes) {
      if (n.message.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

bool any_message_contains(const std::vector<iamsmith::Diagnostic>& found, std::string_view text) {
  for (const auto& d : found) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// A001 malformed-arn

TEST_CASE("A001: too few fields in a Resource") {
  catches("A001", with_resource(quoted("arn:aws:s3:archive/summary.csv")), "/Statement/0/Resource");
  const auto found = findings_of("A001", with_resource(quoted("arn:aws:s3:archive/summary.csv")));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("\"arn:aws:s3:archive/summary.csv\"") != std::string::npos);
  CHECK(found[0].message.find("4 fields") != std::string::npos);
}

TEST_CASE("A001: the offending value in an array, and in NotResource") {
  catches("A001", with_resource(R"(["arn:aws:s3:::ok/*", "arn:aws:s3:bad"])"), "/Statement/0/Resource/1");
  catches("A001", with_not_resource(quoted("arn:aws:s3:bad")), "/Statement/0/NotResource");
}

TEST_CASE("A001: each field error names the field") {
  const auto partition = findings_of("A001", with_resource(quoted("arn:AWS:s3:::b")));
  REQUIRE(partition.size() == 1);
  CHECK(any_message_contains(partition, "partition \"AWS\""));
  CHECK(any_note_contains(partition, "did you mean \"aws\""));
  CHECK(any_message_contains(findings_of("A001", with_resource(quoted("arn:a_b:s3:::b"))), "partition"));
  CHECK(any_message_contains(findings_of("A001", with_resource(quoted("arn::s3:::b"))), "empty partition"));
  CHECK(any_message_contains(findings_of("A001", with_resource(quoted("arn:aws::::b"))), "empty service"));
  const auto service = findings_of("A001", with_resource(quoted("arn:aws:S3:::b")));
  CHECK(any_message_contains(service, "service \"S3\""));
  CHECK(any_note_contains(service, "\"s3\""));
  CHECK(any_message_contains(
      findings_of("A001", with_resource(quoted("arn:aws:lambda:US-EAST-1:111122223333:function:f"))),
      "region \"US-EAST-1\""));
  CHECK(any_message_contains(findings_of("A001", with_resource(quoted("ARN:aws:s3:::b"))), "prefix \"ARN\""));
}

TEST_CASE("A001: an abbreviated ARN whose last field is not a region says how many fields it has") {
  const auto found = findings_of("A001", with_resource(quoted("arn:aws:s3:archive/*")));
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "only 4 fields"));
}

TEST_CASE("A001: principal ARNs and ARN condition operators") {
  catches("A001", with_principal(R"({"AWS": "arn:aws:iam:111122223333:root"})"),
          "/Statement/0/Principal/AWS");
  catches("A001", with_principal(R"({"Federated": "arn:aws:iam:111122223333:saml-provider/X"})"),
          "/Statement/0/Principal/Federated");
  catches("A001", with_condition("ArnLike", "aws:SourceArn", quoted("arn:aws:sqs:us-east-1")),
          "/Statement/0/Condition/ArnLike/aws:SourceArn");
  catches("A001", with_condition("ForAnyValue:ArnEqualsIfExists", "aws:SourceArn", R"(["arn:aws:sqs:x"])"),
          "/Statement/0/Condition/ForAnyValue:ArnEqualsIfExists/aws:SourceArn/0");
  // A String operator on an ARN-valued key: checked when there is no wildcard.
  catches("A001", with_condition("StringEquals", "aws:SourceArn", quoted("arn:aws:sqs:us-east-1")),
          "/Statement/0/Condition/StringEquals/aws:SourceArn");
  catches("A001", with_condition("StringEquals", "sts:ExternalId", quoted("arn:aws:states:us-east-1:Orders")),
          "/Statement/0/Condition/StringEquals/sts:ExternalId");
}

TEST_CASE("A001: keys that hold ARNs under String operators") {
  catches("A001", with_condition("StringEquals", "iam:PolicyARN", quoted("arn:aws:iam::aws")),
          "/Statement/0/Condition/StringEquals/iam:PolicyARN");
  catches("A001", with_condition("StringEquals", "iam:PermissionsBoundary", quoted("arn:aws:iam:policy/B")),
          "/Statement/0/Condition/StringEquals/iam:PermissionsBoundary");
  catches("A001", with_condition("StringEquals", "kms:EncryptionContext:aws:s3:arn", quoted("arn:aws:s3:b")),
          "/Statement/0/Condition/StringEquals/kms:EncryptionContext:aws:s3:arn");
  catches("A001", with_condition("StringNotEqualsIfExists", "lambda:FunctionArn", quoted("arn:aws:lambda:f")),
          "/Statement/0/Condition/StringNotEqualsIfExists/lambda:FunctionArn");
}

TEST_CASE("A001: silent where a value need not be a full ARN") {
  // StringLike may let '*' span fields.
  catches_not("A001", with_condition("StringLike", "aws:SourceArn", quoted("arn:aws:*:role/x")));
  // A key that does not hold ARNs.
  catches_not("A001", with_condition("StringEquals", "aws:ResourceTag/learn", quoted("arn:broken")));
  // Not ARN-like at all, a number, the service principal form.
  catches_not("A001", with_condition("ArnLike", "aws:SourceArn", "5"));
  catches_not("A001", with_resource(R"(["*", "arn:aws:ec2:*", "arn:*"])"));
  catches_not("A001", with_principal(R"({"Service": "states.amazonaws.com"})"));
}

TEST_CASE("A001: silent on well-formed ARNs, variables and placeholders") {
  catches_not("A001", with_resource(R"(["arn:aws:s3:::${aws:username}/*", "arn:${AWS::Partition}:s3:::b",
                                       "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:organizations::*:",
                                       "arn:aws:lambda:us-east-1:111122223333:function:f:$LATEST"])"));
}

TEST_CASE("A001: a bad account is left to A004") {
  catches_not("A001", with_resource(quoted("arn:aws:iam::1111-2222-3333:role/x")));
}

TEST_CASE("A001: not JSON, no statements, odd shapes") {
  catches_not("A001", "{");
  catches_not("A001", R"({"Version":"2012-10-17"})");
  catches_not("A001", R"({"Version":"2012-10-17","Statement":[{"Resource":42}]})");
  catches_not("A001", R"({"Version":"2012-10-17","Statement":{"Effect":"Allow"}})");
}

// ---------------------------------------------------------------------------------------------
// A002 unknown-partition

TEST_CASE("A002: a misspelt partition, with a suggestion") {
  const std::string policy = with_resource(quoted("arn:asw:s3:::b"));
  catches("A002", policy, "/Statement/0/Resource");
  const auto found = findings_of("A002", policy);
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "\"asw\""));
  CHECK(any_note_contains(found, "did you mean \"aws\""));
  CHECK(any_note_contains(findings_of("A002", with_resource(quoted("arn:aws-cm:s3:::b"))), "\"aws-cn\""));
}

TEST_CASE("A002: principals and conditions; no suggestion for a far-off name") {
  catches(
      "A002",
      with_principal(R"({"AWS": ["arn:aws:iam::111122223333:root", "arn:aws-gov:iam::111122223333:root"]})"),
      "/Statement/0/Principal/AWS/1");
  catches("A002",
          with_condition("ArnEquals", "aws:SourceArn", quoted("arn:amazon:sqs:us-east-1:111122223333:q")),
          "/Statement/0/Condition/ArnEquals/aws:SourceArn");
  CHECK_FALSE(
      any_note_contains(findings_of("A002", with_resource(quoted("arn:zzzzzzzz:s3:::b"))), "did you mean"));
}

TEST_CASE("A002: every real partition, wildcards and placeholders are fine") {
  catches_not("A002", with_resource(R"(["arn:aws:s3:::b", "arn:aws-cn:s3:::b", "arn:aws-us-gov:s3:::b",
      "arn:aws-iso:s3:::b", "arn:aws-iso-b:s3:::b", "arn:aws-iso-e:s3:::b", "arn:aws-iso-f:s3:::b",
      "arn:aws-eusc:s3:::b", "arn:*:s3:::b", "arn:aws*:s3:::b", "arn:${AWS::Partition}:s3:::b"])"));
  catches_not("A002", with_resource(quoted("arn:AWS:s3:::b")));  // malformed: A001
  catches_not("A002", "[");
}

// ---------------------------------------------------------------------------------------------
// A003 region-not-in-partition

TEST_CASE("A003: a China region in an aws ARN names both partitions") {
  const std::string policy = with_resource(quoted("arn:aws:lambda:cn-north-1:111122223333:function:f"));
  catches("A003", policy, "/Statement/0/Resource");
  const auto found = findings_of("A003", policy);
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "aws-cn"));
  CHECK(any_message_contains(found, "partition aws ("));
  CHECK(any_note_contains(found, "arn:aws-cn:lambda:cn-north-1:111122223333:function:f"));
}

TEST_CASE("A003: GovCloud and commercial regions swapped; in conditions and principals too") {
  catches("A003", with_resource(quoted("arn:aws-us-gov:sqs:us-east-1:111122223333:q")),
          "/Statement/0/Resource");
  catches("A003", with_resource(quoted("arn:aws:sqs:us-gov-west-1:111122223333:q")), "/Statement/0/Resource");
  catches("A003", with_resource(quoted("arn:aws-cn:sqs:eusc-de-east-1:111122223333:q")),
          "/Statement/0/Resource");
  catches("A003",
          with_condition("ArnEquals", "aws:SourceArn", quoted("arn:aws:sns:cn-northwest-1:111122223333:t")),
          "/Statement/0/Condition/ArnEquals/aws:SourceArn");
  // A region newer than the data maps by pattern.
  catches("A003", with_resource(quoted("arn:aws:sqs:us-gov-north-9:111122223333:q")),
          "/Statement/0/Resource");
}

TEST_CASE("A002, A003, A005, A006: a bad account does not hide the other fields") {
  catches("A002", with_resource(quoted("arn:asw:sqs:us-east-1:123:q")), "/Statement/0/Resource");
  catches("A003", with_resource(quoted("arn:aws:lambda:cn-north-1:11112222333:function:f")),
          "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:iam:us-east-1:1111-2222-3333:role/R")),
          "/Statement/0/Resource");
  catches("A006", with_resource(quoted("arn:aws:sqs:us-east-7:abc:q")), "/Statement/0/Resource");
}

TEST_CASE("A003: silent when region and partition agree or cannot be compared") {
  catches_not("A003", with_resource(R"(["arn:aws-cn:lambda:cn-north-1:111122223333:function:f",
      "arn:aws:lambda:*:111122223333:function:f", "arn:*:lambda:cn-north-1:111122223333:function:f",
      "arn:aws:lambda:${aws:RequestedRegion}:111122223333:function:f", "arn:aws:iam::111122223333:root",
      "arn:aws:sqs:us-east-7:111122223333:q", "arn:aws:sqs:useast1:111122223333:q",
      "arn:aws-moon:sqs:cn-north-1:111122223333:q"])"));
  catches_not("A003", "");
}

// ---------------------------------------------------------------------------------------------
// A004 invalid-account-id

TEST_CASE("A004: eleven digits") {
  const std::string policy = with_resource(quoted("arn:aws:sqs:us-east-1:11112222333:q"));
  catches("A004", policy, "/Statement/0/Resource");
  const auto found = findings_of("A004", policy);
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "has 11 digits"));
  CHECK(any_note_contains(found, "leading zero"));
}

TEST_CASE("A004: hyphens as the console shows the ID") {
  const auto found = findings_of("A004", with_resource(quoted("arn:aws:iam::1111-2222-3333:role/R")));
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "separators"));
  CHECK(any_note_contains(found, "\"111122223333\""));
}

TEST_CASE("A004: letters, AWS in upper case, a principal, a condition") {
  catches("A004", with_resource(quoted("arn:aws:sqs:us-east-1:abcdefghijkl:q")), "/Statement/0/Resource");
  CHECK(any_note_contains(
      findings_of("A004", with_resource(quoted("arn:aws:iam::AWS:policy/ReadOnlyAccess"))), "lower case"));
  catches("A004", with_principal(R"({"AWS": "arn:aws:iam::12345:root"})"), "/Statement/0/Principal/AWS");
  catches("A004", with_condition("ArnLike", "aws:PrincipalArn", quoted("arn:aws:iam::1234567890123:role/*")),
          "/Statement/0/Condition/ArnLike/aws:PrincipalArn");
  // Found even when another field is broken too (A001 reports that one).
  catches("A004", with_resource(quoted("arn:aws:lambda:US:12345:function:f")), "/Statement/0/Resource");
}

TEST_CASE("A004: silent on the forms an account field may take") {
  catches_not("A004", with_resource(R"(["arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:iam::aws:policy/X",
      "arn:aws:iam::partner:policy/permissions-boundary/X", "arn:aws:s3:::b", "arn:aws:sqs:*:*:q",
      "arn:aws:sqs:*:${aws:PrincipalAccount}:q", "arn:aws:sqs:*:1111*:q", "arn:aws:sqs:*"])"));
  catches_not("A004", with_resource(quoted("arn:aws:sqs:short")));  // no account field: A001
  catches_not("A004", "not json");
}

// ---------------------------------------------------------------------------------------------
// A005 misplaced-arn-field

TEST_CASE("A005: IAM and STS ARNs have no region and need an account") {
  const auto region = findings_of("A005", with_resource(quoted("arn:aws:iam:us-east-1:111122223333:role/R")));
  REQUIRE(region.size() == 1);
  CHECK(region[0].span.pointer == "/Statement/0/Resource");
  CHECK(any_message_contains(region, "region \"us-east-1\""));
  catches("A005", with_resource(quoted("arn:aws:iam:::role/R")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:sts:us-east-1:111122223333:assumed-role/R/s")),
          "/Statement/0/Resource");
  catches(
      "A005",
      with_condition("ArnEquals", "aws:PrincipalArn", quoted("arn:aws:iam:eu-west-1:111122223333:role/R")),
      "/Statement/0/Condition/ArnEquals/aws:PrincipalArn");
}

TEST_CASE("A005: S3 bucket and object ARNs have neither region nor account") {
  const auto both = findings_of("A005", with_resource(quoted("arn:aws:s3:us-east-1:111122223333:reports/*")));
  CHECK(both.size() == 2);
  CHECK(any_message_contains(both, "region \"us-east-1\""));
  CHECK(any_message_contains(both, "account \"111122223333\""));
  catches("A005", with_resource(quoted("arn:aws:s3::111122223333:reports")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:s3:us-east-1::reports/*")), "/Statement/0/Resource");
  catches("A005", with_not_resource(R"(["arn:aws:s3:::a", "arn:aws:s3:eu-west-1::b"])"),
          "/Statement/0/NotResource/1");
}

TEST_CASE("A005: typed S3 resources need their region and account") {
  catches("A005", with_resource(quoted("arn:aws:s3::111122223333:job/abc")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:s3:us-east-1::accesspoint/ap")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:s3:us-west-2::access-grants/default")),
          "/Statement/0/Resource");
}

TEST_CASE("A005: S3 forms that are fine") {
  catches_not("A005", with_resource(R"(["arn:aws:s3:::reports", "arn:aws:s3:::reports/2024/*",
      "arn:aws:s3:::job/not-a-job-but-a-bucket", "arn:aws:s3:us-west-2:111122223333:accesspoint/ap/object/k",
      "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap", "arn:aws:s3:*:*:accesspoint/*",
      "arn:aws:s3:us-east-1:111122223333:job/*", "arn:aws:s3:us-east-1:111122223333:storage-lens/x",
      "arn:aws:s3:us-east-1:111122223333:storage-lens-group/x",
      "arn:aws:s3:us-west-2:111122223333:async-request/mrap/op/t", "arn:aws:s3::*:codepipeline-*",
      "arn:aws:s3:*:*:reports", "arn:aws:s3:us-east-1:111122223333:*", "arn:aws:s3:us-east-1:111122223333:acc*",
      "arn:aws:s3:us-east-1:111122223333:${aws:username}/x", "arn:aws:s3:*"])"));
}

TEST_CASE("A005: regional services need region and account") {
  catches("A005", with_resource(quoted("arn:aws:lambda::111122223333:function:f")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:lambda:us-east-1::function:f")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:states:us-east-1::stateMachine:Orders")),
          "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:sqs::111122223333:q")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:sns:us-east-1::t")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:kms:us-east-1::key/k")), "/Statement/0/Resource");
  const auto found = findings_of("A005", with_resource(quoted("arn:aws:lambda:::function:f")));
  CHECK(found.size() == 2);
  CHECK(any_message_contains(found, "no region"));
  CHECK(any_message_contains(found, "no account"));
}

TEST_CASE("A005: DynamoDB tables are regional, global tables are not") {
  catches("A005", with_resource(quoted("arn:aws:dynamodb::111122223333:table/T")), "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:dynamodb:us-east-1:111122223333:global-table/T")),
          "/Statement/0/Resource");
  catches("A005", with_resource(quoted("arn:aws:dynamodb:::global-table/T")), "/Statement/0/Resource");
  catches_not("A005", with_resource(R"(["arn:aws:dynamodb:us-east-1:111122223333:table/T/index/*",
      "arn:aws:dynamodb::111122223333:global-table/T", "arn:aws:dynamodb:us-east-1:111122223333:*"])"));
}

TEST_CASE("A005: every service of the catalogue, by its resource types' ARN formats") {
  catches("A005", with_resource(quoted("arn:aws:ecr:us-east-1::repository/app")), "/Statement/0/Resource");
  const auto found = findings_of("A005", with_resource(quoted("arn:aws:cloudfront:us-east-1:111122223333:distribution/E1")));
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "the cloudfront resource type \"distribution\" has an empty region field"));
  CHECK(any_note_contains(found, "the form is \"arn:aws:cloudfront::${Account}:distribution/${DistributionId}\""));
  catches_not("A005", with_resource(R"(["arn:aws:cloudfront::111122223333:distribution/E1",
      "arn:aws:ecr:us-east-1:111122223333:repository/app", "arn:aws:iam::111122223333:root",
      "arn:aws:sts::111122223333:assumed-role/R/session", "arn:aws:frobnicate:us-east-1::thing/x"])"));
}

TEST_CASE("A005: silent on what it cannot judge") {
  catches_not("A005", with_resource(R"(["arn:aws:kms:*::*", "arn:*:kms:*:::*", "arn:aws:lambda:*",
      "arn:aws:states:::lambda:invoke", "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:ec2:us-east-1::image/ami-12345678", "arn:aws:iam:*:111122223333:role/R",
      "arn:aws:lambda:${aws:RequestedRegion}:${aws:PrincipalAccount}:function:f",
      "arn:aws:states:*:*:stateMachine:*", "arn:aws:sts::111122223333:self"])"));
  catches_not("A005", with_resource(quoted("arn:aws:iam:US:111122223333:role/R")));  // malformed: A001
  catches_not("A005", "{\"Statement\": 3}");
}

// ---------------------------------------------------------------------------------------------
// A006 unknown-region

TEST_CASE("A006: a region of the right shape that does not exist, with a suggestion") {
  const std::string policy = with_resource(quoted("arn:aws:sqs:us-east-7:111122223333:q"));
  catches("A006", policy, "/Statement/0/Resource");
  const auto found = findings_of("A006", policy);
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == iamsmith::Severity::Warning);
  CHECK(any_message_contains(found, "\"us-east-7\""));
  CHECK(any_message_contains(found, "partition aws ("));
  CHECK(any_note_contains(found, "did you mean \"us-east-1\""));
}

TEST_CASE("A006: a region of no partition's shape; other partitions; unknown partition") {
  const auto found = findings_of("A006", with_resource(quoted("arn:aws:sqs:useast1:111122223333:q")));
  REQUIRE(found.size() == 1);
  CHECK(any_message_contains(found, "not a region of partition aws"));
  CHECK(any_note_contains(found, "\"us-east-1\""));
  catches("A006", with_resource(quoted("arn:aws-cn:sqs:cn-north-9:111122223333:q")), "/Statement/0/Resource");
  const auto nowhere = findings_of("A006", with_resource(quoted("arn:*:sqs:global:111122223333:q")));
  CHECK(any_message_contains(nowhere, "shape of no partition"));
  catches("A006", with_condition("ArnLike", "aws:SourceArn", quoted("arn:aws:sns:eu-west-9:111122223333:t")),
          "/Statement/0/Condition/ArnLike/aws:SourceArn");
}

TEST_CASE("A006: silent on known regions, patterns and A003's cases") {
  catches_not("A006",
              with_resource(R"(["arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sqs:*:111122223333:q",
      "arn:aws:sqs:us-*:111122223333:q", "arn:aws:sqs:${aws:RequestedRegion}:111122223333:q",
      "arn:aws:s3:::b", "arn:aws:sqs:cn-north-1:111122223333:q", "arn:aws-eusc:sqs:eusc-de-east-1:111122223333:q",
      "arn:aws-iso-b:sqs:us-isob-west-1:111122223333:q"])"));
  catches_not("A006", "]");
}

TEST_CASE("A006: region values of aws:RequestedRegion and ec2:Region (Access Analyzer's Invalid region)") {
  catches("A006", with_condition("StringEquals", "aws:RequestedRegion", quoted("us-middle-9")),
          "/Statement/0/Condition/StringEquals/aws:RequestedRegion");
  catches("A006", with_condition("StringNotEquals", "ec2:Region", R"(["eu-west-1","eu-wset-1"])"),
          "/Statement/0/Condition/StringNotEquals/ec2:Region/1");
  const auto found = findings_of("A006", with_condition("StringEquals", "aws:RequestedRegion", quoted("us-east-7")));
  CHECK(any_note_contains(found, "did you mean \"us-east-1\""));
  catches_not("A006", with_condition("StringEquals", "aws:RequestedRegion", R"(["us-east-1","cn-north-1"])"));
  catches_not("A006", with_condition("StringLike", "aws:RequestedRegion", quoted("eu-*")));
  catches_not("A006", with_condition("StringEquals", "aws:RequestedRegion", quoted("${aws:PrincipalTag/region}")));
  catches_not("A006", with_condition("StringEquals", "aws:PrincipalTag/region", quoted("us-middle-9")));
  // A known region of another partition than --partition's names no region the policy can act in.
  iamsmith::LintContext china;
  china.partition = "aws-cn";
  catches("A006", with_condition("StringEquals", "aws:RequestedRegion", quoted("us-east-1")),
          "/Statement/0/Condition/StringEquals/aws:RequestedRegion", china);
  catches_not("A006", with_condition("StringEquals", "aws:RequestedRegion", quoted("cn-north-1")), china);
}
