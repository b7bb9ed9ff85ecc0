// G010 wildcard-granted: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG010WildcardGranted{
    .id = "G010",
    .name = "wildcard-granted",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A generated statement grants more than the resources the definition names: a resource chosen "
        "at run time, granted on every resource of its type in the target account; a role chosen at run "
        "time, with --allow-any-role; or an integration that names no resource (\"*\").",
    .rationale =
        "Such a grant lets the target role call every resource of the kind in its account (or the "
        "execution role assume every role that trusts it), more than the state machine may need. It is "
        "generated because the definition picks the resource at run time, the user opted in, or "
        "nothing narrower exists, and reported so that it is a decision, not an accident. An S3 bucket's "
        "ARN names no account, so \"every bucket\" is conditioned on s3:ResourceAccount, the target "
        "account.",
    .exceptions =
        "Multi-tenant state machines that pick a resource from the input, and integrations without "
        "resource-level permissions, may need it.",
    .fix =
        "Name what the Task may call: --resource STATE=ARN[,ARN...] for a dynamic resource, "
        "--role-arn ARN for a dynamic role, \"resources\" in a spec target; --exact-resources makes a "
        "resource chosen at run time an error (G009) instead.",
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
        },
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
