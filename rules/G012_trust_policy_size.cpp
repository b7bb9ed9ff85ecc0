// G012 trust-policy-size: reported by `iamsmith generate` (src/core/generate/); lint never runs it.
#include "iamsmith/lint.hpp"

namespace iamsmith::rules {

extern const Rule kG012TrustPolicySize{
    .id = "G012",
    .name = "trust-policy-size",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A generated trust policy is close to or over the role trust policy length quota "
        "(--trust-policy-quota, 2,048 characters by default).",
    .rationale =
        "A target role that serves many state machines trusts each execution role with each state "
        "machine ARN as an external ID; the trust policy grows with every one. IAM rejects a trust "
        "policy over the quota, so the deployment would fail.",
    .exceptions = "An account whose quota was raised (up to 4,096) may pass --trust-policy-quota.",
    .fix =
        "Give some state machines their own target role, or ask for a quota increase and pass it "
        "with --trust-policy-quota.",
    .bad_example =
        "{\n"
        "  \"stateMachines\": [\n"
        "    {\n"
        "      \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "      \"executionRoleArn\": \"arn:aws:iam::111122223333:role/OrdersExecution\",\n"
        "      \"targets\": [{\"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\", \"integration\": "
        "\"arn:aws:states:::lambda:invoke\", \"resources\": [\"Echo\"]}]\n"
        "    },\n"
        "    {\n"
        "      \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Refunds\",\n"
        "      \"executionRoleArn\": \"arn:aws:iam::111122223333:role/RefundsExecution\",\n"
        "      \"targets\": [{\"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\", \"integration\": "
        "\"arn:aws:states:::lambda:invoke\", \"resources\": [\"Echo\"]}]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "",
    .good_example =
        "{\n"
        "  \"stateMachineArn\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\",\n"
        "  \"executionRoleArn\": \"arn:aws:iam::111122223333:role/OrdersExecution\",\n"
        "  \"targets\": [\n"
        "    {\n"
        "      \"roleArn\": \"arn:aws:iam::444455556666:role/LambdaRole\",\n"
        "      \"integration\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"resources\": [\"Echo\"]\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context =
        {
            .trust_policy_quota = 400,
        },
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .example_input = ExampleInput::GenerateSpec,
    .check = nullptr,
};

}  // namespace iamsmith::rules
