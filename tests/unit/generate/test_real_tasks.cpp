// Tasks as real state machines write them (issue 12): aws-sdk resources from the catalogue, one
// "any resource" contract, iam:PassRole, regional Task ARNs, the newer optimised integrations,
// and the smaller cases. Every definition here is written for these tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "generate_test_support.hpp"
#include "iamsmith/generate.hpp"
#include "iamsmith/iamdata.hpp"
#include "iamsmith/lint.hpp"
#include "iamsmith/load.hpp"

namespace {

using iamsmith::test::contains;
using iamsmith::test::finding;
using iamsmith::test::findings_text;
using iamsmith::test::one_task;
using iamsmith::test::permissions;
using iamsmith::test::run;
using Grants = std::vector<std::string>;

// With --exact-resources a resource chosen at run time is refused (G009): the tests that ask
// whether a value was seen as chosen at run time use it.
iamsmith::gen::Result run_exact(const std::string& definition) {
  iamsmith::gen::Options exact;
  exact.exact_resources = true;
  return run(definition, exact);
}

struct Case {
  const char* resource;
  const char* payload;
  Grants expected;
};

// (1) aws-sdk: the resource the Parameters name, through the catalogue's ARN formats.
const Case kSdkCases[] = {
    {"arn:aws:states:::aws-sdk:dynamodb:scan", R"({"TableName": "Stock"})",
     {"Scan: dynamodb:Scan -> arn:aws:dynamodb:us-east-1:111122223333:table/Stock"}},
    {"arn:aws:states:::aws-sdk:dynamodb:query", R"({"TableName": "Stock", "IndexName": "BySku"})",
     {"Query: dynamodb:Query -> arn:aws:dynamodb:us-east-1:111122223333:table/Stock,"
      "arn:aws:dynamodb:us-east-1:111122223333:table/Stock/index/BySku"}},
    // A run-time Key keeps the static bucket.
    {"arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket": "reports", "Key.$": "$.key"})",
     {"GetObject: s3:GetObject -> arn:aws:s3:::reports/*"}},
    {"arn:aws:states:::aws-sdk:s3:putObject", R"({"Bucket": "reports", "Key": "daily/out.csv", "Body.$": "$"})",
     {"PutObject: s3:PutObject -> arn:aws:s3:::reports/daily/out.csv"}},
    {"arn:aws:states:::aws-sdk:s3:listObjectsV2", R"({"Bucket": "reports", "Prefix": "daily/"})",
     {"ListObjectsV2: s3:ListBucket -> arn:aws:s3:::reports"}},
    {"arn:aws:states:::aws-sdk:sqs:receiveMessage", R"({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/work"})",
     {"ReceiveMessage: sqs:ReceiveMessage -> arn:aws:sqs:us-east-1:111122223333:work"}},
    {"arn:aws:states:::aws-sdk:sns:getTopicAttributes", R"({"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts"})",
     {"GetTopicAttributes: sns:GetTopicAttributes -> arn:aws:sns:us-east-1:111122223333:alerts"}},
    {"arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", R"({"SecretId": "prod/db"})",
     {"GetSecretValue: secretsmanager:GetSecretValue -> arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????"}},
    {"arn:aws:states:::aws-sdk:glue:startCrawler", R"({"Name": "nightly"})",
     {"StartCrawler: glue:StartCrawler -> arn:aws:glue:us-east-1:111122223333:crawler/nightly"}},
    {"arn:aws:states:::aws-sdk:lambda:getFunction", R"({"FunctionName": "Resize"})",
     {"GetFunction: lambda:GetFunction -> arn:aws:lambda:us-east-1:111122223333:function:Resize"}},
    {"arn:aws:states:::aws-sdk:ecs:updateService", R"({"Cluster": "web", "Service": "api", "DesiredCount": 2})",
     {"UpdateService: ecs:UpdateService -> arn:aws:ecs:us-east-1:111122223333:service/web/api"}},
    {"arn:aws:states:::aws-sdk:sfn:describeStateMachine",
     R"({"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:Child"})",
     {"DescribeStateMachine: states:DescribeStateMachine -> arn:aws:states:us-east-1:111122223333:stateMachine:Child"}},
    // A longer parameter name ending in the variable's: TranscriptionJobName -> ${JobName}.
    {"arn:aws:states:::aws-sdk:transcribe:getTranscriptionJob", R"({"TranscriptionJobName": "call-42"})",
     {"GetTranscriptionJob: transcribe:GetTranscriptionJob -> "
      "arn:aws:transcribe:us-east-1:111122223333:transcription-job/call-42"}},
    // A parent id is a root's or an organizational unit's, as its prefix says.
    {"arn:aws:states:::aws-sdk:organizations:createOrganizationalUnit", R"({"Name": "Sandbox", "ParentId": "r-ab12"})",
     {"CreateOrganizationalUnit: organizations:CreateOrganizationalUnit -> "
      "arn:aws:organizations::111122223333:root/o-*/r-ab12"}},
    {"arn:aws:states:::aws-sdk:organizations:listAccountsForParent", R"({"ParentId": "ou-ab12-cdef3456"})",
     {"ListAccountsForParent: organizations:ListAccountsForParent -> "
      "arn:aws:organizations::111122223333:ou/o-*/ou-ab12-cdef3456"}},
    // (7) SDK names that are not IAM actions.
    {"arn:aws:states:::aws-sdk:s3:copyObject", R"({"Bucket": "archive", "Key": "a.csv", "CopySource": "inbox/a.csv"})",
     {"CopyObjectGetObject: s3:GetObject -> arn:aws:s3:::inbox/a.csv",
      "CopyObjectPutObject: s3:PutObject -> arn:aws:s3:::archive/a.csv"}},
    {"arn:aws:states:::aws-sdk:s3:deleteObjects", R"({"Bucket": "scratch", "Delete": {"Objects.$": "$.keys"}})",
     {"DeleteObjects: s3:DeleteObject -> arn:aws:s3:::scratch/*"}},
    {"arn:aws:states:::aws-sdk:dynamodb:transactWriteItems",
     R"({"TransactItems": [{"Put": {"TableName": "Orders", "Item": {}}}, {"Update": {"TableName": "Stock", "Key": {}}}]})",
     {"TransactWriteItemsConditionCheckItem: dynamodb:ConditionCheckItem -> "
      "arn:aws:dynamodb:us-east-1:111122223333:table/Orders,arn:aws:dynamodb:us-east-1:111122223333:table/Stock",
      "TransactWriteItemsDeleteItem: dynamodb:DeleteItem -> "
      "arn:aws:dynamodb:us-east-1:111122223333:table/Orders,arn:aws:dynamodb:us-east-1:111122223333:table/Stock",
      "TransactWriteItemsPutItem: dynamodb:PutItem -> "
      "arn:aws:dynamodb:us-east-1:111122223333:table/Orders,arn:aws:dynamodb:us-east-1:111122223333:table/Stock",
      "TransactWriteItemsUpdateItem: dynamodb:UpdateItem -> "
      "arn:aws:dynamodb:us-east-1:111122223333:table/Orders,arn:aws:dynamodb:us-east-1:111122223333:table/Stock"}},
    // A run-time value with static parts names what matches them: States.Format's template with
    // '*' for each {} (issue 12: the static parts of a run-time value are kept).
    {"arn:aws:states:::aws-sdk:s3:putObject",
     R"j({"Bucket": "reports", "Key.$": "States.Format('daily/{}.json', $.day)", "Body.$": "$"})j",
     {"PutObject: s3:PutObject -> arn:aws:s3:::reports/daily/*.json"}},
    {"arn:aws:states:::aws-sdk:s3:copyObject",
     R"j({"Bucket": "archive", "Key.$": "$.key", "CopySource.$": "States.Format('inbox/{}', $.key)"})j",
     {"CopyObjectGetObject: s3:GetObject -> arn:aws:s3:::inbox/*",
      "CopyObjectPutObject: s3:PutObject -> arn:aws:s3:::archive/*"}},
    // (4) The regional form of a Task ARN calls the same integration.
    {"arn:aws:states:us-east-1:111122223333:aws-sdk:s3:getObject", R"({"Bucket": "reports", "Key": "k"})",
     {"GetObject: s3:GetObject -> arn:aws:s3:::reports/k"}},
};

TEST_CASE("aws-sdk: the resource comes from the Parameters through the catalogue's ARN formats") {
  for (const Case& c : kSdkCases) {
    const std::string resource = c.resource;
    const std::string payload = c.payload;
    CAPTURE(resource);
    CAPTURE(payload);
    const auto r = run(one_task(c.resource, c.payload));
    CHECK(permissions(r) == c.expected);
    CHECK_MESSAGE(finding(r, "G010") == nullptr, findings_text(r));
  }
}

TEST_CASE("aws-sdk: one any-resource contract with the optimised integrations (G009, G010)") {
  // Chosen at run time with no static part, under --exact-resources: refused like lambda:invoke's
  // FunctionName.$.
  iamsmith::gen::Options exact;
  exact.exact_resources = true;
  const auto refused =
      run(one_task("arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket.$": "$.bucket", "Key.$": "$.key"})"), exact);
  CHECK(refused.refused());
  const auto* f = finding(refused, "G009");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'Call' calls s3:GetObject on a resource chosen at run time (Bucket.$: \"$.bucket\")");
  CHECK(f->diagnostic.span.pointer == "/States/Call/Parameters/Bucket.$");
  for (const auto& n : f->diagnostic.notes) CHECK_FALSE(contains(n.message, "--"));

  // By default: the ARN format with "*" for the run-time parts, in the target account.
  const iamsmith::gen::Options any;
  const auto allowed = run(one_task("arn:aws:states:::aws-sdk:dynamodb:scan", R"({"TableName.$": "$.table"})"), any);
  CHECK(permissions(allowed) == Grants{"Scan: dynamodb:Scan -> arn:aws:dynamodb:us-east-1:111122223333:table/*"});
  REQUIRE(finding(allowed, "G010") != nullptr);
  CHECK(finding(allowed, "G010")->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(finding(allowed, "G010")->diagnostic.message ==
        "state 'Call' calls dynamodb:Scan on a resource chosen at run time (TableName.$: \"$.table\"); it is granted "
        "on every one in the target account: arn:aws:dynamodb:us-east-1:111122223333:table/*");

  // An S3 bucket's ARN names no account: "every bucket" is limited to the target account's with
  // s3:ResourceAccount, a key the catalogue lists for the action.
  const auto bucket =
      run(one_task("arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket.$": "$.bucket", "Key.$": "$.key"})"), any);
  REQUIRE_FALSE(bucket.refused());
  CHECK(permissions(bucket) ==
        Grants{"GetObject: s3:GetObject -> arn:aws:s3:::*/* [StringEquals s3:ResourceAccount=111122223333]"});
  REQUIRE(finding(bucket, "G010") != nullptr);
  CHECK(contains(finding(bucket, "G010")->diagnostic.message, "owned by the target account (s3:ResourceAccount)"));
  // A copy source whose bucket is formatted at run time names no bucket either: its static "/"
  // does not make "*/*" a named resource.
  const auto copy = run(one_task("arn:aws:states:::aws-sdk:s3:copyObject",
                                 R"j({"Bucket": "out", "Key.$": "$.key", "CopySource.$": "States.Format('{}/{}', $.b, $.k)"})j"),
                        any);
  CHECK(permissions(copy) ==
        Grants{"CopyObjectGetObject: s3:GetObject -> arn:aws:s3:::*/* [StringEquals s3:ResourceAccount=111122223333]",
               "CopyObjectPutObject: s3:PutObject -> arn:aws:s3:::out/*"});
  REQUIRE(finding(copy, "G010") != nullptr);
  CHECK(contains(finding(copy, "G010")->diagnostic.message, "CopySource.$"));

  // --resource names it.
  iamsmith::gen::Options named;
  named.resources.push_back(iamsmith::gen::ResourceOverride{
      "Call", {iamsmith::gen::Text{"arn:aws:dynamodb:us-east-1:111122223333:table/Stock", 0, {}}}, {}});
  const auto listed = run(one_task("arn:aws:states:::aws-sdk:dynamodb:scan", R"({"TableName.$": "$.table"})"), named);
  CHECK(permissions(listed) == Grants{"Scan: dynamodb:Scan -> arn:aws:dynamodb:us-east-1:111122223333:table/Stock"});

  // The optimised integration says the same thing about the same case, without naming options.
  const auto optimised = run(one_task("arn:aws:states:::dynamodb:getItem", R"({"TableName.$": "$.table"})"), exact);
  const auto* g = finding(optimised, "G009");
  REQUIRE(g != nullptr);
  for (const auto& n : g->diagnostic.notes) CHECK_FALSE(contains(n.message, "--"));
}

TEST_CASE("aws-sdk: a parent or a resource list chosen at run time is a resource chosen at run time (G009), not \"*\"") {
  // Both actions have only optional resource types, so a call naming none would be authorised
  // against "*"; but these calls do name their resources, at run time.
  iamsmith::gen::Options exact;
  exact.exact_resources = true;
  const auto parent = run(one_task("arn:aws:states:::aws-sdk:organizations:createOrganizationalUnit",
                                   R"({"Name.$": "$.ou", "ParentId.$": "$.roots[0].Id"})"), exact);
  CHECK(parent.refused());
  const auto* f = finding(parent, "G009");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "state 'Call' calls organizations:CreateOrganizationalUnit on a resource chosen at run "
                                 "time (ParentId.$: \"$.roots[0].Id\")");
  CHECK(f->diagnostic.span.pointer == "/States/Call/Parameters/ParentId.$");
  const auto tags = run(one_task("arn:aws:states:::aws-sdk:ec2:createTags",
                                 R"j({"Resources.$": "States.Array($.instance)", "Tags": [{"Key": "k", "Value": "v"}]})j"), exact);
  CHECK(tags.refused());
  REQUIRE(finding(tags, "G009") != nullptr);
  CHECK(finding(tags, "G009")->diagnostic.span.pointer == "/States/Call/Parameters/Resources.$");

  // By default: every root and organizational unit; for the tags, "*" (the ids may be of any of
  // EC2's types), each said by G010.
  const iamsmith::gen::Options any;
  const auto any_parent = run(one_task("arn:aws:states:::aws-sdk:organizations:createOrganizationalUnit",
                                       R"({"Name.$": "$.ou", "ParentId.$": "$.roots[0].Id"})"), any);
  CHECK(permissions(any_parent) == Grants{"CreateOrganizationalUnit: organizations:CreateOrganizationalUnit -> "
                                          "arn:aws:organizations::111122223333:ou/o-*/ou-*,"
                                          "arn:aws:organizations::111122223333:root/o-*/r-*"});
  CHECK(finding(any_parent, "G010") != nullptr);
  const auto any_tags = run(one_task("arn:aws:states:::aws-sdk:ec2:createTags",
                                     R"j({"Resources.$": "States.Array($.instance)", "Tags": []})j"), any);
  CHECK(permissions(any_tags) == Grants{"CreateTags: ec2:CreateTags -> *"});
  REQUIRE(finding(any_tags, "G010") != nullptr);
  CHECK(contains(finding(any_tags, "G010")->diagnostic.message, "on a resource chosen at run time"));
  // "*" is not "every one in the target account": the finding says what it is.
  CHECK(contains(finding(any_tags, "G010")->diagnostic.message,
                 "it is granted on \"*\": the resources it lists may be of any of the action's resource types"));
  CHECK_FALSE(contains(finding(any_tags, "G010")->diagnostic.message, "target account"));
}

TEST_CASE("aws-sdk: an action without resource types in the catalogue is \"*\", and the message says why") {
  const auto r = run(one_task("arn:aws:states:::aws-sdk:organizations:listRoots", "{}"));
  CHECK(permissions(r) == Grants{"ListRoots: organizations:ListRoots -> *"});
  const auto* w = finding(r, "G010");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.message == "state 'Call': organizations:ListRoots is granted on \"*\": AWS's catalogue gives it no "
                                 "resource types, so \"*\" is the only Resource it takes");
  // Nothing names the resource of an action with one required type: every one in the account.
  const auto logs = run(one_task("arn:aws:states:::aws-sdk:glue:getJob", "{}"));
  CHECK(permissions(logs) == Grants{"GetJob: glue:GetJob -> arn:aws:glue:us-east-1:111122223333:job/*"});
  // Several required types: each of them, never "*".
  const auto several = run(one_task("arn:aws:states:::aws-sdk:fis:startExperiment", R"({"ClientToken": "t"})"));
  CHECK(permissions(several) == Grants{"StartExperiment: fis:StartExperiment -> "
                                       "arn:aws:fis:us-east-1:111122223333:experiment-template/*,"
                                       "arn:aws:fis:us-east-1:111122223333:experiment/*"});
}

TEST_CASE("a Lambda function ARN without Region or account names no function (G013)") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName": "arn:aws:lambda:::function:Resize"})"));
  CHECK(r.refused());
  const auto* f = finding(r, "G013");
  REQUIRE(f != nullptr);
  CHECK(contains(f->diagnostic.message, "has no Region or no account"));
}

TEST_CASE("iam:PassRole for roles an aws-sdk call passes, with iam:PassedToService") {
  const auto r = run(one_task("arn:aws:states:::aws-sdk:scheduler:createSchedule",
                              R"j({"Name": "nightly", "ScheduleExpression": "rate(1 day)", "FlexibleTimeWindow": {"Mode": "OFF"},
                                  "Target": {"Arn": "arn:aws:lambda:us-east-1:111122223333:function:Run",
                                             "RoleArn": "arn:aws:iam::111122223333:role/SchedulerInvoke"}})j"));
  CHECK(permissions(r) ==
        Grants{"CreateSchedule: scheduler:CreateSchedule -> arn:aws:scheduler:us-east-1:111122223333:schedule/*/nightly",
               "PassRolesForCreateSchedule: iam:PassRole -> arn:aws:iam::111122223333:role/SchedulerInvoke "
               "[StringEquals iam:PassedToService=scheduler.amazonaws.com]"});

  // A role chosen at run time needs the roles it may be.
  const std::string dynamic_role =
      one_task("arn:aws:states:::aws-sdk:glue:startJobRun", R"({"JobName": "etl", "ExecutionRoleArn.$": "$.role"})");
  const auto refused = run(dynamic_role);
  const auto* f = finding(refused, "G009");
  REQUIRE(f != nullptr);
  CHECK(contains(f->diagnostic.message, "passes a role chosen at run time to glue.amazonaws.com"));
  iamsmith::gen::Options options;
  options.pass_roles.push_back(iamsmith::gen::Text{"arn:aws:iam::111122223333:role/GlueEtl", 0, {}});
  CHECK(permissions(run(dynamic_role, options)) ==
        Grants{"PassRolesForStartJobRun: iam:PassRole -> arn:aws:iam::111122223333:role/GlueEtl "
               "[StringEquals iam:PassedToService=glue.amazonaws.com]",
               "StartJobRun: glue:StartJobRun -> arn:aws:glue:us-east-1:111122223333:job/etl"});
}

// (5), (6), (8), (9), (10): optimised integrations.
const Case kOptimisedCases[] = {
    // Alone, the Task does not say where the results are: s3:GetObject is left out (G016, below).
    {"arn:aws:states:::athena:getQueryResults", R"({"QueryExecutionId.$": "$.id"})",
     {"GetQueryResults: athena:GetQueryResults -> arn:aws:athena:us-east-1:111122223333:workgroup/*"}},
    {"arn:aws:states:::athena:stopQueryExecution", R"({"QueryExecutionId.$": "$.id"})",
     {"StopQueryExecution: athena:StopQueryExecution -> arn:aws:athena:us-east-1:111122223333:workgroup/*"}},
    {"arn:aws:states:::athena:startQueryExecution",
     R"({"QueryString": "SELECT 1", "WorkGroup": "bi", "QueryExecutionContext": {"Database": "sales"},
         "ResultConfiguration": {"OutputLocation": "s3://query-out/bi/"}})",
     {"GetDataAccessForBi: lakeformation:GetDataAccess -> *",
      "ListResultsBucketOfBi: s3:GetBucketLocation,s3:ListBucket,s3:ListBucketMultipartUploads -> arn:aws:s3:::query-out",
      "ReadCatalogForBi: glue:GetDatabase,glue:GetPartitions,glue:GetTable -> arn:aws:glue:us-east-1:111122223333:catalog,"
      "arn:aws:glue:us-east-1:111122223333:database/sales,arn:aws:glue:us-east-1:111122223333:table/sales/*",
      "StartQueryInBi: athena:GetDataCatalog,athena:StartQueryExecution -> "
      "arn:aws:athena:us-east-1:111122223333:datacatalog/*,arn:aws:athena:us-east-1:111122223333:workgroup/bi",
      "WriteResultsOfBi: s3:AbortMultipartUpload,s3:GetObject,s3:ListMultipartUploadParts,s3:PutObject -> "
      "arn:aws:s3:::query-out/bi/*"}},
    {"arn:aws:states:::elasticmapreduce:addStep.sync", R"({"ClusterId": "j-ABC", "Step": {"Name": "s"}})",
     {"AddStep: elasticmapreduce:AddJobFlowSteps -> arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-ABC",
      "MonitorSteps: elasticmapreduce:CancelSteps,elasticmapreduce:DescribeStep -> "
      "arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/j-ABC"}},
    {"arn:aws:states:::emr-serverless:startJobRun",
     R"({"ApplicationId": "00abc", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/SparkJobs", "JobDriver": {}})",
     {"PassJobRunRole: iam:PassRole -> arn:aws:iam::111122223333:role/SparkJobs "
      "[StringEquals iam:PassedToService=emr-serverless.amazonaws.com]",
      "StartJobRun: emr-serverless:StartJobRun -> arn:aws:emr-serverless:us-east-1:111122223333:/applications/00abc"}},
    {"arn:aws:states:::sagemaker:createTrainingJob",
     R"({"TrainingJobName": "churn", "RoleArn": "arn:aws:iam::111122223333:role/Trainer"})",
     {"CreateTrainingJob: sagemaker:CreateTrainingJob -> arn:aws:sagemaker:us-east-1:111122223333:training-job/churn",
      "PassTrainingRole: iam:PassRole -> arn:aws:iam::111122223333:role/Trainer "
      "[StringEquals iam:PassedToService=sagemaker.amazonaws.com]"}},
    {"arn:aws:states:::bedrock:createModelCustomizationJob",
     R"({"BaseModelIdentifier": "amazon.titan-text-express-v1", "RoleArn": "arn:aws:iam::111122223333:role/Tuner",
         "JobName": "j", "CustomModelName": "m"})",
     {"CustomizeAmazonTitanTextExpressV1: bedrock:CreateModelCustomizationJob -> "
      "arn:aws:bedrock:us-east-1:111122223333:custom-model/*,arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
      "PassCustomizationRoleForAmazonTitanTextExpressV1: iam:PassRole -> arn:aws:iam::111122223333:role/Tuner "
      "[StringEquals iam:PassedToService=bedrock.amazonaws.com]"}},
    // (8) Batch: the named definition and queue, and the job the call creates.
    {"arn:aws:states:::batch:submitJob", R"({"JobName": "nightly", "JobDefinition": "render", "JobQueue": "arn:aws:batch:us-east-1:111122223333:job-queue/gpu"})",
     {"SubmitJobNightly: batch:SubmitJob -> arn:aws:batch:us-east-1:111122223333:job-definition/render:*,"
      "arn:aws:batch:us-east-1:111122223333:job-queue/gpu,arn:aws:batch:us-east-1:111122223333:job/*"}},
    // (9) API Gateway: a Path that repeats the stage; a WebSocket API's @connections.
    {"arn:aws:states:::apigateway:invoke",
     R"({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Stage": "prod", "Method": "GET", "Path": "prod/pets"})",
     {"InvokeApiAbc123: execute-api:Invoke -> arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"}},
    {"arn:aws:states:::apigateway:invoke",
     R"j({"ApiEndpoint": "ws123.execute-api.us-east-1.amazonaws.com", "Stage": "live", "Method": "POST",
         "Path.$": "States.Format('@connections/{}', $.id)"})j",
     {"InvokeApiWs123: execute-api:ManageConnections -> "
      "arn:aws:execute-api:us-east-1:111122223333:ws123/live/POST/@connections/*"}},
    // A method chosen at run time: any method on the named API, stage and path.
    {"arn:aws:states:::apigateway:invoke",
     R"({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Stage": "prod", "Method.$": "$.verb", "Path": "pets"})",
     {"InvokeApiAbc123: execute-api:Invoke -> arn:aws:execute-api:us-east-1:111122223333:abc123/prod/*/pets"}},
    // The HTTP Task: its conditions are keys the catalogue gives states:InvokeHTTPEndpoint (the
    // supplement adds them), so the policy lints clean (no D005).
    {"arn:aws:states:::http:invoke",
     R"({"ApiEndpoint": "https://api.example.com/v2/orders", "Method": "POST",
         "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:111122223333:connection/shop/9f8e"}})",
     {"CallEndpointThroughShop: states:InvokeHTTPEndpoint -> * "
      "[StringEquals states:HTTPEndpoint=https://api.example.com/v2/orders] [StringEquals states:HTTPMethod=POST]",
      "ReadShopConnectionSecret: secretsmanager:DescribeSecret,secretsmanager:GetSecretValue -> "
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:events!connection/shop/*",
      "UseShopConnection: events:RetrieveConnectionCredentials -> "
      "arn:aws:events:us-east-1:111122223333:connection/shop/9f8e"}},
    // The same connection named under InvocationConfig (the field AWS's page names for it beside
    // Authentication): the same grants.
    {"arn:aws:states:::http:invoke",
     R"({"ApiEndpoint": "https://api.example.com/v1/items", "Method": "GET",
         "InvocationConfig": {"ConnectionArn": "arn:aws:events:us-east-1:111122223333:connection/shop/9f8e"}})",
     {"CallEndpointThroughShop: states:InvokeHTTPEndpoint -> * "
      "[StringEquals states:HTTPEndpoint=https://api.example.com/v1/items] [StringEquals states:HTTPMethod=GET]",
      "ReadShopConnectionSecret: secretsmanager:DescribeSecret,secretsmanager:GetSecretValue -> "
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:events!connection/shop/*",
      "UseShopConnection: events:RetrieveConnectionCredentials -> "
      "arn:aws:events:us-east-1:111122223333:connection/shop/9f8e"}},
    // (5) EMR on EKS, EKS, MediaConvert, DataBrew, CodeBuild batch builds.
    {"arn:aws:states:::emr-containers:startJobRun.sync",
     R"({"VirtualClusterId": "vc7", "ExecutionRoleArn": "arn:aws:iam::111122223333:role/SparkOnEks",
         "ReleaseLabel": "emr-6.10.0-latest", "JobDriver": {}})",
     {"MonitorJobRuns: emr-containers:CancelJobRun,emr-containers:DescribeJobRun -> "
      "arn:aws:emr-containers:us-east-1:111122223333:/virtualclusters/vc7/jobruns/*",
      "StartJobRun: emr-containers:StartJobRun -> arn:aws:emr-containers:us-east-1:111122223333:/virtualclusters/vc7 "
      "[StringEquals emr-containers:ExecutionRoleArn=arn:aws:iam::111122223333:role/SparkOnEks]"}},
    {"arn:aws:states:::emr-containers:deleteVirtualCluster", R"({"Id": "vc7"})",
     {"DeleteVirtualCluster: emr-containers:DeleteVirtualCluster -> "
      "arn:aws:emr-containers:us-east-1:111122223333:/virtualclusters/vc7"}},
    {"arn:aws:states:::eks:createCluster",
     R"({"Name": "web", "RoleArn": "arn:aws:iam::111122223333:role/EksService", "ResourcesVpcConfig": {}})",
     {"CreateCluster: eks:CreateCluster -> *",
      "PassClusterRole: iam:PassRole -> arn:aws:iam::111122223333:role/EksService "
      "[StringEquals iam:PassedToService=eks.amazonaws.com]"}},
    {"arn:aws:states:::eks:deleteCluster.sync", R"({"Name": "web"})",
     {"DeleteCluster: eks:DeleteCluster -> arn:aws:eks:us-east-1:111122223333:cluster/web",
      "MonitorClusterDeletion: eks:DescribeCluster -> arn:aws:eks:us-east-1:111122223333:cluster/web"}},
    {"arn:aws:states:::mediaconvert:createJob.sync",
     R"({"Role": "arn:aws:iam::111122223333:role/Transcoder", "Settings": {}})",
     {"CreateJob: mediaconvert:CreateJob -> *",
      "MonitorJobs: mediaconvert:CancelJob,mediaconvert:GetJob -> arn:aws:mediaconvert:us-east-1:111122223333:jobs/*",
      "PassJobRole: iam:PassRole -> arn:aws:iam::111122223333:role/Transcoder "
      "[StringEquals iam:PassedToService=mediaconvert.amazonaws.com]"}},
    {"arn:aws:states:::databrew:startJobRun.sync", R"({"Name": "clean-orders"})",
     {"MonitorJobRuns: databrew:ListJobRuns,databrew:StopJobRun -> arn:aws:databrew:us-east-1:111122223333:job/clean-orders",
      "StartJobRun: databrew:StartJobRun -> arn:aws:databrew:us-east-1:111122223333:job/clean-orders"}},
    {"arn:aws:states:::codebuild:startBuildBatch.sync", R"({"ProjectName": "site"})",
     {"MonitorSiteBuildBatches: codebuild:BatchGetBuildBatches,codebuild:StopBuildBatch -> "
      "arn:aws:codebuild:us-east-1:111122223333:project/site",
      "StartBuildBatchSite: codebuild:StartBuildBatch -> arn:aws:codebuild:us-east-1:111122223333:project/site"}},
    // (10) Bedrock: a model id with a version after ':', and an inference profile.
    {"arn:aws:states:::bedrock:invokeModel", R"({"ModelId": "anthropic.claude-3-haiku-20240307-v1:0", "Body": {}})",
     {"InvokeModelAnthropicClaude3Haiku20240307V10: bedrock:InvokeModel -> "
      "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"}},
    {"arn:aws:states:::bedrock:invokeModel", R"({"ModelId": "global.amazon.nova-2-lite-v1:0", "Body": {}})",
     {"InvokeModelGlobalAmazonNova2LiteV10: bedrock:InvokeModel -> "
      "arn:aws:bedrock:*::foundation-model/amazon.nova-2-lite-v1:0,"
      "arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.amazon.nova-2-lite-v1:0"}},
};

TEST_CASE("every generated action is in the catalogue (aws-sdk and optimised rows); an SDK name that is no IAM action is refused") {
  const auto& catalog = iamsmith::iamdata::Catalog::builtin();
  std::vector<const Case*> cases;
  for (const Case& c : kSdkCases) cases.push_back(&c);
  for (const Case& c : kOptimisedCases) cases.push_back(&c);
  for (const Case* cp : cases) {
    const Case& c = *cp;
    const auto r = run(one_task(c.resource, c.payload));
    for (const auto& p : r.policies) {
      for (const auto& st : p.policy.statements()) {
        for (const auto& a : *st.action) CHECK_MESSAGE(catalog.action(a.text) != nullptr, a.text);
      }
    }
  }
  const auto r = run(one_task("arn:aws:states:::aws-sdk:s3:fetchThing", R"({"Bucket": "b"})"));
  CHECK(r.refused());
  const auto* f = finding(r, "G007");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "state 'Call' calls arn:aws:states:::aws-sdk:s3:fetchThing, but AWS's catalogue has "
                                 "no IAM action s3:FetchThing");
}

TEST_CASE("optimised integrations: the newer rows, Athena's extra grants, Batch, API Gateway and Bedrock") {
  for (const Case& c : kOptimisedCases) {
    if (c.expected.empty()) continue;
    const std::string resource = c.resource;
    const std::string payload = c.payload;
    CAPTURE(resource);
    CAPTURE(payload);
    const auto r = run(one_task(c.resource, c.payload));
    CHECK(permissions(r) == c.expected);
  }
}

TEST_CASE("API Gateway: a WebSocket API's @connections callback is ManageConnections on every connection") {
  const auto r = run(one_task("arn:aws:states:::apigateway:invoke",
                              R"({"ApiEndpoint": "ws123.execute-api.us-east-1.amazonaws.com", "Stage": "live",
                                  "Method": "POST", "Path": "@connections/abc="})"));
  CHECK(permissions(r) == Grants{"InvokeApiWs123: execute-api:ManageConnections -> "
                                 "arn:aws:execute-api:us-east-1:111122223333:ws123/live/POST/@connections/*"});
}

TEST_CASE("a run-time value's static parts: JSONata concatenations narrow, other expressions do not") {
  const std::string creds = std::string("{\"RoleArn\": \"") + iamsmith::test::kTargetRole + "\"}";
  const auto joined = run(one_task("arn:aws:states:::aws-sdk:s3:getObject",
                                   R"({"Bucket": "reports", "Key": "{% 'in/' & $states.input.id & '.csv' %}"})", creds,
                                   "JSONata"));
  CHECK(permissions(joined) == Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/in/*.csv"});
  // A bucket with a static prefix: no longer refused.
  const auto bucket = run(one_task("arn:aws:states:::aws-sdk:s3:getObject",
                                   R"({"Bucket": "{% 'logs-' & $states.input.env %}", "Key": "latest.json"})", creds,
                                   "JSONata"));
  CHECK(permissions(bucket) == Grants{"GetObject: s3:GetObject -> arn:aws:s3:::logs-*/latest.json"});
  // A condition may give a value without the literal: only the bucket is kept.
  const auto choice = run(one_task("arn:aws:states:::aws-sdk:s3:getObject",
                                   R"({"Bucket": "reports", "Key": "{% $states.input.big ? 'big/' & $states.input.id : 'small' %}"})",
                                   creds, "JSONata"));
  CHECK(permissions(choice) == Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/*"});
  // A template of placeholders only has no static part: the bucket is still chosen at run time.
  const auto nothing = run_exact(one_task("arn:aws:states:::aws-sdk:s3:getObject",
                                    R"j({"Bucket.$": "States.Format('{}{}', $.a, $.b)", "Key": "k"})j"));
  CHECK(finding(nothing, "G009") != nullptr);
}

TEST_CASE("a row's resource var chosen at run time follows the any-resource contract (G009, G010)") {
  iamsmith::gen::Options exact;
  exact.exact_resources = true;
  const auto refused =
      run(one_task("arn:aws:states:::elasticmapreduce:addStep", R"({"ClusterId.$": "$.cluster", "Step": {}})"), exact);
  CHECK(refused.refused());
  const auto* f = finding(refused, "G009");
  REQUIRE(f != nullptr);
  // --resource names targets, not a row's vars: the message says what the resource is built from
  // and the note what would help (a static ClusterId, or any resource).
  CHECK(f->diagnostic.message == "state 'Call' calls elasticmapreduce:addStep on a resource built from ClusterId, "
                                 "which is chosen at run time (ClusterId.$: \"$.cluster\")");
  CHECK(f->diagnostic.span.pointer == "/States/Call/Parameters/ClusterId.$");
  REQUIRE(f->diagnostic.notes.size() == 1);
  CHECK(f->diagnostic.notes[0].message ==
        "the integration builds the resource's ARN from ClusterId: give ClusterId a static value in the Task, or make "
        "the explicit choice of any resource (\"*\" in its place)");
  // The same for a var read from a parameter of another name (EKS's ${ClusterName} from Name).
  const auto named = run(one_task("arn:aws:states:::eks:deleteCluster", R"({"Name.$": "$.cluster"})"), exact);
  REQUIRE(finding(named, "G009") != nullptr);
  CHECK(contains(finding(named, "G009")->diagnostic.message, "on a resource built from Name, which is chosen at run time"));

  const auto allowed = run(one_task("arn:aws:states:::elasticmapreduce:addStep", R"({"ClusterId.$": "$.cluster", "Step": {}})"));
  CHECK(permissions(allowed) ==
        Grants{"AddStep: elasticmapreduce:AddJobFlowSteps -> arn:aws:elasticmapreduce:us-east-1:111122223333:cluster/*"});
  REQUIRE(finding(allowed, "G010") != nullptr);

  // A var only an optional statement reads (the role passed) refuses nothing: that statement is
  // left out with G016.
  const auto optional = run(one_task("arn:aws:states:::emr-serverless:startJobRun",
                                     R"({"ApplicationId": "00abc", "ExecutionRoleArn.$": "$.role", "JobDriver": {}})"));
  CHECK_FALSE(optional.refused());
  CHECK(finding(optional, "G016") != nullptr);
  CHECK(permissions(optional) ==
        Grants{"StartJobRun: emr-serverless:StartJobRun -> arn:aws:emr-serverless:us-east-1:111122223333:/applications/00abc"});
}

// Athena's GetQueryResults reads the results from S3, so the role needs s3:GetObject on the
// results location, which the query execution id does not tell. The definition's own
// startQueryExecution Tasks do, when they all name the same static OutputLocation.
// https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
std::string athena_query(const std::string& start_payload, const std::string& second_start = "") {
  const std::string role = iamsmith::test::kTargetRole;
  auto task = [&](const std::string& name, const std::string& api, const std::string& payload, const std::string& next) {
    return "\"" + name + "\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::athena:" + api +
           "\", \"Credentials\": {\"RoleArn\": \"" + role + "\"}, \"Parameters\": " + payload +
           (next.empty() ? std::string(", \"End\": true}") : ", \"Next\": \"" + next + "\"}");
  };
  std::string states = task("Start", "startQueryExecution.sync", start_payload, second_start.empty() ? "Results" : "Again");
  if (!second_start.empty()) states += ", " + task("Again", "startQueryExecution.sync", second_start, "Results");
  states += ", " + task("Results", "getQueryResults", R"({"QueryExecutionId.$": "$.QueryExecution.QueryExecutionId"})", "");
  return "{\"StartAt\": \"Start\", \"States\": {" + states + "}}";
}

TEST_CASE("athena:getQueryResults reads its results where the definition's startQueryExecution writes them") {
  const std::string bi = R"({"QueryString": "SELECT 1", "WorkGroup": "bi", "ResultConfiguration": {"OutputLocation": "s3://query-out/bi/"}})";
  const auto named = run(athena_query(bi));
  REQUIRE_FALSE(named.refused());
  const Grants grants = permissions(named);
  CHECK(std::find(grants.begin(), grants.end(), "ReadQueryResults: s3:GetObject -> arn:aws:s3:::query-out/bi/*") !=
        grants.end());
  // No statement of the role is on every bucket.
  for (const std::string& g : grants) CHECK_MESSAGE(!contains(g, "arn:aws:s3:::*"), g);

  // The same location twice is still one location.
  CHECK(permissions(run(athena_query(bi, bi))) == grants);

  // Results in the work group's output location (no OutputLocation), or in two places: which one
  // a call reads is not known, so the grant is left out and G016 says what to add by hand.
  const std::string in_work_group = R"({"QueryString": "SELECT 1", "WorkGroup": "bi"})";
  const std::string elsewhere =
      R"({"QueryString": "SELECT 2", "WorkGroup": "bi", "ResultConfiguration": {"OutputLocation": "s3://other-out/"}})";
  // (No structured binding: clang 14 cannot capture one in doctest's CAPTURE.)
  for (const auto& starts : {std::pair{in_work_group, std::string()}, std::pair{bi, elsewhere},
                             std::pair{bi, in_work_group}}) {
    const std::string& first = starts.first;
    const std::string& second = starts.second;
    const auto r = run(athena_query(first, second));
    CAPTURE(first);
    CAPTURE(second);
    REQUIRE_FALSE(r.refused());
    for (const std::string& g : permissions(r)) CHECK_MESSAGE(!contains(g, "ReadQueryResults"), g);
    bool omitted = false;
    for (const auto& f : r.findings) {
      if (f.diagnostic.rule_id != "G016" || !contains(f.diagnostic.message, "ReadQueryResults")) continue;
      omitted = true;
      CHECK(f.diagnostic.severity == iamsmith::Severity::Warning);
      CHECK(contains(f.diagnostic.message, "state 'Results'"));
      REQUIRE_FALSE(f.diagnostic.notes.empty());
      CHECK(contains(f.diagnostic.notes[0].message, "s3:GetObject on the query results location"));
      CHECK(contains(f.diagnostic.notes[0].message, "API_GetQueryResults.html"));
    }
    CHECK(omitted);
  }
}

TEST_CASE("\"vars_from\" in an integration file must name a row and come with \"vars\" (G002)") {
  auto read = [](const std::string& row) {
    iamsmith::gen::IntegrationTable table = iamsmith::gen::builtin_integrations();
    const auto doc = iamsmith::json::parse("{\"integrations\": [" + row + "]}");
    REQUIRE(doc.root.has_value());
    std::vector<iamsmith::gen::Finding> findings;
    iamsmith::gen::extend_integrations(table, *doc.root, 0, findings);
    return findings;
  };
  const std::string head = R"({"id": "x:read", "resource": "arn:${Partition}:states:::x:read", "target": "none",
                               "docs": "https://example.com/x", "statements": [{"sid": "Read", "actions": ["s3:GetObject"],
                               "resources": ["arn:${Partition}:s3:::${OutBucket}/*"], "optional": true}])";
  CHECK(read(head + R"(, "vars": {"Out": "Output"}, "vars_from": "athena:startQueryExecution"})").empty());
  const auto unknown = read(head + R"(, "vars": {"Out": "Output"}, "vars_from": "athena:startQuery"})");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].diagnostic.rule_id == "G002");
  CHECK(contains(unknown[0].diagnostic.message, "\"vars_from\" names \"athena:startQuery\", which is no integration row"));
  CHECK(unknown[0].diagnostic.span.pointer == "/integrations/0/vars_from");
  const auto without_vars = read(head + R"(, "vars_from": "athena:startQueryExecution"})");
  REQUIRE(without_vars.size() == 1);
  CHECK(contains(without_vars[0].diagnostic.message, "\"vars_from\" needs \"vars\""));
}

TEST_CASE("eks:runJob and eks:call: IAM grants nothing, and G016 says what Kubernetes RBAC needs") {
  const std::string run_job = one_task(
      "arn:aws:states:::eks:runJob.sync",
      R"({"ClusterName": "batch", "CertificateAuthority": "Q0E=", "Endpoint": "https://ABC.gr7.us-east-1.eks.amazonaws.com",
          "Namespace": "jobs", "Job": {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "report"}}})");
  const auto r = run(run_job);
  CHECK_FALSE(r.refused());
  // The role still needs its trust policy and the execution role sts:AssumeRole; no permission
  // policy is written, as it would hold no statement.
  CHECK(iamsmith::test::policy_named(r, "TargetRole.trust.json") != nullptr);
  CHECK(iamsmith::test::policy_named(r, "OrdersExecution.assume-role.json") != nullptr);
  CHECK(iamsmith::test::policy_named(r, "TargetRole.permissions.json") == nullptr);
  const auto* w = finding(r, "G016");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(w->diagnostic.span.pointer == "/States/Call/Resource");
  const std::string& m = w->diagnostic.message;
  CHECK(contains(m, "state 'Call' calls eks:runJob: IAM grants nothing for it"));
  CHECK(contains(m, "Kubernetes API of cluster batch"));
  CHECK(contains(m, std::string("as ") + iamsmith::test::kTargetRole));
  CHECK(contains(m, "Kubernetes RBAC authorises the call"));
  CHECK(contains(m, "EKS access entry, or the aws-auth ConfigMap"));
  CHECK(contains(m, "create batch/v1 jobs"));
  bool cites = false;
  for (const auto& n : w->diagnostic.notes) {
    cites = cites || contains(n.message, "https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html");
  }
  CHECK(cites);
  CHECK(finding(r, "G010") == nullptr);

  // eks:call names the request; a cluster chosen at run time refuses nothing (IAM names no
  // resource from it) and the message says which parameter names it.
  const auto call = run(one_task("arn:aws:states:::eks:call",
                                 R"({"ClusterName.$": "$.cluster", "CertificateAuthority": "Q0E=",
                                     "Endpoint": "https://ABC.gr7.us-east-1.eks.amazonaws.com", "Method": "GET",
                                     "Path": "/api/v1/namespaces/jobs/pods"})"));
  CHECK_FALSE(call.refused());
  CHECK(iamsmith::test::policy_named(call, "TargetRole.permissions.json") == nullptr);
  const auto* c = finding(call, "G016");
  REQUIRE(c != nullptr);
  CHECK(contains(c->diagnostic.message, "sends GET /api/v1/namespaces/jobs/pods to the Kubernetes API of cluster "
                                        "(ClusterName chosen at run time)"));
  // eks:call offers request-response only.
  CHECK(finding(run(one_task("arn:aws:states:::eks:call.sync", R"({"ClusterName": "batch"})")), "G014") != nullptr);

  // Beside a call IAM authorises, the role's permission policy holds that call's statements only.
  const std::string both =
      "{\"StartAt\": \"Run\", \"States\": {\"Run\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::eks:runJob\", "
      "\"Credentials\": {\"RoleArn\": \"" + std::string(iamsmith::test::kTargetRole) + "\"}, \"Parameters\": "
      "{\"ClusterName\": \"batch\", \"Job\": {}}, \"Next\": \"Delete\"}, \"Delete\": {\"Type\": \"Task\", \"Resource\": "
      "\"arn:aws:states:::eks:deleteCluster\", \"Credentials\": {\"RoleArn\": \"" + std::string(iamsmith::test::kTargetRole) +
      "\"}, \"Parameters\": {\"Name\": \"batch\"}, \"End\": true}}}";
  CHECK(permissions(run(both)) ==
        Grants{"DeleteCluster: eks:DeleteCluster -> arn:aws:eks:us-east-1:111122223333:cluster/batch"});
}

TEST_CASE("an integration row without statements must say what authorises the call instead (G002)") {
  auto read = [](const std::string& row) {
    iamsmith::gen::IntegrationTable table = iamsmith::gen::builtin_integrations();
    const auto doc = iamsmith::json::parse("{\"integrations\": [" + row + "]}");
    REQUIRE(doc.root.has_value());
    std::vector<iamsmith::gen::Finding> findings;
    iamsmith::gen::extend_integrations(table, *doc.root, 0, findings);
    return findings;
  };
  const std::string head = R"({"id": "k8s:apply", "resource": "arn:${Partition}:states:::k8s:apply", "target": "none",
                               "docs": "https://example.com/k8s", "statements": [])";
  const auto refused = read(head + "}");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].diagnostic.rule_id == "G002");
  CHECK(contains(refused[0].diagnostic.message, "needs a non-empty \"statements\" array (or an empty one with "
                                                "\"outside_iam\""));
  CHECK(read(head + R"(, "outside_iam": "the cluster's RBAC authorises it"})").empty());
}

TEST_CASE("an activity Task needs no statement of the target role; the warning says why") {
  const std::string def =
      "{\"StartAt\": \"Work\", \"States\": {\"Work\": {\"Type\": \"Task\", \"Resource\": "
      "\"arn:aws:states:us-east-1:111122223333:activity:Review\", \"Credentials\": {\"RoleArn\": \"" +
      std::string(iamsmith::test::kTargetRole) + "\"}, \"Next\": \"Put\"}, \"Put\": {\"Type\": \"Task\", "
      "\"Resource\": \"arn:aws:states:::dynamodb:putItem\", \"Credentials\": {\"RoleArn\": \"" +
      std::string(iamsmith::test::kTargetRole) + "\"}, \"Parameters\": {\"TableName\": \"T\", \"Item\": {}}, \"End\": true}}}";
  const auto r = run(def);
  CHECK_FALSE(r.refused());
  const auto* w = finding(r, "G016");
  REQUIRE(w != nullptr);
  CHECK(contains(w->diagnostic.message, "runs the activity"));
  CHECK(permissions(r) == Grants{"PutItemIntoT: dynamodb:PutItem -> arn:aws:dynamodb:us-east-1:111122223333:table/T"});

  // An activity alone: nothing to generate, and G015 does not claim that no Task has Credentials.
  const auto alone = run(one_task("arn:aws:states:us-east-1:111122223333:activity:Review", "{}"));
  CHECK(alone.refused());
  const auto* g = finding(alone, "G015");
  REQUIRE(g != nullptr);
  CHECK(g->diagnostic.message == "no cross-account call found: no Task but an activity (whose workers use their own "
                                 "credentials) has Credentials, and no target was given");
  CHECK(finding(alone, "G016") != nullptr);
}

TEST_CASE("JSONata string literals are constants; $$.StateMachine.Id is the state machine itself") {
  const auto literal = run(one_task("arn:aws:states:::glue:startJobRun", R"({"JobName": "{% 'etl_job' %}"})",
                                    std::string("{\"RoleArn\": \"") + iamsmith::test::kTargetRole + "\"}", "JSONata"));
  CHECK(permissions(literal) == Grants{"StartJobRunEtlJob: glue:StartJobRun -> arn:aws:glue:us-east-1:111122223333:job/etl_job"});
  const auto expression = run_exact(one_task("arn:aws:states:::glue:startJobRun", R"({"JobName": "{% $states.input.job %}"})",
                                       std::string("{\"RoleArn\": \"") + iamsmith::test::kTargetRole + "\"}", "JSONata"));
  CHECK(finding(expression, "G009") != nullptr);

  const auto self = run(one_task("arn:aws:states:::states:startExecution", R"({"StateMachineArn.$": "$$.StateMachine.Id"})"));
  CHECK(permissions(self) == Grants{"StartOrders: states:StartExecution -> arn:aws:states:us-east-1:123456789012:stateMachine:Orders"});
}

bool has_permissions(const iamsmith::gen::Result& r) {
  return iamsmith::test::policy_named(r, "TargetRole.permissions.json") != nullptr;
}

TEST_CASE("generated aws-sdk and new-row policies lint clean") {
  std::vector<std::string> definitions;
  for (const Case& c : kSdkCases) definitions.push_back(one_task(c.resource, c.payload));
  for (const Case& c : kOptimisedCases) {
    if (!c.expected.empty()) definitions.push_back(one_task(c.resource, c.payload));
  }
  // Resources chosen at run time, granted on every one of the type in the target account (S3's
  // under s3:ResourceAccount, which W013 and W003 take as narrowing).
  definitions.push_back(one_task("arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket.$": "$.bucket", "Key.$": "$.key"})"));
  definitions.push_back(one_task("arn:aws:states:::aws-sdk:s3:putObject", R"({"Bucket.$": "$.bucket", "Key": "out.json"})"));
  definitions.push_back(one_task("arn:aws:states:::aws-sdk:s3:copyObject",
                                 R"j({"Bucket": "out", "Key.$": "$.key", "CopySource.$": "States.Format('{}/{}', $.b, $.k)"})j"));
  // Reads of stored data chosen at run time: every table, every secret of the target account.
  // W013 rightly reports them, as G010 did when they were generated; nothing else may.
  const std::vector<std::string> data_reads = {
      one_task("arn:aws:states:::aws-sdk:dynamodb:scan", R"({"TableName.$": "$.table"})"),
      one_task("arn:aws:states:::aws-sdk:secretsmanager:getSecretValue", R"({"SecretId.$": "$.secret"})")};
  definitions.insert(definitions.end(), data_reads.begin(), data_reads.end());
  definitions.push_back(one_task("arn:aws:states:::lambda:invoke", R"({"FunctionName.$": "$.fn"})"));
  definitions.push_back(one_task("arn:aws:states:::sns:publish", R"({"TopicArn.$": "$.topic", "Message": "m"})"));
  for (const std::string& d : definitions) {
    const auto r = run(d);
    CHECK_MESSAGE(has_permissions(r), d, findings_text(r));
    for (const auto& p : r.policies) {
      iamsmith::LintContext context;
      context.kind = p.attachment == iamsmith::gen::Attachment::Trust ? iamsmith::PolicyKind::Trust
                                                                      : iamsmith::PolicyKind::Identity;
      context.partition = p.partition;
      context.account = p.account;
      context.role_arn = p.role_arn;
      context.state_machine_arn = iamsmith::test::kStateMachine;
      context.execution_role_arn = iamsmith::test::kExecutionRole;
      const auto loaded = iamsmith::load_policy_text(p.text, p.file);
      std::string seen;
      // The one accepted finding: MediaConvert's CreateJob acts on the queue, job template and
      // presets the job names, most of them inside Settings (or the account's Default queue when
      // none is named); the row grants it on "*" and says so in its note, and W003 rightly
      // reports that grant.
      const bool mediaconvert_job = d.find("mediaconvert:createJob") != std::string::npos;
      const bool data_read = std::find(data_reads.begin(), data_reads.end(), d) != data_reads.end() &&
                             p.attachment != iamsmith::gen::Attachment::Trust &&
                             p.file.find("permissions") != std::string::npos;
      std::size_t w013 = 0;
      for (const auto& diag : iamsmith::lint(loaded, context)) {
        if (mediaconvert_job && diag.rule_id == "W003" && diag.message.find("mediaconvert:CreateJob") != std::string::npos) continue;
        if (data_read && diag.rule_id == "W013") {
          ++w013;
          continue;
        }
        if (diag.severity >= iamsmith::Severity::Warning) seen += " [" + diag.rule_id + "] " + diag.message + ";";
      }
      CHECK_MESSAGE(seen.empty(), d, " ", p.file, seen);
      if (data_read) CHECK_MESSAGE(w013 == 1, d, " ", p.file);
    }
  }
}


// Workflow variables (Assign): a value read from a variable counts with what it is assigned, so
// a constant stays a constant and an expression keeps its static parts.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
std::string with_variables(const std::string& language, const std::string& assign, const std::string& resource,
                           const std::string& payload) {
  const std::string key = language == "JSONata" ? "Arguments" : "Parameters";
  return "{\"QueryLanguage\": \"" + language + "\", \"StartAt\": \"Set\", \"States\": {\"Set\": {\"Type\": \"Pass\", "
         "\"Assign\": " + assign + ", \"Next\": \"Call\"}, \"Call\": {\"Type\": \"Task\", \"Resource\": \"" + resource +
         "\", \"Credentials\": {\"RoleArn\": \"" + iamsmith::test::kTargetRole + "\"}, \"" + key + "\": " + payload +
         ", \"End\": true}}}";
}

TEST_CASE("workflow variables (JSONata): a value assigned once is what a Task's parameter reads") {
  const std::string sdk_get = "arn:aws:states:::aws-sdk:s3:getObject";
  // A constant: the bucket is static.
  CHECK(permissions(run(with_variables("JSONata", R"({"bucket": "reports"})", sdk_get,
                                       R"({"Bucket": "{% $bucket %}", "Key": "k.csv"})"))) ==
        Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/k.csv"});
  // An expression with static parts, read through another variable and a concatenation.
  CHECK(permissions(run(with_variables("JSONata",
                                       R"({"bucket": "reports", "base": "daily", "id": "{% 'run-' & $states.input.n %}"})",
                                       sdk_get, R"({"Bucket": "{% $bucket %}", "Key": "{% $base & '/' & $id & '.csv' %}"})"))) ==
        Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/daily/run-*.csv"});
  // A field of an object variable.
  CHECK(permissions(run(with_variables("JSONata", R"({"cfg": {"bucket": "reports", "key": "a.csv"}})", sdk_get,
                                       R"({"Bucket": "{% $cfg.bucket %}", "Key": "{% $cfg.key %}"})"))) ==
        Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/a.csv"});
  // The optimised integrations read their target the same way.
  CHECK(permissions(run(with_variables("JSONata", R"({"table": "Orders"})", "arn:aws:states:::dynamodb:getItem",
                                       R"({"TableName": "{% $table %}", "Key": {}})"))) ==
        Grants{"GetItemFromOrders: dynamodb:GetItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"});
}

TEST_CASE("workflow variables (JSONPath): \"key.$\": \"$name\" reads the constant the variable is assigned") {
  const std::string sdk_get = "arn:aws:states:::aws-sdk:s3:getObject";
  CHECK(permissions(run(with_variables("JSONPath", R"({"bucket": "reports"})", sdk_get,
                                       R"({"Bucket.$": "$bucket", "Key": "k.csv"})"))) ==
        Grants{"GetObject: s3:GetObject -> arn:aws:s3:::reports/k.csv"});
  // A field of an object variable, and a nested parameter.
  CHECK(permissions(run(with_variables("JSONPath", R"({"cfg": {"table": "Orders"}})", "arn:aws:states:::dynamodb:getItem",
                                       R"({"TableName.$": "$cfg.table", "Key": {}})"))) ==
        Grants{"GetItemFromOrders: dynamodb:GetItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"});
  // A path from the input ("name.$") is chosen at run time, and so is what reads it.
  const auto input = run_exact(with_variables("JSONPath", R"({"bucket.$": "$.bucket"})", sdk_get,
                                        R"({"Bucket.$": "$bucket", "Key": "k"})"));
  const auto* f = finding(input, "G009");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "state 'Call' calls s3:GetObject on a resource chosen at run time (Bucket.$: \"$bucket\")");
  // An input path is not a variable.
  CHECK(finding(run_exact(with_variables("JSONPath", R"({"bucket": "reports"})", sdk_get, R"({"Bucket.$": "$.bucket", "Key": "k"})")),
                "G009") != nullptr);
}

TEST_CASE("workflow variables: a target role held in a variable is the role it is assigned") {
  const std::string role = iamsmith::test::kTargetRole;
  auto definition = [&](const std::string& language, const std::string& role_field, const std::string& assign) {
    const std::string payload_key = language == "JSONata" ? "Arguments" : "Parameters";
    return "{\"QueryLanguage\": \"" + language + "\", \"StartAt\": \"Set\", \"States\": {\"Set\": {\"Type\": \"Pass\", "
           "\"Assign\": " + assign + ", \"Next\": \"Call\"}, \"Call\": {\"Type\": \"Task\", \"Resource\": "
           "\"arn:aws:states:::dynamodb:getItem\", \"Credentials\": {" + role_field + "}, \"" + payload_key +
           "\": {\"TableName\": \"Orders\", \"Key\": {}}, \"End\": true}}}";
  };
  const Grants expected{"GetItemFromOrders: dynamodb:GetItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"};
  const std::string assign = "{\"target\": \"" + role + "\"}";
  for (const std::string& def : {definition("JSONPath", "\"RoleArn.$\": \"$target\"", assign),
                                 definition("JSONata", "\"RoleArn\": \"{% $target %}\"", assign)}) {
    CAPTURE(def);
    const auto r = run(def);
    REQUIRE_FALSE(r.refused());
    CHECK(permissions(r) == expected);
    CHECK(iamsmith::test::policy_named(r, "TargetRole.trust.json") != nullptr);
  }
  // Assigned from the input: the role is chosen at run time, as before.
  const auto dynamic = run(definition("JSONPath", "\"RoleArn.$\": \"$target\"", "{\"target.$\": \"$.role\"}"));
  CHECK(iamsmith::test::policy_named(dynamic, "TargetRole.trust.json") == nullptr);
}

TEST_CASE("workflow variables: unknown, reassigned, run-time or circular values stay chosen at run time") {
  const std::string sdk_get = "arn:aws:states:::aws-sdk:s3:getObject";
  // Never assigned.
  CHECK(finding(run_exact(with_variables("JSONata", R"({"other": "x"})", sdk_get, R"({"Bucket": "{% $bucket %}", "Key": "k"})")),
                "G009") != nullptr);
  // From the input.
  const auto input = run_exact(with_variables("JSONata", R"({"bucket": "{% $states.input.bucket %}"})", sdk_get,
                                        R"({"Bucket": "{% $bucket %}", "Key": "k"})"));
  const auto* f = finding(input, "G009");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'Call' calls s3:GetObject on a resource chosen at run time (Bucket: \"{% $bucket %}\")");
  // Circular.
  CHECK(finding(run_exact(with_variables("JSONata", R"({"a": "{% $b %}", "b": "{% $a %}"})", sdk_get,
                                   R"({"Bucket": "{% $a %}", "Key": "k"})")),
                "G009") != nullptr);
  // Assigned two different values (here by the Task's Catcher): either may be read.
  const std::string two =
      "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"Set\", \"States\": {\"Set\": {\"Type\": \"Pass\", \"Assign\": "
      "{\"bucket\": \"reports\"}, \"Next\": \"Call\"}, \"Call\": {\"Type\": \"Task\", \"Resource\": \"" + sdk_get +
      "\", \"Credentials\": {\"RoleArn\": \"" + std::string(iamsmith::test::kTargetRole) + "\"}, \"Arguments\": "
      "{\"Bucket\": \"{% $bucket %}\", \"Key\": \"k\"}, \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Assign\": "
      "{\"bucket\": \"fallback\"}, \"Next\": \"Call\"}], \"End\": true}}}";
  CHECK(finding(run_exact(two), "G009") != nullptr);
}

TEST_CASE("http:invoke without a connection: G011 names both places it may be given") {
  // Neither: the message names both places.
  const auto none = run(one_task("arn:aws:states:::http:invoke", R"({"ApiEndpoint": "https://api.example.com", "Method": "GET"})"));
  const auto* f = finding(none, "G011");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message == "state 'Call' calls http:invoke without Authentication.ConnectionArn (or "
                                 "InvocationConfig.ConnectionArn); it names the http-connection to call");
}

TEST_CASE("integration rows: one note shared with note_of") {
  // The built-in EKS rows: eks:call's note is eks:runJob's, written once.
  const auto& table = iamsmith::gen::builtin_integrations();
  const iamsmith::gen::Integration* run_job = nullptr;
  const iamsmith::gen::Integration* call = nullptr;
  for (const auto& row : table.rows) {
    if (row.id == "eks:runJob") run_job = &row;
    if (row.id == "eks:call") call = &row;
  }
  REQUIRE(run_job != nullptr);
  REQUIRE(call != nullptr);
  CHECK_FALSE(run_job->note.empty());
  CHECK(call->note == run_job->note);

  auto read = [](const std::string& rows) {
    iamsmith::gen::IntegrationTable t = iamsmith::gen::builtin_integrations();
    const auto doc = iamsmith::json::parse("{\"integrations\": [" + rows + "]}");
    REQUIRE(doc.root.has_value());
    std::vector<iamsmith::gen::Finding> findings;
    iamsmith::gen::extend_integrations(t, *doc.root, 0, findings);
    return std::make_pair(t, findings);
  };
  const std::string row = R"({"id": "k8s:apply", "resource": "arn:${Partition}:states:::k8s:apply", "target": "none",
                              "docs": "https://example.com/k8s", "statements": [], "outside_iam": "RBAC")";
  const auto [shared, ok] = read(row + R"(, "note_of": "eks:runJob"})");
  CHECK(ok.empty());
  CHECK(shared.rows.front().note == run_job->note);
  const auto [unknown, refused] = read(row + R"(, "note_of": "k8s:nothing"})");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].diagnostic.rule_id == "G002");
  CHECK(refused[0].diagnostic.message == "\"note_of\" names \"k8s:nothing\", which is no row with a note");
}

}  // namespace
