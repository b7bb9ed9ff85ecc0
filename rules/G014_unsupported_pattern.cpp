// G014 unsupported-pattern: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG014UnsupportedPattern{
    .id = "G014",
    .name = "unsupported-pattern",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A Task calls an integration with a pattern (.sync, .sync:2, .waitForTaskToken) the service "
        "does not offer.",
    .rationale =
        "Each optimized integration supports only some service integration patterns; Step Functions "
        "rejects a Resource with another one. The policies for it could never be used, and the "
        "intended pattern is unclear.",
    .exceptions = "",
    .fix =
        "Use a pattern the integration offers (the message lists them), or the request-response "
        "form without a suffix.",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke.sync\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:444455556666:function:Echo\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .bad_pointer = "/States/Call/Resource",
    .good_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:444455556666:function:Echo\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .example_context =
        {
            .state_machine_arn = "arn:aws:states:us-east-1:111122223333:stateMachine:Orders",
            .execution_role_arn = "arn:aws:iam::111122223333:role/OrdersExecution",
        },
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
