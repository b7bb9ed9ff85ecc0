// G007 unknown-integration: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG007UnknownIntegration{
    .id = "G007",
    .name = "unknown-integration",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A Task's Resource (or a spec target's integration) is in no row of the integration table.",
    .rationale =
        "The integration table says which IAM actions on which resources each Step Functions "
        "integration needs. For a Resource it does not know, `iamsmith generate` cannot tell what "
        "the target role must be allowed to do, and it refuses rather than guess.",
    .exceptions = "A newer or less common integration may be correct but missing from the built-in table.",
    .fix =
        "Check the Resource for a typo (arn:aws:states:::lambda:invoke, "
        "arn:aws:states:::aws-sdk:SERVICE:ACTION, ...). For an integration the table lacks, add a "
        "row with --integrations FILE (the format of rules/integrations.json).",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invokeFunction\",\n"
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
