// G001 invalid-spec: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG001InvalidSpec{
    .id = "G001",
    .name = "invalid-spec",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A spec file, or a --target or --resource value, is malformed: not JSON, an unknown or "
        "missing key, or a value of the wrong type.",
    .rationale =
        "The spec is what `iamsmith generate` builds every policy from. A key it does not know (a "
        "typo such as \"target\" for \"targets\") would otherwise be skipped silently and the policies "
        "generated without the calls it meant to describe, so generation is refused instead.",
    .exceptions = "",
    .fix =
        "Correct the spec at the reported position. A spec is {\"stateMachineArn\", "
        "\"executionRoleArn\", \"targets\": [{\"roleArn\", \"integration\", \"resources\"}]}, or "
        "{\"stateMachines\": [ such objects ]}; --target takes "
        "ROLE_ARN=INTEGRATION=RESOURCE[,RESOURCE...] and --resource STATE=ARN[,ARN...].",
    .bad_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws:iam::111122223333:role/OrdersExecution\",\n"
        "  \"targets\": [\n"
        "    {\n"
        "      \"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\",\n"
        "      \"integration\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"resource\": [\"arn:aws:lambda:us-east-1:444455556666:function:Echo\"]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/targets/0/resource",
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .example_input = ExampleInput::GenerateSpec,
    .check = nullptr,
};

}  // namespace iamsmith::rules
