#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.definition == nullptr) return;
  for (std::size_t i = 0; i < in.definition->states.size(); ++i) {
    if (auto c = sfn::dynamic_role_check(*in.definition, i)) s::report(out, std::move(*c));
  }
}

}  // namespace

extern const Rule kS005DynamicRole{
    .id = "S005",
    .name = "dynamic-role",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A Task's Credentials RoleArn is resolved at run time (RoleArn.$ in JSONPath, a {% %} "
        "expression in JSONata).",
    .rationale =
        "Which role the Task assumes depends on the execution input, so neither a reviewer nor a "
        "generator can tell from the definition which roles the execution role must be allowed to "
        "assume. The usual shortcut, sts:AssumeRole on \"*\", lets the state machine assume any role "
        "that trusts it.",
    .exceptions =
        "Multi-tenant state machines that pick the tenant's role from the input need this; list the "
        "roles explicitly (iamsmith generate --role-arn) rather than granting \"*\".",
    .fix =
        "Use a static RoleArn, or keep the dynamic one and give `iamsmith generate` every role it may "
        "resolve "
        "to with --role-arn so that sts:AssumeRole names exactly those roles.",
    .bad_example =
        "{\n  \"StartAt\": \"Notify\",\n  \"States\": {\n    \"Notify\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::sns:publish\",\n"
        "      \"Credentials\": {\"RoleArn.$\": \"$.notifierRoleArn\"},\n"
        "      \"Parameters\": {\"TopicArn\": \"arn:aws:sns:us-east-1:444455556666:events\", "
        "\"Message.$\": \"$\"},\n      \"End\": true\n    }\n  }\n}\n",
    .bad_pointer = "/States/Notify/Credentials/RoleArn.$",
    .good_example =
        "{\n  \"StartAt\": \"Notify\",\n  \"States\": {\n    \"Notify\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::sns:publish\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::444455556666:role/NotifierRole\"},\n"
        "      \"Parameters\": {\"TopicArn\": \"arn:aws:sns:us-east-1:444455556666:events\", "
        "\"Message.$\": \"$\"},\n      \"End\": true\n    }\n  }\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html#task-state-fields\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .check = check,
    // The generator cannot grant a role it does not know: it refuses without --role-arn.
    .generate_severity = Severity::Error,
};

}  // namespace iamsmith::rules
