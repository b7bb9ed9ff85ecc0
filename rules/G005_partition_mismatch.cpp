// G005 partition-mismatch: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG005PartitionMismatch{
    .id = "G005",
    .name = "partition-mismatch",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The execution role is in another partition than the state machine.",
    .rationale =
        "A state machine runs with an execution role of its own partition; IAM roles delegate "
        "access across accounts only within one partition, so a role in aws-cn or aws-us-gov cannot "
        "serve a state machine in aws. The policies generated for it could never be used.",
    .exceptions = "",
    .fix =
        "Use an execution role in the state machine's partition (the second field of both ARNs must "
        "match).",
    .bad_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws-cn:iam::111122223333:role/OrdersExecution\",\n"
        "  \"targets\": [\n"
        "    {\n"
        "      \"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\",\n"
        "      \"integration\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"resources\": [\"arn:aws:lambda:us-east-1:444455556666:function:Echo\"]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/executionRoleArn",
    .good_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws:iam::111122223333:role/OrdersExecution\",\n"
        "  \"targets\": [\n"
        "    {\n"
        "      \"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\",\n"
        "      \"integration\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"resources\": [\"arn:aws:lambda:us-east-1:444455556666:function:Echo\"]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .example_input = ExampleInput::GenerateSpec,
    .check = nullptr,
};

}  // namespace iamsmith::rules
