#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "generate_test_support.hpp"
#include "iamsmith/generate.hpp"

namespace {

using iamsmith::test::one_task;
using iamsmith::test::permissions;
using iamsmith::test::run;
using Grants = std::vector<std::string>;

struct Row {
  const char* resource;
  const char* payload;
  Grants expected;
};

// One case per integration row and pattern: the exact permission policy of the target role.
const Row kRows[] = {
    {"arn:aws:lambda:us-east-1:111122223333:function:Echo", "{}",
     {"InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Echo,"
      "arn:aws:lambda:us-east-1:111122223333:function:Echo:*"}},
    {"arn:aws:states:::lambda:invoke", R"({"FunctionName": "Echo"})",
     {"InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Echo,"
      "arn:aws:lambda:us-east-1:111122223333:function:Echo:*"}},
    {"arn:aws:states:::lambda:invoke.waitForTaskToken", R"({"FunctionName": "Echo:live"})",
     {"InvokeEcho: lambda:InvokeFunction -> arn:aws:lambda:us-east-1:111122223333:function:Echo,"
      "arn:aws:lambda:us-east-1:111122223333:function:Echo:*"}},
    {"arn:aws:states:::sqs:sendMessage", R"({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/jobs"})",
     {"SendToJobs: sqs:SendMessage -> arn:aws:sqs:us-east-1:111122223333:jobs"}},
    {"arn:aws:states:::sns:publish.waitForTaskToken", R"({"TopicArn": "arn:aws:sns:us-east-1:111122223333:alerts"})",
     {"PublishToAlerts: sns:Publish -> arn:aws:sns:us-east-1:111122223333:alerts"}},
    {"arn:aws:states:::dynamodb:getItem", R"({"TableName": "Orders"})",
     {"GetItemFromOrders: dynamodb:GetItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}},
    {"arn:aws:states:::dynamodb:putItem", R"({"TableName": "Orders"})",
     {"PutItemIntoOrders: dynamodb:PutItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}},
    {"arn:aws:states:::dynamodb:updateItem", R"({"TableName": "Orders"})",
     {"UpdateItemInOrders: dynamodb:UpdateItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}},
    {"arn:aws:states:::dynamodb:deleteItem", R"({"TableName": "Orders"})",
     {"DeleteItemFromOrders: dynamodb:DeleteItem -> arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}},
    {"arn:aws:states:::ecs:runTask",
     R"({"TaskDefinition": "web:3", "Cluster": "main", "Overrides": {"TaskRoleArn": "arn:aws:iam::111122223333:role/WebTask",
         "ExecutionRoleArn": "arn:aws:iam::111122223333:role/WebExec"}})",
     {"PassRolesForWeb: iam:PassRole -> arn:aws:iam::111122223333:role/WebExec,arn:aws:iam::111122223333:role/WebTask "
      "[StringEquals iam:PassedToService=ecs-tasks.amazonaws.com]",
      "RunTaskWeb: ecs:RunTask -> arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"}},
    // Without the roles in Overrides, iam:PassRole is left out (with a warning), never widened.
    {"arn:aws:states:::ecs:runTask.sync", R"({"TaskDefinition": "web"})",
     {"MonitorWebTasks: ecs:DescribeTasks,ecs:StopTask -> arn:aws:ecs:us-east-1:111122223333:task/*",
      "RunTaskWeb: ecs:RunTask -> arn:aws:ecs:us-east-1:111122223333:task-definition/web:*"}},
    {"arn:aws:states:::batch:submitJob", R"({"JobName": "nightly", "JobDefinition": "d", "JobQueue": "q"})",
     {"SubmitJobNightly: batch:SubmitJob -> arn:aws:batch:us-east-1:111122223333:job-definition/d:*,"
      "arn:aws:batch:us-east-1:111122223333:job-queue/q,arn:aws:batch:us-east-1:111122223333:job/*"}},
    {"arn:aws:states:::batch:submitJob.sync", R"({"JobName": "nightly"})",
     {"MonitorNightly: batch:DescribeJobs -> *",
      "StopNightly: batch:TerminateJob -> arn:aws:batch:us-east-1:111122223333:job/*",
      "SubmitJobNightly: batch:SubmitJob -> arn:aws:batch:us-east-1:111122223333:job-definition/*,"
      "arn:aws:batch:us-east-1:111122223333:job-queue/*,arn:aws:batch:us-east-1:111122223333:job/*"}},
    {"arn:aws:states:::glue:startJobRun", R"({"JobName": "etl"})",
     {"StartJobRunEtl: glue:StartJobRun -> arn:aws:glue:us-east-1:111122223333:job/etl"}},
    {"arn:aws:states:::glue:startJobRun.sync", R"({"JobName": "etl"})",
     {"MonitorEtl: glue:BatchStopJobRun,glue:GetJobRun,glue:GetJobRuns -> arn:aws:glue:us-east-1:111122223333:job/etl",
      "StartJobRunEtl: glue:StartJobRun -> arn:aws:glue:us-east-1:111122223333:job/etl"}},
    {"arn:aws:states:::states:startExecution", R"({"StateMachineArn": "arn:aws:states:us-east-1:111122223333:stateMachine:Child"})",
     {"StartChild: states:StartExecution -> arn:aws:states:us-east-1:111122223333:stateMachine:Child"}},
    // Cross-account .sync: the target role polls, so Describe/Stop and no EventBridge rule.
    {"arn:aws:states:::states:startExecution.sync", R"({"StateMachineArn": "Child"})",
     {"MonitorChild: states:DescribeExecution,states:StopExecution -> "
      "arn:aws:states:us-east-1:111122223333:execution:Child:*",
      "StartChild: states:StartExecution -> arn:aws:states:us-east-1:111122223333:stateMachine:Child"}},
    {"arn:aws:states:::states:startExecution.sync:2", R"({"StateMachineArn": "Child"})",
     {"MonitorChild: states:DescribeExecution,states:StopExecution -> "
      "arn:aws:states:us-east-1:111122223333:execution:Child:*",
      "StartChild: states:StartExecution -> arn:aws:states:us-east-1:111122223333:stateMachine:Child"}},
    {"arn:aws:states:::aws-sdk:sfn:startSyncExecution", R"({"StateMachineArn": "Express"})",
     {"StartSyncExpress: states:StartSyncExecution -> arn:aws:states:us-east-1:111122223333:stateMachine:Express"}},
    {"arn:aws:states:::events:putEvents", R"({"Entries": [{"Source": "s"}]})",
     {"PutEventsOnDefault: events:PutEvents -> arn:aws:events:us-east-1:111122223333:event-bus/default"}},
    {"arn:aws:states:::events:putEvents", R"({"Entries": [{"EventBusName": "orders"}, {"EventBusName": "audit"}]})",
     {"PutEventsOnAudit: events:PutEvents -> arn:aws:events:us-east-1:111122223333:event-bus/audit",
      "PutEventsOnOrders: events:PutEvents -> arn:aws:events:us-east-1:111122223333:event-bus/orders"}},
    {"arn:aws:states:::apigateway:invoke",
     R"({"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Stage": "prod", "Method": "GET", "Path": "/pets"})",
     {"InvokeApiAbc123: execute-api:Invoke -> arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/pets"}},
    {"arn:aws:states:::http:invoke",
     R"({"ApiEndpoint": "https://api.stripe.com/v1/charges", "Method": "POST",
         "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:111122223333:connection/stripe/1a2b"}})",
     {"CallEndpointThroughStripe: states:InvokeHTTPEndpoint -> * "
      "[StringEquals states:HTTPEndpoint=https://api.stripe.com/v1/charges] [StringEquals states:HTTPMethod=POST]",
      "ReadStripeConnectionSecret: secretsmanager:DescribeSecret,secretsmanager:GetSecretValue -> "
      "arn:aws:secretsmanager:us-east-1:111122223333:secret:events!connection/stripe/*",
      "UseStripeConnection: events:RetrieveConnectionCredentials -> "
      "arn:aws:events:us-east-1:111122223333:connection/stripe/1a2b"}},
    {"arn:aws:states:::bedrock:invokeModel", R"({"ModelId": "anthropic.claude-v2"})",
     {"InvokeModelAnthropicClaudeV2: bedrock:InvokeModel -> arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"}},
    {"arn:aws:states:::athena:startQueryExecution", R"({"QueryString": "SELECT 1"})",
     {"GetDataAccessForPrimary: lakeformation:GetDataAccess -> *",
      "ReadCatalogForPrimary: glue:GetDatabase,glue:GetPartitions,glue:GetTable -> arn:aws:glue:us-east-1:111122223333:catalog",
      "StartQueryInPrimary: athena:GetDataCatalog,athena:StartQueryExecution -> "
      "arn:aws:athena:us-east-1:111122223333:datacatalog/*,arn:aws:athena:us-east-1:111122223333:workgroup/primary"}},
    {"arn:aws:states:::athena:startQueryExecution.sync", R"({"WorkGroup": "reports"})",
     {"GetDataAccessForReports: lakeformation:GetDataAccess -> *",
      "MonitorReportsQueries: athena:GetQueryExecution,athena:StopQueryExecution -> "
      "arn:aws:athena:us-east-1:111122223333:workgroup/reports",
      "ReadCatalogForReports: glue:GetDatabase,glue:GetPartitions,glue:GetTable -> arn:aws:glue:us-east-1:111122223333:catalog",
      "StartQueryInReports: athena:GetDataCatalog,athena:StartQueryExecution -> "
      "arn:aws:athena:us-east-1:111122223333:datacatalog/*,arn:aws:athena:us-east-1:111122223333:workgroup/reports"}},
    {"arn:aws:states:::codebuild:startBuild", R"({"ProjectName": "site"})",
     {"StartBuildSite: codebuild:StartBuild -> arn:aws:codebuild:us-east-1:111122223333:project/site"}},
    {"arn:aws:states:::codebuild:startBuild.sync", R"({"ProjectName": "site"})",
     {"MonitorSiteBuilds: codebuild:BatchGetBuilds,codebuild:StopBuild -> arn:aws:codebuild:us-east-1:111122223333:project/site",
      "StartBuildSite: codebuild:StartBuild -> arn:aws:codebuild:us-east-1:111122223333:project/site"}},
    {"arn:aws:states:::s3:getObject", R"({"Bucket": "data", "Key": "in.json"})",
     {"ReadData: s3:GetObject -> arn:aws:s3:::data/in.json"}},
    {"arn:aws:states:::s3:putObject", R"({"Bucket": "data", "Prefix": "out/"})",
     {"WriteData: s3:PutObject -> arn:aws:s3:::data/out/*"}},
};

TEST_CASE("generate: every integration row grants exactly its actions on exactly its resources") {
  for (const Row& row : kRows) {
    const std::string resource = row.resource;
    const std::string payload = row.payload;
    CAPTURE(resource);
    CAPTURE(payload);
    const auto r = run(one_task(row.resource, row.payload));
    CHECK(permissions(r) == row.expected);
  }
}

TEST_CASE("generate: ECS iam:PassRole without the roles is left out with a warning") {
  const auto r = run(one_task("arn:aws:states:::ecs:runTask", R"({"TaskDefinition": "web"})"));
  const auto* w = iamsmith::test::finding(r, "G016");
  REQUIRE(w != nullptr);
  CHECK(w->diagnostic.severity == iamsmith::Severity::Warning);
  CHECK(w->diagnostic.message == "state 'Call': the PassRolesForWeb statement (iam:PassRole) is not generated: the "
                                 "resources it needs are not named in the task");
  CHECK(iamsmith::test::contains(w->diagnostic.notes[0].message, "Overrides.TaskRoleArn"));
}

TEST_CASE("generate: the same rows read from JSONata Arguments") {
  const auto r = run(one_task("arn:aws:states:::sqs:sendMessage",
                              R"({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/111122223333/jobs", "MessageBody": "{% $states.input %}"})",
                              std::string("{\"RoleArn\": \"") + iamsmith::test::kTargetRole + "\"}", "JSONata"));
  CHECK(permissions(r) == Grants{"SendToJobs: sqs:SendMessage -> arn:aws:sqs:us-east-1:111122223333:jobs"});
}

TEST_CASE("generate: generic aws-sdk calls map the SDK service to its IAM prefix") {
  iamsmith::gen::Options options;
  options.resources.push_back(iamsmith::gen::ResourceOverride{
      "Call", {iamsmith::gen::Text{"arn:aws:states:us-east-1:111122223333:execution:Child:run1", 0, {}}}, {}});
  const auto r = run(one_task("arn:aws:states:::aws-sdk:sfn:describeExecution", R"({"ExecutionArn.$": "$.arn"})"), options);
  CHECK(permissions(r) == Grants{"DescribeExecution: states:DescribeExecution -> "
                                 "arn:aws:states:us-east-1:111122223333:execution:Child:run1"});

  // Known exceptions: the IAM action has another name than the API.
  const auto list = run(one_task("arn:aws:states:::aws-sdk:s3:listObjectsV2", R"({"Bucket": "b"})"));
  CHECK(permissions(list) == Grants{"ListObjectsV2: s3:ListBucket -> arn:aws:s3:::b"});

  const auto logs = run(one_task("arn:aws:states:::aws-sdk:cloudwatchlogs:putLogEvents", R"({"LogGroupName": "app"})"));
  CHECK(permissions(logs) == Grants{"PutLogEvents: logs:PutLogEvents -> "
                                    "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:*"});
}

TEST_CASE("generate: an unknown integration is an error naming the state") {
  const auto r = run(one_task("arn:aws:states:::lambda:invokeAsync", R"({"FunctionName": "f"})"));
  CHECK(r.refused());
  CHECK(r.policies.empty());
  const auto* f = iamsmith::test::finding(r, "G007");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'Call' calls \"arn:aws:states:::lambda:invokeAsync\", which is in no row of the integration table");
  CHECK(f->diagnostic.span.pointer == "/States/Call/Resource");
}

TEST_CASE("generate: a pattern the service does not offer is refused") {
  const auto r = run(one_task("arn:aws:states:::aws-sdk:s3:getObject.sync", R"({"Bucket": "b"})"));
  const auto* f = iamsmith::test::finding(r, "G014");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'Call' calls aws-sdk with the .sync pattern, which it does not offer (it offers request-response, "
        ".waitForTaskToken)");
  const auto d = run(one_task("arn:aws:states:::dynamodb:putItem.waitForTaskToken", R"({"TableName": "t"})"));
  CHECK(iamsmith::test::finding(d, "G014") != nullptr);
}

TEST_CASE("generate: a missing target parameter is an error") {
  const auto r = run(one_task("arn:aws:states:::lambda:invoke", R"({"Payload": {}})"));
  const auto* f = iamsmith::test::finding(r, "G011");
  REQUIRE(f != nullptr);
  CHECK(f->diagnostic.message ==
        "state 'Call' calls lambda:invoke without FunctionName; it names the lambda-function to call");
}

TEST_CASE("generate: --integrations rows extend and take precedence over the built-in table") {
  iamsmith::gen::IntegrationTable table = iamsmith::gen::builtin_integrations();
  std::vector<iamsmith::gen::Finding> findings;
  const auto doc = iamsmith::json::parse(R"({"integrations": [{
      "id": "scheduler:createSchedule", "resource": "arn:${Partition}:states:::aws-sdk:scheduler:createSchedule",
      "target": "none", "docs": "https://docs.aws.amazon.com/scheduler/latest/UserGuide/security_iam_id-based-policy-examples.html",
      "statements": [{"sid": "CreateSchedules", "actions": ["scheduler:CreateSchedule"],
                      "resources": ["arn:${Partition}:scheduler:us-east-1:111122223333:schedule/default/*"]}]}]})");
  iamsmith::gen::extend_integrations(table, *doc.root, 2, findings);
  CHECK(findings.empty());
  const auto r = iamsmith::gen::generate({iamsmith::test::setup_of(one_task("arn:aws:states:::aws-sdk:scheduler:createSchedule", "{}"))},
                                         {}, table);
  CHECK(permissions(r) == Grants{"CreateSchedules: scheduler:CreateSchedule -> "
                                 "arn:aws:scheduler:us-east-1:111122223333:schedule/default/*"});
}

TEST_CASE("generate: a malformed --integrations file is reported with positions") {
  iamsmith::gen::IntegrationTable table;
  std::vector<iamsmith::gen::Finding> findings;
  const auto doc = iamsmith::json::parse(R"({"integrations": [{"id": "x", "resource": "r", "target": "lamda-function",
      "docs": "d", "statements": [{"sid": "S", "actions": ["a"]}]}]})");
  iamsmith::gen::extend_integrations(table, *doc.root, 3, findings);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].input == 3);
  CHECK(findings[0].diagnostic.rule_id == "G002");
  CHECK(findings[0].diagnostic.message == "unknown target kind \"lamda-function\"; did you mean \"lambda-function\"?");
  CHECK(findings[0].diagnostic.span.pointer == "/integrations/0/target");
  CHECK(findings[1].diagnostic.message == "a statement template needs \"sid\", \"actions\" and \"resources\"");
}

TEST_CASE("generate: the built-in table is consistent") {
  const auto& table = iamsmith::gen::builtin_integrations();
  CHECK_FALSE(table.source.empty());
  for (const auto& row : table.rows) {
    CAPTURE(row.id);
    CHECK(row.docs.rfind("https://docs.aws.amazon.com/", 0) == 0);
    // A row without statements says what authorises its call instead of IAM.
    CHECK((!row.statements.empty() || !row.outside_iam.empty()));
    for (const auto& st : row.statements) {
      for (const auto& p : st.patterns) {
        CHECK(std::find(row.patterns.begin(), row.patterns.end(), p) != row.patterns.end());
      }
    }
  }
  CHECK(table.sdk_service_prefixes.at("sfn") == "states");
}

}  // namespace
