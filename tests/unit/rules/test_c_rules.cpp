// Edge cases of the C rules (conditions): C001 unknown-operator ... C007 policy-variable-misuse.

#include <string>
#include <string_view>

#include "rule_test_support.hpp"

namespace {

using iamsmith::test::catches;
using iamsmith::test::catches_not;
using iamsmith::test::findings_of;

// A policy with one statement of `effect` whose Condition is `condition` (a JSON object).
std::string with_condition(std::string_view condition, std::string_view effect = "Allow") {
  return R"j({"Version":"2012-10-17","Statement":[{"Effect":")j" + std::string(effect) +
         R"j(","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*","Condition":)j" + std::string(condition) +
         "}]}";
}

// The messages and notes of one rule's findings, joined.
std::string all_text(std::string_view rule, std::string_view doc) {
  std::string out;
  for (const auto& d : findings_of(rule, doc)) {
    out += d.message + "\n";
    for (const auto& n : d.notes) out += "  " + n.message + "\n";
  }
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

}  // namespace

// ---------------------------------------------------------------------------------------- C001

TEST_CASE("C001: a misspelt operator is flagged at its key, with did-you-mean") {
  const std::string typo = with_condition(R"j({"StringEqual":{"aws:PrincipalAccount":"111122223333"}})j");
  catches("C001", typo, "/Statement/0/Condition/StringEqual");
  CHECK(contains(all_text("C001", typo), "did you mean \"StringEquals\"?"));
}

TEST_CASE("C001: operator names are case-sensitive") {
  const std::string lower = with_condition(R"j({"stringequals":{"aws:PrincipalAccount":"111122223333"}})j");
  catches("C001", lower, "/Statement/0/Condition/stringequals");
  const std::string text = all_text("C001", lower);
  CHECK(contains(text, "did you mean \"StringEquals\"?"));
  CHECK(contains(text, "case-sensitive"));
}

TEST_CASE("C001: IfExists and set qualifiers are understood") {
  catches_not("C001", with_condition(R"j({"StringLikeIfExists":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}})j"));
  catches_not("C001", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}})j"));
  catches_not("C001", with_condition(R"j({"ForAnyValue:StringLikeIfExists":{"aws:TagKeys":["a*"]}})j"));
  catches_not("C001", with_condition(R"j({"ForAnyValue:ArnNotLike":{"aws:CalledVia":["x"]}})j"));
  catches_not("C001", with_condition(R"j({"BinaryEquals":{"k:k":"QQ=="},"NotIpAddress":{"aws:SourceIp":"1.2.3.4"}})j"));
  // NullIfExists is C005's finding, not an unknown operator.
  catches_not("C001", with_condition(R"j({"NullIfExists":{"aws:TokenIssueTime":"true"}})j"));
}

TEST_CASE("C001: a wrong qualifier, a bare suffix and a doubled suffix are unknown") {
  const std::string qualifier = with_condition(R"j({"ForAllValue:StringEquals":{"aws:TagKeys":["a"]}})j");
  catches("C001", qualifier, "/Statement/0/Condition/ForAllValue:StringEquals");
  CHECK(contains(all_text("C001", qualifier), "did you mean \"ForAllValues:StringEquals\"?"));
  catches("C001", with_condition(R"j({"IfExists":{"aws:TagKeys":"a"}})j"), "/Statement/0/Condition/IfExists");
  catches("C001", with_condition(R"j({"StringEqualsIfExistsIfExists":{"aws:TagKeys":"a"}})j"),
          "/Statement/0/Condition/StringEqualsIfExistsIfExists");
  catches("C001", with_condition(R"j({"Foo:StringEquals":{"aws:TagKeys":"a"}})j"),
          "/Statement/0/Condition/Foo:StringEquals");
  // Far from everything: no suggestion, but the qualifier hint.
  const std::string far = with_condition(R"j({"Whatever:Zzzzzzzzzzzzzzzzz":{"aws:TagKeys":"a"}})j");
  catches("C001", far, "/Statement/0/Condition/Whatever:Zzzzzzzzzzzzzzzzz");
  CHECK(contains(all_text("C001", far), "ForAllValues:"));
}

TEST_CASE("C001: no condition, a non-JSON file and a null policy are silent") {
  catches_not("C001", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]})j");
  catches_not("C001", "not json");
  catches_not("C001", R"j({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Condition":"x"}]})j");
}

// ---------------------------------------------------------------------------------------- C002

TEST_CASE("C002: Bool and Null take true or false, as strings or JSON booleans") {
  catches("C002", with_condition(R"j({"Bool":{"aws:SecureTransport":"yes"}})j"),
          "/Statement/0/Condition/Bool/aws:SecureTransport");
  catches("C002", with_condition(R"j({"Null":{"aws:TokenIssueTime":["true","maybe"]}})j"),
          "/Statement/0/Condition/Null/aws:TokenIssueTime/1");
  catches("C002", with_condition(R"j({"BoolIfExists":{"aws:MultiFactorAuthPresent":1}})j"),
          "/Statement/0/Condition/BoolIfExists/aws:MultiFactorAuthPresent");
  catches_not("C002", with_condition(R"j({"Bool":{"aws:SecureTransport":true},"Null":{"aws:TokenIssueTime":"false"}})j"));
  catches_not("C002", with_condition(R"j({"Bool":{"aws:SecureTransport":"False"}})j"));
  // Bool substitutes policy variables.
  catches_not("C002", with_condition(R"j({"Bool":{"aws:SecureTransport":"${aws:PrincipalTag/secure}"}})j"));
}

TEST_CASE("C002: Numeric operators take integers and decimals") {
  catches("C002", with_condition(R"j({"NumericLessThan":{"s3:max-keys":"ten"}})j"),
          "/Statement/0/Condition/NumericLessThan/s3:max-keys");
  catches("C002", with_condition(R"j({"NumericEquals":{"s3:max-keys":true}})j"),
          "/Statement/0/Condition/NumericEquals/s3:max-keys");
  catches("C002", with_condition(R"j({"NumericEquals":{"s3:max-keys":"1.2.3"}})j"),
          "/Statement/0/Condition/NumericEquals/s3:max-keys");
  catches_not("C002", with_condition(R"j({"NumericLessThanEquals":{"s3:max-keys":["10","-1.5",3600,"1e3"]}})j"));
  // A variable is C007's to report, not this rule's.
  catches_not("C002", with_condition(R"j({"NumericEquals":{"s3:max-keys":"${aws:PrincipalTag/n}"}})j"));
}

TEST_CASE("C002: Date operators take ISO 8601 dates or epoch seconds") {
  catches("C002", with_condition(R"j({"DateGreaterThan":{"aws:CurrentTime":"yesterday"}})j"),
          "/Statement/0/Condition/DateGreaterThan/aws:CurrentTime");
  catches("C002", with_condition(R"j({"DateLessThan":{"aws:CurrentTime":"2026-13-01T00:00:00Z"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches("C002", with_condition(R"j({"DateLessThan":{"aws:CurrentTime":"2026-01-01T25:00:00Z"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches("C002", with_condition(R"j({"DateLessThan":{"aws:CurrentTime":"01/02/2026"}})j"),
          "/Statement/0/Condition/DateLessThan/aws:CurrentTime");
  catches("C002", with_condition(R"j({"DateEquals":{"aws:CurrentTime":false}})j"),
          "/Statement/0/Condition/DateEquals/aws:CurrentTime");
  catches_not("C002", with_condition(R"j({"DateGreaterThan":{"aws:TokenIssueTime":[
      "2020-01-01T00:00:01Z","2026","2026-03","2026-03-04","2026-03-04T05:06+01:00",
      "2026-03-04T05:06:07.123-08:00","2026-03-04T05:06:07","1700000000",1700000000]}})j"));
}

TEST_CASE("C002: IP address operators take IPv4 and IPv6 addresses and CIDR ranges") {
  catches("C002", with_condition(R"j({"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  catches("C002", with_condition(R"j({"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","300.1.1.1"]}})j"),
          "/Statement/0/Condition/NotIpAddress/aws:SourceIp/1");
  catches("C002", with_condition(R"j({"IpAddress":{"aws:SourceIp":"2001:db8::/129"}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  catches("C002", with_condition(R"j({"IpAddress":{"aws:SourceIp":"10.0.0.0/x"}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  catches("C002", with_condition(R"j({"IpAddress":{"aws:SourceIp":42}})j"),
          "/Statement/0/Condition/IpAddress/aws:SourceIp");
  catches_not("C002", with_condition(
                          R"j({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","203.0.113.7","2001:DB8:1234:5678::/64","::1"]}})j"));
}

TEST_CASE("C002: BinaryEquals takes base64") {
  catches("C002", with_condition(R"j({"BinaryEquals":{"k:k":"not base64!"}})j"),
          "/Statement/0/Condition/BinaryEquals/k:k");
  catches("C002", with_condition(R"j({"BinaryEquals":{"k:k":"QQ="}})j"), "/Statement/0/Condition/BinaryEquals/k:k");
  catches("C002", with_condition(R"j({"BinaryEquals":{"k:k":""}})j"), "/Statement/0/Condition/BinaryEquals/k:k");
  catches_not("C002", with_condition(R"j({"BinaryEquals":{"k:k":["QmluYXJ5VmFsdWVJbkJhc2U2NA==","QUJD","QQ=="]}})j"));
}

TEST_CASE("C002: String operators take anything, ARN operators ARNs; unknown operators are C001's") {
  // StringEquals on a Numeric key compares text: C016's finding, not C002's.
  catches_not("C002", with_condition(R"j({"StringEquals":{"s3:max-keys":10},"ArnLike":{"aws:SourceArn":"arn:x"}})j"));
  catches_not("C002", with_condition(R"j({"NumericEqual":{"s3:max-keys":"ten"}})j"));
  catches_not("C002", "not json");
}

TEST_CASE("C002: an operator of another type than the key's declared one, at the key") {
  const std::string ip = with_condition(R"j({"NumericLessThan":{"aws:SourceIp":"10"}})j");
  catches("C002", ip, "/Statement/0/Condition/NumericLessThan/aws:SourceIp");
  CHECK(contains(all_text("C002", ip), "is of type IPAddress"));
  CHECK(contains(all_text("C002", ip), "use IpAddress and NotIpAddress"));
  catches("C002", with_condition(R"j({"Bool":{"s3:x-amz-acl":"true"}})j"), "/Statement/0/Condition/Bool/s3:x-amz-acl");
  catches("C002", with_condition(R"j({"DateGreaterThan":{"aws:SourceAccount":"2026-01-01"}})j"),
          "/Statement/0/Condition/DateGreaterThan/aws:SourceAccount");
  catches("C002", with_condition(R"j({"IpAddress":{"AWS:SourceVpc":"10.0.0.0/8"}})j"),
          "/Statement/0/Condition/IpAddress/AWS:SourceVpc");
  // One finding for the entry, not one more per value.
  CHECK(findings_of("C002", with_condition(R"j({"NumericEquals":{"aws:SourceIp":["a","b"]}})j")).size() == 1);
}

TEST_CASE("C002: operators that fit the key's type, and keys it does not know") {
  catches_not("C002", with_condition(R"j({"Bool":{"aws:SecureTransport":"false","aws:MultiFactorAuthPresent":true},
      "NumericLessThan":{"aws:EpochTime":1700000000,"s3:max-keys":"10","aws:MultiFactorAuthAge":"3600"},
      "DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z","aws:TokenIssueTime":"2026-01-01"},
      "IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"StringEquals":{"aws:SecureTransport":"true"},
      "Null":{"aws:SourceIp":"true"},"ArnLike":{"aws:SourceVpcArn":"arn:aws:ec2:*:*:vpc/*"}})j"));
  catches_not("C002", with_condition(R"j({"NumericEquals":{"acme:Count":"1"},"Bool":{"s3:NoSuchKey":"true"}})j"));
}

// ---------------------------------------------------------------------------------------- C003

TEST_CASE("C003: a misspelt global key is flagged at the key, with did-you-mean") {
  const std::string typo = with_condition(R"j({"StringEquals":{"aws:SourceAccout":"111122223333"}})j");
  catches("C003", typo, "/Statement/0/Condition/StringEquals/aws:SourceAccout");
  CHECK(contains(all_text("C003", typo), "did you mean \"aws:SourceAccount\"?"));
  catches("C003", with_condition(R"j({"StringEquals":{"aws:PrincipalOrgIds":"o-1"}})j"),
          "/Statement/0/Condition/StringEquals/aws:PrincipalOrgIds");
  const std::string tag = with_condition(R"j({"StringEquals":{"aws:RequestTags/Team":"x"}})j");
  catches("C003", tag, "/Statement/0/Condition/StringEquals/aws:RequestTags~1Team");
  CHECK(contains(all_text("C003", tag), "did you mean \"aws:RequestTag\"?"));
}

TEST_CASE("C003: keys are case-insensitive, and newer keys are known") {
  catches_not("C003", with_condition(R"j({"StringEquals":{
      "AWS:SourceAccount":"1","aws:sourceorgid":"o-1","aws:SourceOrgPaths":"o-1/","aws:PrincipalIsAWSService":"true",
      "aws:ResourceOrgID":"o-1","aws:ResourceOrgPaths":"o-1/","aws:ResourceAccount":"1","aws:VpceAccount":"1",
      "aws:VpceOrgID":"o-1","aws:VpceOrgPaths":"o-1/","aws:CalledVia":"x","aws:CalledViaFirst":"x",
      "aws:CalledViaLast":"x","aws:ViaAWSService":"true","aws:Ec2InstanceSourceVpc":"vpc-1",
      "aws:EC2InstanceSourcePrivateIPv4":"10.0.0.1","aws:SourceIdentity":"x","aws:FederatedProvider":"x",
      "aws:AssumedRoot":"true","aws:ChatbotSourceArn":"x","aws:SourceVpcArn":"x","aws:Referer":"x",
      "aws:PrincipalOrgMasterAccountId":"1","AWS:SourceOwner":"1","aws:IsMcpServiceAction":"true"}})j"));
}

TEST_CASE("C003: tag keys need a tag name") {
  catches_not("C003", with_condition(
                          R"j({"StringEquals":{"aws:RequestTag/Team":"a","aws:ResourceTag/x/y":"b","aws:PrincipalTag/c":"d","aws:TagKeys":"e"}})j"));
  const std::string bare = with_condition(R"j({"StringEquals":{"aws:ResourceTag":"a"}})j");
  catches("C003", bare, "/Statement/0/Condition/StringEquals/aws:ResourceTag");
  CHECK(contains(all_text("C003", bare), "names no tag key"));
  catches("C003", with_condition(R"j({"StringEquals":{"aws:PrincipalTag/":"a"}})j"),
          "/Statement/0/Condition/StringEquals/aws:PrincipalTag~1");
}

TEST_CASE("C003: aws:ARN is unsupported") {
  const std::string arn = with_condition(R"j({"ArnEquals":{"aws:ARN":"arn:aws:iam::1:role/x"}})j");
  catches("C003", arn, "/Statement/0/Condition/ArnEquals/aws:ARN");
  CHECK(contains(all_text("C003", arn), "aws:PrincipalArn"));
  catches_not("C003", "not json");
}

TEST_CASE("C003: a key its service does not have, with did-you-mean") {
  const std::string typo = with_condition(R"j({"StringLike":{"s3:prefx":"home/*"}})j");
  catches("C003", typo, "/Statement/0/Condition/StringLike/s3:prefx");
  CHECK(contains(all_text("C003", typo), "is not a condition key of Amazon S3 (s3)"));
  CHECK(contains(all_text("C003", typo), "did you mean \"s3:prefix\"?"));
  const std::string tag = with_condition(R"j({"StringEquals":{"s3:ExistingObjectTags/team":"x"}})j");
  catches("C003", tag, "/Statement/0/Condition/StringEquals/s3:ExistingObjectTags~1team");
  CHECK(contains(all_text("C003", tag), "did you mean \"s3:ExistingObjectTag\"?"));
  catches("C003", with_condition(R"j({"StringEquals":{"s3:ExistingObjectTag":"x"}})j"),
          "/Statement/0/Condition/StringEquals/s3:ExistingObjectTag");
}

TEST_CASE("C003: service keys it knows, and prefixes that are no service") {
  catches_not("C003", with_condition(R"j({"StringEquals":{"s3:prefix":"a","sts:ExternalId":"b","awsx:y":"z",
      "S3:EXISTINGOBJECTTAG/team":"t","kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::b",
      "ssm:resourceTag/env":"prod","secretsmanager:ResourceTag/env":"prod","ec2:SourceInstanceArn":"x",
      "saml:aud":"https://signin.aws.amazon.com/saml","accounts.google.com:sub":"1",
      "token.actions.githubusercontent.com:sub":"repo:o/r:*","lakeformation:GlueARN":"x"}})j"));
}

// ---------------------------------------------------------------------------------------- C004

TEST_CASE("C004: ForAllValues in an Allow is flagged at the key") {
  catches("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
  catches("C004", with_condition(R"j({"ForAllValues:StringNotLike":{"aws:CalledVia":["x*"]}})j"),
          "/Statement/0/Condition/ForAllValues:StringNotLike/aws:CalledVia");
  // IfExists does not help: it is true for a missing key too.
  catches("C004", with_condition(R"j({"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":["a"]}})j"),
          "/Statement/0/Condition/ForAllValues:StringEqualsIfExists/aws:TagKeys");
  // A Null check on another key, a "true" Null check, or a negated operator on the key do not
  // require it.
  catches("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"Null":{"aws:CalledVia":"false"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
  catches("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"Null":{"aws:TagKeys":"true"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
  catches("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"StringNotEquals":{"aws:TagKeys":"z"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
}

TEST_CASE("C004: a Null check or a presence requirement in the Allow silences it") {
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"Null":{"AWS:TagKeys":"false"}})j"));
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"Null":{"aws:TagKeys":false}})j"));
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"ForAnyValue:StringEquals":{"aws:TagKeys":["a"]}})j"));
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["Team"]},"StringEquals":{"aws:RequestTag/Team":"x"}})j"));
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["Team"]},"Null":{"aws:RequestTag/Team":"false"}})j"));
  // A required request tag says nothing about other multivalued keys.
  catches("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:CalledVia":["x"]},"StringEquals":{"aws:RequestTag/Team":"x"}})j"),
          "/Statement/0/Condition/ForAllValues:StringEquals/aws:CalledVia");
  // ForAllValues in a Deny, and ForAnyValue in an Allow, are fine.
  catches_not("C004", with_condition(R"j({"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}})j", "Deny"));
  catches_not("C004", with_condition(R"j({"ForAnyValue:StringEquals":{"aws:CalledVia":["a"]}})j"));
}

TEST_CASE("C004: ForAnyValue in a Deny is flagged unless absence is denied too") {
  catches("C004", with_condition(R"j({"ForAnyValue:StringEquals":{"aws:CalledVia":["athena.amazonaws.com"]}})j", "Deny"),
          "/Statement/0/Condition/ForAnyValue:StringEquals/aws:CalledVia");
  catches_not("C004", with_condition(R"j({"ForAnyValue:StringEqualsIfExists":{"aws:CalledVia":["x"]}})j", "Deny"));
  // aws:TagKeys: a request without tags has nothing for a tag-key Deny to refuse.
  catches_not("C004", with_condition(R"j({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}})j", "Deny"));
  const std::string with_null_deny =
      R"j({"Version":"2012-10-17","Statement":[
        {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:CalledVia":["x"]}}},
        {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Null":{"aws:calledvia":"true"}}}]})j";
  catches_not("C004", with_null_deny);
  catches_not("C004", "not json");
}

// ---------------------------------------------------------------------------------------- C005

TEST_CASE("C005: NullIfExists is flagged at the operator, with or without a qualifier") {
  catches("C005", with_condition(R"j({"NullIfExists":{"aws:TokenIssueTime":"true"}})j"),
          "/Statement/0/Condition/NullIfExists");
  catches("C005", with_condition(R"j({"ForAnyValue:NullIfExists":{"aws:TagKeys":"true"}})j"),
          "/Statement/0/Condition/ForAnyValue:NullIfExists");
  catches_not("C005", with_condition(R"j({"Null":{"aws:TokenIssueTime":"true"},"BoolIfExists":{"aws:SecureTransport":"true"}})j"));
  // Misspelt forms are C001's.
  catches_not("C005", with_condition(R"j({"nullIfExists":{"aws:TokenIssueTime":"true"}})j"));
  catches_not("C005", with_condition(R"j({"Foo:NullIfExists":{"aws:TokenIssueTime":"true"}})j"));
  catches_not("C005", "not json");
}

// ---------------------------------------------------------------------------------------- C006

TEST_CASE("C006: a key repeated in another case under one operator is flagged at the repeat") {
  const std::string doc =
      with_condition(R"j({"StringEquals":{"aws:SourceAccount":"1","aws:PrincipalArn":"x","AWS:SOURCEACCOUNT":"2"}})j");
  catches("C006", doc, "/Statement/0/Condition/StringEquals/AWS:SOURCEACCOUNT");
  const auto found = findings_of("C006", doc);
  REQUIRE(found.size() == 1);
  REQUIRE_FALSE(found[0].notes.empty());
  REQUIRE(found[0].notes[0].span.has_value());
  CHECK(found[0].notes[0].span->pointer == "/Statement/0/Condition/StringEquals/aws:SourceAccount");
}

TEST_CASE("C006: three spellings give two findings; exact duplicates and other operators are silent") {
  const std::string three = with_condition(R"j({"StringEquals":{"aws:TagKeys":"a","AWS:TagKeys":"b","aws:tagkeys":"c"}})j");
  CHECK(findings_of("C006", three).size() == 2);
  // Exactly equal keys are P003's.
  catches_not("C006", with_condition(R"j({"StringEquals":{"aws:TagKeys":"a","aws:TagKeys":"b"}})j"));
  catches_not("C006", with_condition(R"j({"StringEquals":{"aws:TagKeys":"a"},"StringLike":{"AWS:TagKeys":"b"}})j"));
  catches_not("C006", "not json");
}

// ---------------------------------------------------------------------------------------- C007

TEST_CASE("C007: a policy variable under Numeric, Date, IpAddress, Binary or Null is flagged at the value") {
  catches("C007", with_condition(R"j({"NumericLessThan":{"s3:max-keys":"${aws:PrincipalTag/max}"}})j"),
          "/Statement/0/Condition/NumericLessThan/s3:max-keys");
  catches("C007", with_condition(R"j({"DateGreaterThan":{"aws:CurrentTime":["2026-01-01","${aws:TokenIssueTime}"]}})j"),
          "/Statement/0/Condition/DateGreaterThan/aws:CurrentTime/1");
  catches("C007", with_condition(R"j({"IpAddressIfExists":{"aws:SourceIp":"${aws:PrincipalTag/cidr}"}})j"),
          "/Statement/0/Condition/IpAddressIfExists/aws:SourceIp");
  catches("C007", with_condition(R"j({"BinaryEquals":{"k:k":"${aws:username}"}})j"),
          "/Statement/0/Condition/BinaryEquals/k:k");
  catches("C007", with_condition(R"j({"Null":{"aws:TagKeys":"${aws:username}"}})j"),
          "/Statement/0/Condition/Null/aws:TagKeys");
  const std::string text = all_text("C007", with_condition(R"j({"NumericEquals":{"s3:max-keys":"1${aws:userid}"}})j"));
  CHECK(contains(text, "\"${aws:userid}\""));
}

TEST_CASE("C007: String, ARN and Bool operators substitute variables; escapes are not variables") {
  catches_not("C007", with_condition(R"j({"StringLike":{"s3:prefix":"home/${aws:username}/*"},
      "ArnEquals":{"aws:SourceArn":"arn:aws:sns:us-east-1:${aws:PrincipalAccount}:t"},
      "Bool":{"aws:SecureTransport":"${aws:PrincipalTag/t}"}})j"));
  catches_not("C007", with_condition(R"j({"NumericEquals":{"s3:max-keys":"${*}"},"DateEquals":{"aws:CurrentTime":"${?}${$}"}})j"));
  catches_not("C007", with_condition(R"j({"NumericEquals":{"s3:max-keys":"${unterminated"}})j"));
  catches_not("C007", with_condition(R"j({"NumericEqual":{"s3:max-keys":"${aws:username}"}})j"));
  catches_not("C007", "not json");
}
