#include <array>
#include <vector>

#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Until service data arrives, this rule knows only these actions: each one writes, invokes,
// deletes or changes permissions, and each one takes a resource ARN in the Resource element
// (its resource type is marked required in the Service Authorization Reference,
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
// Left out on purpose: read and list actions (Get*, List*, Describe*), actions that accept only
// "*" (xray:PutTraceSegments, cloudwatch:PutMetricData, logs:CreateLogDelivery), actions whose
// resource-level support was not confirmed (states:SendTaskSuccess), services whose Step Functions templates
// use "*" because their resource-level support is partial (batch:SubmitJob, glue:StartJobRun,
// https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html),
// and iam:PassRole / sts:AssumeRole, which W008 and W009 check.
constexpr std::array<std::string_view, 88> kResourceScopedActions = {
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
    "states:StartExecution",
    "states:StartSyncExecution",
    "states:StopExecution",
    "states:DeleteStateMachine",
    "states:UpdateStateMachine",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
    "lambda:InvokeFunction",
    "lambda:InvokeFunctionUrl",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "lambda:DeleteFunction",
    "lambda:AddPermission",
    "lambda:RemovePermission",
    "lambda:PublishVersion",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:PurgeQueue",
    "sqs:DeleteQueue",
    "sqs:SetQueueAttributes",
    "sqs:AddPermission",
    "sqs:RemovePermission",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
    "sns:Publish",
    "sns:Subscribe",
    "sns:DeleteTopic",
    "sns:SetTopicAttributes",
    "sns:AddPermission",
    "sns:RemovePermission",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteTable",
    "dynamodb:UpdateTable",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:PutObjectAcl",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
    "events:PutEvents",
    "events:PutRule",
    "events:PutTargets",
    "events:DeleteRule",
    "events:RemoveTargets",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
    "ecs:RunTask",
    "ecs:StartTask",
    "ecs:StopTask",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html
    "kinesis:PutRecord",
    "kinesis:PutRecords",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesisfirehose.html
    "firehose:PutRecord",
    "firehose:PutRecordBatch",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RotateSecret",
    "secretsmanager:PutResourcePolicy",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
    "ssm:PutParameter",
    "ssm:DeleteParameter",
    "ssm:DeleteParameters",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:CreateUser",
    "iam:DeleteUser",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicy",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodebuild.html
    "codebuild:StartBuild",
    "codebuild:StopBuild",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "logs:DeleteLogGroup",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
    "ec2:TerminateInstances",
    "ec2:StopInstances",
    "ec2:StartInstances",
    "ec2:RebootInstances",
};

// The known resource-scoped actions one Action value grants. "*" and "service:*" are left to
// W001 and W002, which already report them.
std::vector<std::string_view> scoped_actions_of(std::string_view pattern) {
  std::vector<std::string_view> found;
  if (w::matches_every_action(pattern) || w::whole_service(pattern)) return found;
  for (const std::string_view action : kResourceScopedActions) {
    if (action_matches(pattern, action)) found.push_back(action);
  }
  return found;
}

// A tag condition narrows even with "*" (the tag must be present); other keys need a value.
bool scope_value(std::string_view key, std::string_view value) {
  const std::size_t colon = key.find(':');
  return w::istarts_with(key.substr(colon + 1), "ResourceTag/") || !w::is_all_stars(value);
}

// Whether a condition narrows the resources `action` reaches: a key on the resource's tags,
// account or organization, or any key of the action's own service ("ecs:cluster",
// "events:ManagedBy", "secretsmanager:SecretId"). Without service data the rule cannot tell
// which service keys describe the resource, so it gives every one of them the benefit of the
// doubt.
bool scoped_by_condition(const Statement& st, std::string_view action) {
  const std::string_view service = action.substr(0, action.find(':'));
  const auto scopes = [service](std::string_view key) {
    if (w::is_resource_scoping_key(key)) return true;
    const std::size_t colon = key.find(':');
    return colon != std::string_view::npos && w::iequals(key.substr(0, colon), service);
  };
  return w::find_narrowing_condition(st, scopes, scope_value, true) != nullptr;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // In a resource policy "*" means the resource the policy is attached to (a KMS key policy
  // says "Resource": "*" for the key itself), so only identity policies are checked.
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
  if (in.kind != PolicyKind::Identity) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action || !st.resource) continue;
    std::vector<std::string_view> actions;
    for (const Scalar& value : *st.action) {
      for (const std::string_view action : scoped_actions_of(value.text)) {
        if (std::find(actions.begin(), actions.end(), action) != actions.end()) continue;
        if (!scoped_by_condition(st, action)) actions.push_back(action);
      }
    }
    if (actions.empty()) continue;
    for (const Scalar& resource : *st.resource) {
      if (!w::is_all_stars(resource.text)) continue;
      out.report(resource.span,
                 "resource " + in_quotes(resource.text) + " lets " + w::quoted_list(actions, 3) +
                     " act on every resource of " + (actions.size() == 1 ? "its service" : "their services") +
                     ", although " + (actions.size() == 1 ? "it takes" : "they take") +
                     " specific resource ARNs",
                 {{"name the resources, e.g. the function, queue, table or state machine ARNs the tasks use",
                   std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kW003ResourceWildcard{
    .id = "W003",
    .name = "resource-wildcard",
    .severity = Severity::Security,
    .status = RuleStatus::Preview,
    .summary =
        "An Allow statement applies an action that supports resource-level permissions to \"Resource\": "
        "\"*\".",
    .rationale =
        "With \"*\" the action reaches every resource of its kind in every account that trusts the "
        "principal: every Lambda function, every queue, every state machine. Step Functions writes such "
        "policies for tasks whose resource comes from the state input; naming the resources keeps a "
        "crafted input from reaching resources the workflow never meant to touch.",
    .exceptions =
        "Approximation until service data arrives: the rule knows a curated list of about 90 actions "
        "that write, invoke, delete or change permissions and certainly take resource ARNs (Step "
        "Functions, Lambda, SQS, SNS, DynamoDB items and tables, S3 objects and bucket policies, "
        "EventBridge, ECS tasks, Kinesis, Firehose, Secrets Manager, SSM parameters, KMS key "
        "administration, IAM roles/users/policies, CodeBuild, CloudWatch Logs, EC2 instance state). "
        "Every other action is not checked, in particular read and list actions (Get*, List*, "
        "Describe*), which often must use \"*\", and actions that only accept \"*\" "
        "(xray:PutTraceSegments, cloudwatch:PutMetricData). \"*\" and \"service:*\" actions are left to "
        "W001 and W002. Only identity policies are checked: in a resource policy \"*\" stands for the "
        "resource the policy is attached to. An action is not reported when a narrowing condition "
        "(StringEquals, StringLike, ArnLike, ... or Null = false; not negated, not ...IfExists) is on "
        "aws:ResourceTag/..., <service>:ResourceTag/..., aws:ResourceAccount, aws:ResourceOrgID, "
        "aws:ResourceOrgPaths, or on any key of the action's own service (\"ecs:cluster\", "
        "\"events:ManagedBy\"), since without service data the rule cannot tell which of those "
        "describe the resource. Only a bare \"*\" is reported, not ARN patterns such as "
        "\"arn:aws:sqs:*:*:*\". When the resource really is chosen at run time (a dynamic Step "
        "Functions parameter), narrow it by account and name prefix instead.",
    .fix =
        "Replace \"*\" with the ARNs of the resources the actions work on; move actions that only accept "
        "\"*\" "
        "into a statement of their own.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": [\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\",\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard:*\"\n      ]\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html",
    .check = check,
};

}  // namespace iamsmith::rules
