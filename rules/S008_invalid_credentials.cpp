#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.definition == nullptr) return;
  for (sfn::Check& c : sfn::invalid_credentials_checks(*in.definition)) s::report(out, std::move(c));
}

}  // namespace

extern const Rule kS008InvalidCredentials{
    .id = "S008",
    .name = "invalid-credentials",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A state's Credentials is misused: on a state other than Task, not an object, empty, with keys "
        "other than RoleArn, without RoleArn, a RoleArn that is not a string, or a static RoleArn that "
        "is not one IAM role ARN.",
    .rationale =
        "Step Functions rejects such a definition at CreateStateMachine or fails the Task at run time; "
        "only a Task's Credentials tells it which role to assume, and only through RoleArn.",
    .exceptions = "",
    .fix =
        "Give Task states \"Credentials\": {\"RoleArn\": \"arn:PARTITION:iam::ACCOUNT:role/NAME\"} (or "
        "\"RoleArn.$\" with a path); move Credentials from Parallel and Map states to the Tasks inside them.",
    .bad_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:user/Deployer\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"Echo\"},\n      \"End\": true\n    }\n  }\n}\n",
    .bad_pointer = "/States/Call/Credentials/RoleArn",
    .good_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"Echo\"},\n      \"End\": true\n    }\n  }\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-state-fields\n"
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskCredentials.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .check = check,
};

}  // namespace iamsmith::rules
