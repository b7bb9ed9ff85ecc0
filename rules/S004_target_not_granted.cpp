// S004 target-not-granted: reported by `iamsmith verify` (src/core/verify), which derives each
// Task's calls as the generator does; a single policy cannot show it, so the rule has no lint check.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kS004TargetNotGranted{
    .id = "S004",
    .name = "target-not-granted",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The target role's policies do not allow a call its Task makes: the action on the resource, as "
        "iamsmith generate derives them from the Task (reported by iamsmith verify).",
    .rationale =
        "Once Step Functions has assumed the Task's role, the call runs with that role's permissions only. "
        "A missing action, or a Resource that names another function, queue or table (or only its "
        "qualified versions), makes the Task fail with AccessDenied after the role was assumed successfully.",
    .exceptions =
        "verify reads only the policy files it is given: permissions from other attached policies are not "
        "seen. A resource in another account than the target role also needs its own resource policy, which "
        "verify does not check.",
    .fix =
        "Add the statement iamsmith generate writes for the Task to the role's permission policy "
        "(<Role>.permissions.json), or correct the Action or Resource that should grant the call.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"InvokeEcho\",\n"
        "      \"Effect\": \"Allow\",\n      \"Action\": \"lambda:InvokeFunction\",\n"
        "      \"Resource\": \"arn:aws:lambda:us-east-1:111122223333:function:Echo:*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"InvokeEcho\",\n"
        "      \"Effect\": \"Allow\",\n      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": [\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:Echo\",\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:Echo:*\"\n      ]\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
                        .execution_role_arn = "arn:aws:iam::123456789012:role/OrdersExecution",
                        .role_arn = "arn:aws:iam::111122223333:role/LambdaRole",
                        .target_action = "lambda:InvokeFunction",
                        .target_resource = "arn:aws:lambda:us-east-1:111122223333:function:Echo",
                        .target_integration = "arn:aws:states:::lambda:invoke"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    .check = nullptr,
    .verified_link = ChainLink::Permissions,
};

}  // namespace iamsmith::rules
