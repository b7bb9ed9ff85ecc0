// G016 statement-omitted: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG016StatementOmitted{
    .id = "G016",
    .name = "statement-omitted",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A permission the call needs is not in the generated policy: an optional statement whose "
        "resources the Task does not name (ECS RunTask's iam:PassRole without Overrides.TaskRoleArn "
        "or ExecutionRoleArn), or a call that something other than IAM authorises (the Kubernetes "
        "API of eks:call and eks:runJob: Kubernetes RBAC).",
    .rationale =
        "Some calls need permissions on resources only the payload can name: ECS RunTask passes the "
        "task definition's task role and execution role to ECS, which needs iam:PassRole on them. "
        "Rather than widen iam:PassRole to \"*\", the statement is left out, and the call fails until "
        "it is added. Other calls are authorised outside IAM: Step Functions calls an EKS cluster's "
        "Kubernetes API as the target role, and Kubernetes RBAC decides, so no IAM statement can "
        "grant the call; the finding says what the role needs in the cluster (the integration "
        "table's \"outside_iam\" for the row).",
    .exceptions =
        "The statement may be attached to the role by other means, or the task definition may use "
        "no roles; for a call authorised outside IAM, the cluster may already map the role.",
    .fix =
        "Name the roles in the Task (Overrides.TaskRoleArn and Overrides.ExecutionRoleArn), or add "
        "the iam:PassRole statement to the target role by hand. For eks:call and eks:runJob, map "
        "the target role to a Kubernetes user or group in the cluster (an EKS access entry, or the "
        "aws-auth ConfigMap) bound to a Role that allows the call.",
    .bad_example =
        "{\n"
        "  \"StartAt\": \"Run\",\n"
        "  \"States\": {\n"
        "    \"Run\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::ecs:runTask\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/EcsRole\"},\n"
        "      \"Parameters\": {\"TaskDefinition\": "
        "\"arn:aws:ecs:us-east-1:444455556666:task-definition/report:3\"},\n"
        "      \"End\": true\n"
        "    }\n"
        "  }\n"
        "}\n",
    .bad_pointer = "/States/Run/Resource",
    .good_example =
        "{\n"
        "  \"StartAt\": \"Run\",\n"
        "  \"States\": {\n"
        "    \"Run\": {\n"
        "      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::ecs:runTask\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/EcsRole\"},\n"
        "      \"Parameters\": {\"TaskDefinition\": "
        "\"arn:aws:ecs:us-east-1:444455556666:task-definition/report:3\", \"Overrides\": {\"TaskRoleArn\": "
        "\"arn:aws:iam::444455556666:role/ReportTask\"}},\n"
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
        "https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html\n"
        "https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html",
    .example_input = ExampleInput::GenerateDefinition,
    .check = nullptr,
};

}  // namespace iamsmith::rules
