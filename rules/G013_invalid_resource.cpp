// G013 invalid-resource: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG013InvalidResource{
    .id = "G013",
    .name = "invalid-resource",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A value that should name the Task's target (a function, queue, topic, table, ...) names no "
        "resource of that kind.",
    .rationale =
        "The permission policy is granted on the ARN derived from that value. A value of another "
        "kind (a queue ARN where a function is called) or a malformed one would grant on a resource "
        "the Task never calls, and the call itself would be denied.",
    .exceptions = "",
    .fix =
        "Give the target as a name, or the ARN of a resource of the kind the integration calls (for "
        "lambda:invoke: a function name, name:qualifier, or function ARN).",
    .bad_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws:iam::111122223333:role/OrdersExecution\",\n"
        "  \"targets\": [\n"
        "    {\n"
        "      \"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\",\n"
        "      \"integration\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"resources\": [\"arn:aws:sqs:us-east-1:444455556666:orders\"]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/targets/0/resources/0",
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .example_input = ExampleInput::GenerateSpec,
    .check = nullptr,
};

}  // namespace iamsmith::rules
