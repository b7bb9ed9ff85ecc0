// The ARN parser: every partition, every error, policy variables, wildcards, abbreviated ARNs.

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "iamsmith/arn.hpp"

using iamsmith::Arn;
using iamsmith::ArnError;
using iamsmith::parse_arn;

namespace {

Arn parsed(std::string_view text) {
  const iamsmith::ArnResult result = parse_arn(text);
  INFO("input: ", text);
  REQUIRE(result);
  return result.value();
}

ArnError error_of(std::string_view text) {
  const iamsmith::ArnResult result = parse_arn(text);
  INFO("input: ", text);
  REQUIRE_FALSE(result);
  return result.error();
}

}  // namespace

TEST_CASE("arn: a Step Functions state machine ARN splits into its six fields") {
  const Arn arn = parsed("arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
  CHECK(arn.partition == "aws");
  CHECK(arn.service == "states");
  CHECK(arn.region == "us-east-1");
  CHECK(arn.account == "123456789012");
  CHECK(arn.resource == "stateMachine:Orders");
  CHECK(arn.resource_type() == "stateMachine");
  CHECK(arn.resource_id() == "Orders");
  CHECK_FALSE(arn.has_wildcard());
  CHECK_FALSE(arn.has_variable());
  CHECK(arn.to_string() == "arn:aws:states:us-east-1:123456789012:stateMachine:Orders");
}

TEST_CASE("arn: valid ARNs from every partition parse with their partition field") {
  struct Case {
    std::string_view text;
    std::string_view partition;
    std::string_view region;
  };
  const Case cases[] = {
      {"arn:aws:lambda:eu-west-1:123456789012:function:f", "aws", "eu-west-1"},
      {"arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "aws-cn", "cn-north-1"},
      {"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f", "aws-us-gov", "us-gov-west-1"},
      {"arn:aws-iso:lambda:us-iso-east-1:123456789012:function:f", "aws-iso", "us-iso-east-1"},
      {"arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:f", "aws-iso-b", "us-isob-east-1"},
      {"arn:aws-iso-e:lambda:eu-isoe-west-1:123456789012:function:f", "aws-iso-e", "eu-isoe-west-1"},
      {"arn:aws-iso-f:lambda:us-isof-south-1:123456789012:function:f", "aws-iso-f", "us-isof-south-1"},
      {"arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f", "aws-eusc", "eusc-de-east-1"},
  };
  for (const Case& c : cases) {
    const Arn arn = parsed(c.text);
    CHECK(arn.partition == c.partition);
    CHECK(arn.region == c.region);
    CHECK(arn.service == "lambda");
    CHECK(arn.resource_type() == "function");
    CHECK(arn.resource_id() == "f");
    CHECK(arn.to_string() == c.text);
  }
}

TEST_CASE("arn: an unknown but well-formed partition is not a parse error") {
  // Whether the partition exists is the linter's question (partition.hpp), not the parser's.
  CHECK(parsed("arn:aws-xyz:s3:::bucket").partition == "aws-xyz");
}

TEST_CASE("arn: S3 bucket and object ARNs have an empty region and account") {
  const Arn bucket = parsed("arn:aws:s3:::amzn-s3-demo-bucket");
  CHECK(bucket.region.empty());
  CHECK(bucket.account.empty());
  CHECK(bucket.resource == "amzn-s3-demo-bucket");
  CHECK(bucket.resource_type().empty());
  CHECK(bucket.resource_id() == "amzn-s3-demo-bucket");

  const Arn object = parsed("arn:aws:s3:::amzn-s3-demo-bucket/reports/2024:q1.csv");
  CHECK(object.resource == "amzn-s3-demo-bucket/reports/2024:q1.csv");
  CHECK(object.resource_type() == "amzn-s3-demo-bucket");
  CHECK(object.resource_id() == "reports/2024:q1.csv");
}

TEST_CASE("arn: IAM ARNs have an empty region and keep the role path in the resource") {
  const Arn role = parsed("arn:aws:iam::123456789012:role/service-role/path/StepFunctionsRole");
  CHECK(role.region.empty());
  CHECK(role.account == "123456789012");
  CHECK(role.resource_type() == "role");
  CHECK(role.resource_id() == "service-role/path/StepFunctionsRole");
}

TEST_CASE("arn: AWS managed policy ARNs have the account 'aws'") {
  const Arn arn = parsed("arn:aws:iam::aws:policy/service-role/AWSLambdaRole");
  CHECK(arn.account == "aws");
  CHECK(arn.resource_type() == "policy");
  CHECK(arn.resource_id() == "service-role/AWSLambdaRole");
  // AWS Partner permission boundaries live in the "partner" namespace.
  CHECK(parsed("arn:aws:iam::partner:policy/permissions-boundary/example.com/B_2026").account == "partner");
}

TEST_CASE("arn: the resource part keeps every further ':' and '/'") {
  const Arn arn = parsed("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*");
  CHECK(arn.region == "us-east-1");
  CHECK(arn.account == "123456789012");
  CHECK(arn.resource == "log-group:/aws/lambda/f:*");
  CHECK(arn.resource_type() == "log-group");
  CHECK(arn.resource_id() == "/aws/lambda/f:*");
}

TEST_CASE("arn: variable with colon does not split fields") {
  const Arn arn = parsed("arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}");
  CHECK(arn.partition == "aws");
  CHECK(arn.service == "iam");
  CHECK(arn.region.empty());
  CHECK(arn.account == "${aws:PrincipalAccount}");
  CHECK(arn.resource == "user/${aws:username}");
  CHECK(arn.has_variable());
  CHECK_FALSE(arn.has_wildcard());

  const Arn kms = parsed("arn:*:kms:*:${aws:PrincipalAccount}:key/*");
  CHECK(kms.account == "${aws:PrincipalAccount}");
  CHECK(kms.resource == "key/*");
}

TEST_CASE("arn: the resource type split skips separators inside a variable") {
  const Arn arn = parsed("arn:aws:s3:::${aws:PrincipalTag/team}/data");
  CHECK(arn.resource_type() == "${aws:PrincipalTag/team}");
  CHECK(arn.resource_id() == "data");
}

TEST_CASE("arn: an unclosed ${ is literal text, and its ':' splits fields") {
  const Arn arn = parsed("arn:aws:s3:::x${aws:y");
  CHECK(arn.resource == "x${aws:y");
  CHECK_FALSE(arn.has_variable());
  // Here the colon splits "${aws:Principal" so that the account field is "${aws".
  CHECK(error_of("arn:aws:iam::${aws:Principal") == ArnError::InvalidAccount);
}

TEST_CASE("arn: wildcards are recognised in every field") {
  CHECK(parsed("arn:*:s3:::bucket").has_wildcard());
  CHECK(parsed("arn:aws:*:us-east-1:123456789012:thing").has_wildcard());
  CHECK(parsed("arn:aws:sqs:*:123456789012:queue").has_wildcard());
  CHECK(parsed("arn:aws:sqs:us-east-?:123456789012:queue").has_wildcard());
  CHECK(parsed("arn:aws:iam::*:role/*").account == "*");
  CHECK(parsed("arn:aws:iam::1234567890??:role/x").has_wildcard());
  CHECK(parsed("arn:aws:s3:::bucket/*").has_wildcard());
  CHECK(parsed("arn:aws-*:s3:::bucket").partition == "aws-*");
}

TEST_CASE("arn: ${*} and ${?} are literal characters, not wildcards") {
  const Arn arn = parsed("arn:aws:s3:::bucket/file${?}name${*}");
  CHECK_FALSE(arn.has_wildcard());
  CHECK(arn.has_variable());
}

TEST_CASE("arn: an abbreviated ARN ending in '*' stands for the missing fields") {
  const Arn arn = parsed("arn:aws:ec2:*");
  CHECK(arn.service == "ec2");
  CHECK(arn.region == "*");
  CHECK(arn.account == "*");
  CHECK(arn.resource == "*");
  CHECK(arn.field_count == 4);
  CHECK(arn.to_string() == "arn:aws:ec2:*");
  CHECK(parsed("arn:aws:iam::*").resource == "*");
  CHECK(error_of("arn:aws:ec2:us-east-1") == ArnError::TooFewFields);
}

TEST_CASE("arn: an empty resource parses, as in AWS's own managed policies") {
  // AmazonDevOpsGuruOrganizationsAccess grants organizations:* on "arn:aws:organizations::*:".
  const Arn arn = parsed("arn:aws:organizations::*:");
  CHECK(arn.resource.empty());
  CHECK(arn.account == "*");
}

TEST_CASE("arn: each error code for a realistic bad input") {
  CHECK(error_of("") == ArnError::MissingPrefix);
  CHECK(error_of("*") == ArnError::MissingPrefix);
  CHECK(error_of("ARN:aws:s3:::bucket") == ArnError::MissingPrefix);
  CHECK(error_of("amzn-s3-demo-bucket") == ArnError::MissingPrefix);
  CHECK(error_of("arn:aws:s3") == ArnError::TooFewFields);
  CHECK(error_of("arn:aws:sqs:us-east-1:123456789012") == ArnError::TooFewFields);
  CHECK(error_of("arn::s3:::bucket") == ArnError::EmptyPartition);
  CHECK(error_of("arn:AWS:s3:::bucket") == ArnError::InvalidPartition);
  CHECK(error_of("arn:aws_cn:s3:::bucket") == ArnError::InvalidPartition);
  CHECK(error_of("arn:aws::us-east-1:123456789012:thing") == ArnError::EmptyService);
  CHECK(error_of("arn:aws:States:us-east-1:123456789012:stateMachine:x") == ArnError::InvalidService);
  CHECK(error_of("arn:aws:sqs:US-EAST-1:123456789012:queue") == ArnError::InvalidRegion);
  CHECK(error_of("arn:aws:sqs:us east 1:123456789012:queue") == ArnError::InvalidRegion);
  CHECK(error_of("arn:aws:iam::12345678901:role/x") == ArnError::InvalidAccount);
  CHECK(error_of("arn:aws:iam::1234-5678-9012:role/x") == ArnError::InvalidAccount);
  CHECK(error_of("arn:aws:iam::ACCOUNT_ID:role/x") == ArnError::InvalidAccount);
}

TEST_CASE("arn: every error has a message") {
  for (const ArnError error : {ArnError::MissingPrefix, ArnError::TooFewFields, ArnError::EmptyPartition,
                               ArnError::InvalidPartition, ArnError::EmptyService, ArnError::InvalidService,
                               ArnError::InvalidRegion, ArnError::InvalidAccount}) {
    CHECK_FALSE(iamsmith::arn_error_message(error).empty());
  }
  CHECK(iamsmith::arn_error_message(ArnError::MissingPrefix) == "an ARN starts with \"arn:\"");
}

TEST_CASE("arn: asking a result for the wrong alternative throws") {
  CHECK_THROWS_AS((void)parse_arn("nope").value(), std::logic_error);
  CHECK_THROWS_AS((void)parse_arn("arn:aws:s3:::b").error(), std::logic_error);
}

TEST_CASE("arn: is_account_id accepts exactly twelve ASCII digits") {
  CHECK(iamsmith::is_account_id("123456789012"));
  CHECK(iamsmith::is_account_id("000000000000"));
  CHECK_FALSE(iamsmith::is_account_id("12345678901"));
  CHECK_FALSE(iamsmith::is_account_id("1234567890123"));
  CHECK_FALSE(iamsmith::is_account_id("1234-5678-9012"));
  CHECK_FALSE(iamsmith::is_account_id("12345678901a"));
  CHECK_FALSE(iamsmith::is_account_id(""));
  CHECK_FALSE(iamsmith::is_account_id("１23456789012"));  // full-width digit one
}
