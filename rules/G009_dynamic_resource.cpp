// G009 dynamic-resource: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG009DynamicResource{
    .id = "G009",
    .name = "dynamic-resource",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A Task's target resource is chosen at run time (a .$ path or a JSONata expression), "
        "--exact-resources asks for every target to be named, and --resource does not say what it may be.",
    .rationale =
        "The permission policy must name the resources the Task calls. When the definition reads "
        "the resource from the execution input, only the user knows which resources that can be. "
        "Without --exact-resources, generate grants every resource of the type in the target account "
        "and says so (G010); with it, generation stops here, for pipelines where a policy must never "
        "be wider than the resources someone named.",
    .exceptions = "",
    .fix =
        "Name the resources with --resource STATE=ARN[,ARN...], make the parameter static, or leave out "
        "--exact-resources to grant every resource of the type in the target account (reported as G010).",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName.$\": \"$.function\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .bad_pointer = "/States/Call/Parameters/FunctionName.$",
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
            .exact_resources = true,
        },
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
