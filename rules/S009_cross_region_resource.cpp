#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.definition == nullptr) return;
  const auto machine = s::state_machine(in.context);
  if (!machine || machine->region.empty()) return;
  const asl::Definition& def = *in.definition;
  for (std::size_t i = 0; i < def.states.size(); ++i) {
    const asl::State& state = def.states[i];
    if (!s::is_task_with_credentials(state)) continue;
    const sfn::ResolveContext context =
        s::resolve_context(state, machine->partition, machine->region, machine->account);
    for (const sfn::CallTarget& t : s::task_targets(state, context, in.context)) {
      if (auto c = sfn::cross_region_check(s::state_label(def, i), t, machine->region)) s::report(out, std::move(*c));
    }
  }
}

}  // namespace

extern const Rule kS009CrossRegionResource{
    .id = "S009",
    .name = "cross-region-resource",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A Task with Credentials calls a resource in another Region than the state machine "
        "(--state-machine-arn); the target is derived as `iamsmith generate` derives it.",
    .rationale =
        "The Step Functions guide states that cross-Region AWS SDK integration and cross-Region "
        "resource access are currently not available, so such a Task may fail even when every policy "
        "is right.",
    .exceptions =
        "Some integrations do reach other Regions (the AWS tutorial for cross-account access calls a "
        "Lambda function in us-east-2 from us-east-1); test the call before relying on it.",
    .fix =
        "Move the resource into the state machine's Region, or run the state machine in the resource's "
        "Region.",
    .bad_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-2:111122223333:function:Echo\"},\n"
        "      \"End\": true\n    }\n  }\n}\n",
    .bad_pointer = "/States/Call/Parameters/FunctionName",
    .good_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"arn:aws:lambda:us-east-1:111122223333:function:Echo\"},\n"
        "      \"End\": true\n    }\n  }\n}\n",
    .example_context = {.kind = "",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html",
    .check = check,
};

}  // namespace iamsmith::rules
