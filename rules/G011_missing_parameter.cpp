// G011 missing-parameter: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG011MissingParameter{
    .id = "G011",
    .name = "missing-parameter",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A Task (or a spec target) lacks the parameter that names its target, such as FunctionName "
        "for lambda:invoke.",
    .rationale =
        "Step Functions needs that parameter to make the call, and `iamsmith generate` needs it to "
        "name the resource in the permission policy. Without it there is nothing to grant on but "
        "\"*\".",
    .exceptions = "",
    .fix =
        "Add the parameter to the Task's Parameters (JSONPath) or Arguments (JSONata), or list the "
        "resource in the spec target's \"resources\".",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"Payload.$\": \"$\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .bad_pointer = "/States/Call/Parameters",
    .good_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:444455556666:function:Echo\", "
        "\"Payload.$\": \"$\"},\n"
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
