#include <doctest/doctest.h>

#include <string>

#include "iamsmith/generate.hpp"

namespace {

using iamsmith::gen::ResolveContext;
using iamsmith::gen::TargetKind;

const ResolveContext kContext{"aws", "us-east-1", "111122223333", ""};

std::string arn(TargetKind kind, const std::string& value, const ResolveContext& ctx = kContext) {
  const auto r = iamsmith::gen::resolve_target(kind, value, ctx);
  REQUIRE_MESSAGE(r.target.has_value(), value, ": ", r.error);
  return r.target->arn;
}

std::string error(TargetKind kind, const std::string& value) {
  const auto r = iamsmith::gen::resolve_target(kind, value, kContext);
  CHECK_FALSE(r.target.has_value());
  return r.error;
}

TEST_CASE("generate: Lambda FunctionName in every form") {
  // A bare name resolves in the target role's account and the state machine's region.
  CHECK(arn(TargetKind::LambdaFunction, "Echo") == "arn:aws:lambda:us-east-1:111122223333:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "Echo:prod") == "arn:aws:lambda:us-east-1:111122223333:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "Echo:7") == "arn:aws:lambda:us-east-1:111122223333:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "Echo:$LATEST") == "arn:aws:lambda:us-east-1:111122223333:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "444455556666:function:Echo") ==
        "arn:aws:lambda:us-east-1:444455556666:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "444455556666:function:Echo:live") ==
        "arn:aws:lambda:us-east-1:444455556666:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "arn:aws:lambda:us-east-2:444455556666:function:Echo") ==
        "arn:aws:lambda:us-east-2:444455556666:function:Echo");
  CHECK(arn(TargetKind::LambdaFunction, "arn:aws-cn:lambda:cn-north-1:444455556666:function:Echo:1") ==
        "arn:aws-cn:lambda:cn-north-1:444455556666:function:Echo");
  const auto r = iamsmith::gen::resolve_target(TargetKind::LambdaFunction, "arn:aws:lambda:us-east-2:444455556666:function:Echo", kContext);
  CHECK(r.target->region == "us-east-2");
  CHECK(r.target->account == "444455556666");
  CHECK(r.target->name == "Echo");
  CHECK(error(TargetKind::LambdaFunction, "my function") ==
        "\"my function\" does not name a Lambda function (a name has 1 to 64 letters, digits, '-' or '_')");
  CHECK(error(TargetKind::LambdaFunction, "arn:aws:lambda:us-east-1:111122223333:layer:x") ==
        "\"arn:aws:lambda:us-east-1:111122223333:layer:x\" is not a Lambda function ARN (expected ...:function:NAME)");
  CHECK(error(TargetKind::LambdaFunction, "arn:aws:sqs:us-east-1:111122223333:q") ==
        "\"arn:aws:sqs:us-east-1:111122223333:q\" is an ARN of service \"sqs\", expected \"lambda\"");
  CHECK(error(TargetKind::LambdaFunction, "arn:aws:lambda:us-east-1:111122223333:function:*") ==
        "\"arn:aws:lambda:us-east-1:111122223333:function:*\" holds a wildcard or a policy variable; name one resource");
}

TEST_CASE("generate: SQS queue URLs of every partition and the legacy forms") {
  struct Case {
    const char* url;
    const char* arn;
  };
  const Case cases[] = {
      {"https://sqs.us-east-2.amazonaws.com/444455556666/jobs", "arn:aws:sqs:us-east-2:444455556666:jobs"},
      {"https://sqs.us-east-2.amazonaws.com/444455556666/jobs.fifo", "arn:aws:sqs:us-east-2:444455556666:jobs.fifo"},
      {"https://sqs.cn-north-1.amazonaws.com.cn/444455556666/jobs", "arn:aws-cn:sqs:cn-north-1:444455556666:jobs"},
      {"https://sqs.us-gov-west-1.amazonaws.com/444455556666/jobs", "arn:aws-us-gov:sqs:us-gov-west-1:444455556666:jobs"},
      {"https://sqs.us-iso-east-1.c2s.ic.gov/444455556666/jobs", "arn:aws-iso:sqs:us-iso-east-1:444455556666:jobs"},
      {"https://sqs.us-isob-east-1.sc2s.sgov.gov/444455556666/jobs", "arn:aws-iso-b:sqs:us-isob-east-1:444455556666:jobs"},
      {"https://sqs.eu-isoe-west-1.cloud.adc-e.uk/444455556666/jobs", "arn:aws-iso-e:sqs:eu-isoe-west-1:444455556666:jobs"},
      {"https://sqs.us-isof-south-1.csp.hci.ic.gov/444455556666/jobs", "arn:aws-iso-f:sqs:us-isof-south-1:444455556666:jobs"},
      {"https://sqs.eusc-de-east-1.amazonaws.eu/444455556666/jobs", "arn:aws-eusc:sqs:eusc-de-east-1:444455556666:jobs"},
      {"https://eu-west-1.queue.amazonaws.com/444455556666/jobs", "arn:aws:sqs:eu-west-1:444455556666:jobs"},
      {"https://queue.amazonaws.com/444455556666/jobs", "arn:aws:sqs:us-east-1:444455556666:jobs"},
      {"https://SQS.US-EAST-2.AMAZONAWS.COM/444455556666/jobs/", "arn:aws:sqs:us-east-2:444455556666:jobs"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.url);
    CHECK(arn(TargetKind::SqsQueue, c.url) == c.arn);
  }
  CHECK(arn(TargetKind::SqsQueue, "jobs") == "arn:aws:sqs:us-east-1:111122223333:jobs");
  CHECK(arn(TargetKind::SqsQueue, "arn:aws:sqs:us-east-1:444455556666:jobs") == "arn:aws:sqs:us-east-1:444455556666:jobs");
  CHECK(error(TargetKind::SqsQueue, "https://example.com/444455556666/jobs") ==
        "\"example.com\" is not in a known AWS DNS domain");
  CHECK(error(TargetKind::SqsQueue, "https://sqs.us-east-1.amazonaws.com/jobs") ==
        "\"https://sqs.us-east-1.amazonaws.com/jobs\" does not end in /ACCOUNT/QUEUE_NAME");
  CHECK(error(TargetKind::SqsQueue, "https://sqs.cn-north-1.amazonaws.com/444455556666/jobs") ==
        "region \"cn-north-1\" does not belong to the DNS domain \"amazonaws.com\"");
  CHECK(error(TargetKind::SqsQueue, "https://s3.us-east-1.amazonaws.com/444455556666/jobs") ==
        "\"s3.us-east-1.amazonaws.com\" is not an SQS endpoint (sqs.REGION.amazonaws.com)");
}

TEST_CASE("generate: names and ARNs of the other target kinds") {
  CHECK(arn(TargetKind::SnsTopic, "alerts") == "arn:aws:sns:us-east-1:111122223333:alerts");
  CHECK(arn(TargetKind::SnsTopic, "arn:aws:sns:us-east-1:444455556666:alerts") == "arn:aws:sns:us-east-1:444455556666:alerts");
  CHECK(arn(TargetKind::DynamoDbTable, "Orders") == "arn:aws:dynamodb:us-east-1:111122223333:table/Orders");
  CHECK(arn(TargetKind::DynamoDbTable, "arn:aws:dynamodb:us-east-1:444455556666:table/Orders") ==
        "arn:aws:dynamodb:us-east-1:444455556666:table/Orders");
  CHECK(error(TargetKind::DynamoDbTable, "arn:aws:dynamodb:us-east-1:444455556666:stream/x") ==
        "\"arn:aws:dynamodb:us-east-1:444455556666:stream/x\" is not a DynamoDB table ARN (expected ...table/NAME)");
  CHECK(arn(TargetKind::EcsTaskDefinition, "web") == "arn:aws:ecs:us-east-1:111122223333:task-definition/web:*");
  CHECK(arn(TargetKind::EcsTaskDefinition, "web:3") == "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3");
  CHECK(arn(TargetKind::EcsTaskDefinition, "arn:aws:ecs:us-east-1:444455556666:task-definition/web:4") ==
        "arn:aws:ecs:us-east-1:444455556666:task-definition/web:4");
  CHECK(arn(TargetKind::StateMachine, "Child") == "arn:aws:states:us-east-1:111122223333:stateMachine:Child");
  CHECK(arn(TargetKind::StateMachine, "arn:aws:states:us-east-1:444455556666:stateMachine:Child:prod") ==
        "arn:aws:states:us-east-1:444455556666:stateMachine:Child:prod");
  CHECK(iamsmith::gen::resolve_target(TargetKind::StateMachine,
                                      "arn:aws:states:us-east-1:444455556666:stateMachine:Child:prod", kContext)
            .target->name == "Child");
  CHECK(arn(TargetKind::EventBus, "default") == "arn:aws:events:us-east-1:111122223333:event-bus/default");
  CHECK(arn(TargetKind::CodeBuildProject, "build") == "arn:aws:codebuild:us-east-1:111122223333:project/build");
  CHECK(arn(TargetKind::AthenaWorkGroup, "primary") == "arn:aws:athena:us-east-1:111122223333:workgroup/primary");
  CHECK(arn(TargetKind::GlueJob, "etl") == "arn:aws:glue:us-east-1:111122223333:job/etl");
  CHECK(arn(TargetKind::BedrockModel, "anthropic.claude-v2") ==
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2");
  CHECK(arn(TargetKind::ExecuteApi, "https://abc123.execute-api.us-east-1.amazonaws.com/prod/GET/pets") ==
        "arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets");
  CHECK(arn(TargetKind::HttpConnection, "arn:aws:events:us-east-1:111122223333:connection/stripe/1a2b") ==
        "arn:aws:events:us-east-1:111122223333:connection/stripe/1a2b");
  CHECK(iamsmith::gen::resolve_target(TargetKind::HttpConnection,
                                      "arn:aws:events:us-east-1:111122223333:connection/stripe/1a2b", kContext)
            .target->vars.at("ConnectionName") == "stripe");
  CHECK(arn(TargetKind::BatchJob, "nightly") == "*");
}

TEST_CASE("generate: S3 bucket and key become an object ARN") {
  CHECK(arn(TargetKind::S3Object, "reports/2024/summary.csv") == "arn:aws:s3:::reports/2024/summary.csv");
  CHECK(arn(TargetKind::S3Object, "s3://reports/in/*") == "arn:aws:s3:::reports/in/*");
  CHECK(arn(TargetKind::S3Object, "reports/x", ResolveContext{"aws-cn", "cn-north-1", "111122223333", ""}) ==
        "arn:aws-cn:s3:::reports/x");
  CHECK(error(TargetKind::S3Object, "/key") == "\"/key\" does not name an S3 bucket");
}

TEST_CASE("generate: Sid tokens are alphanumeric, one capitalised word per part") {
  CHECK(iamsmith::gen::sid_token("charge-card") == "ChargeCard");
  CHECK(iamsmith::gen::sid_token("audit_queue.fifo") == "AuditQueueFifo");
  CHECK(iamsmith::gen::sid_token("testCrossAccount") == "TestCrossAccount");
  CHECK(iamsmith::gen::sid_token("ÄÖ-x") == "X");
  CHECK(iamsmith::gen::sid_token("") == "");
}

}  // namespace
