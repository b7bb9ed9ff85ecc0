// G003 invalid-arn: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG003InvalidArn{
    .id = "G003",
    .name = "invalid-arn",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A state machine, execution role, target role or resource ARN is malformed, of the wrong "
        "kind, holds a wildcard, or is in an unknown partition.",
    .rationale =
        "Each generated statement names these ARNs exactly: the trust policy's principal is the "
        "execution role, its sts:ExternalId the state machine ARN, and the execution role's policy "
        "grants sts:AssumeRole on the target role. An ARN that is not exactly one role or state "
        "machine would produce policies that grant nothing, or more than intended.",
    .exceptions = "",
    .fix =
        "Give the full ARN of exactly one resource of the expected kind: "
        "arn:PARTITION:iam::ACCOUNT:role/NAME for roles, "
        "arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME for the state machine.",
    .bad_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws:iam::111122223333:user/Deployer\",\n"
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
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .example_input = ExampleInput::GenerateSpec,
    .check = nullptr,
};

}  // namespace iamsmith::rules
