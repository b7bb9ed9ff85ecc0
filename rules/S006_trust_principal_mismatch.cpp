// S006 trust-principal-mismatch: reported by `iamsmith verify` (src/core/verify), which knows the
// execution role that asks; the rule has no lint check.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kS006TrustPrincipalMismatch{
    .id = "S006",
    .name = "trust-principal-mismatch",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The target role's trust policy does not let the state machine's execution role assume it: no "
        "statement names that role as principal, or another of its conditions fails (reported by iamsmith "
        "verify).",
    .rationale =
        "Step Functions calls AssumeRole as the execution role. A trust policy that names another role (an "
        "old name, another account, a user instead of the role) refuses the call, and the Task fails with "
        "AccessDenied. A wrong sts:ExternalId is S001's finding, a principal in another partition X001's.",
    .exceptions =
        "A principal that trusts the whole account (arn:aws:iam::ACCOUNT:root) lets the execution role in "
        "only when its own policy allows the call too; verify checks both links.",
    .fix =
        "Name the execution role's ARN in the statement's Principal \"AWS\" (iamsmith generate writes the "
        "statement as <Role>.trust.json), keeping the sts:ExternalId condition.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:role/LegacyExecution\"},\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\"StringEquals\": {\n"
        "        \"sts:ExternalId\": \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"\n"
        "      }}\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Principal/AWS",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:role/OrdersExecution\"},\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\"StringEquals\": {\n"
        "        \"sts:ExternalId\": \"arn:aws:states:us-east-1:123456789012:stateMachine:Orders\"\n"
        "      }}\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
                        .execution_role_arn = "arn:aws:iam::123456789012:role/OrdersExecution",
                        .role_arn = "arn:aws:iam::111122223333:role/LambdaRole",
                        .target_resource = "arn:aws:lambda:us-east-1:111122223333:function:Echo",
                        .target_integration = "arn:aws:states:::lambda:invoke"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    .check = nullptr,
    .verified_link = ChainLink::Trust,
};

}  // namespace iamsmith::rules
