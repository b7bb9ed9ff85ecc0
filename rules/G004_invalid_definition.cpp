// G004 invalid-definition: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/rule.hpp"

namespace iamsmith::rules {

extern const Rule kG004InvalidDefinition{
    .id = "G004",
    .name = "invalid-definition",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The state machine definition is malformed: not JSON, a state without a Type or with an "
        "unknown one, a Task without a Resource, or a payload field of the other query language. "
        "Comments and trailing commas are reported under this id as a warning.",
    .rationale =
        "`iamsmith generate` derives each Task's role, integration and resource from the "
        "definition; a state it cannot read is a call it cannot see, and the policies would miss "
        "it. Step Functions also rejects such a definition when the state machine is created or "
        "updated. Comments and trailing commas are accepted leniently, with a warning, because Step "
        "Functions rejects them but nothing else is unclear.",
    .exceptions = "",
    .fix =
        "Correct the definition at the reported position (Amazon States Language: every state has a "
        "\"Type\", every Task a string \"Resource\"), and remove comments and trailing commas.",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Call\",\n"
        "  \"States\": {\n"
        "    \"Call\": {\n"
        "      \"Type\": \"Tsk\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:444455556666:function:Echo\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .bad_pointer = "/States/Call/Type",
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
    .lenient_severity = Severity::Warning,
};

}  // namespace iamsmith::rules
