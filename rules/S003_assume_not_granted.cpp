// S003 assume-not-granted: reported by `iamsmith verify` (src/core/verify), which sees the whole
// chain; a single policy cannot show it, so the rule has no lint check.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kS003AssumeNotGranted{
    .id = "S003",
    .name = "assume-not-granted",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The execution role's policies do not allow sts:AssumeRole on the role a Task's Credentials name "
        "(reported by iamsmith verify).",
    .rationale =
        "Step Functions assumes a Task's role with the execution role's own credentials. In a cross-account "
        "call both sides must agree: the target role's trust policy must let the execution role in, and the "
        "execution role's identity policy must allow sts:AssumeRole on the target role. Without the second, "
        "every run of the Task fails with an AccessDenied that does not say which side refused.",
    .exceptions =
        "verify reads only the policy files it is given: a permission the execution role gets from another "
        "attached policy (or a managed policy) is not seen; pass that policy too.",
    .fix =
        "Add a statement allowing sts:AssumeRole on the target role ARN to the execution role's policy "
        "(iamsmith generate writes it as <ExecutionRole>.assume-role.json), or correct the Resource that "
        "names the role.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"AssumeLambdaRole\",\n"
        "      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Resource\": \"arn:aws:iam::111122223333:role/LambdaRoleOld\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"AssumeLambdaRole\",\n"
        "      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Resource\": \"arn:aws:iam::111122223333:role/LambdaRole\"\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
                        .execution_role_arn = "arn:aws:iam::123456789012:role/OrdersExecution",
                        .role_arn = "arn:aws:iam::111122223333:role/LambdaRole",
                        .target_resource = "arn:aws:lambda:us-east-1:111122223333:function:Echo",
                        .target_integration = "arn:aws:states:::lambda:invoke"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html",
    .check = nullptr,
    .verified_link = ChainLink::AssumeRole,
};

}  // namespace iamsmith::rules
