#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.definition == nullptr) return;
  const auto machine = s::state_machine(in.context);
  // The state machine's partition, else the one the document lives in (--partition).
  const std::string partition = machine ? machine->partition : in.context.partition.value_or("");
  if (partition.empty()) return;
  const std::string where = sfn::state_machine_partition_phrase(machine ? machine->arn : "", partition);
  const asl::Definition& def = *in.definition;
  for (std::size_t i = 0; i < def.states.size(); ++i) {
    const asl::State& state = def.states[i];
    if (!s::is_task_with_credentials(state)) continue;
    if (auto c = sfn::cross_partition_role_check(def, i, partition, where)) s::report(out, std::move(*c));
    const sfn::ResolveContext context =
        s::resolve_context(state, partition, machine ? machine->region : "", machine ? machine->account : "");
    for (const sfn::CallTarget& t : s::task_targets(state, context, in.context)) {
      if (auto c = sfn::cross_partition_target_check(s::state_label(def, i), t, partition, where)) {
        s::report(out, std::move(*c));
      }
    }
  }
}

}  // namespace

extern const Rule kS007CrossPartitionTask{
    .id = "S007",
    .name = "cross-partition-task",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A Task with Credentials assumes a role, or calls a resource, in another partition than the "
        "state machine (from --state-machine-arn, or --partition).",
    .rationale =
        "IAM roles and resource-based policies delegate access across accounts only within one "
        "partition: a state machine in aws cannot assume a role in aws-cn or aws-us-gov, nor call "
        "their resources. The Task fails on every run.",
    .exceptions =
        "Only static values are checked; a role or resource chosen at run time is S005's and the "
        "generator's concern.",
    .fix = "Use a role and resources in the state machine's own partition (one state machine per partition).",
    .bad_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws-cn:iam::111122223333:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"Echo\"},\n      \"End\": true\n    }\n  }\n}\n",
    .bad_pointer = "/States/Call/Credentials/RoleArn",
    .good_example =
        "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:role/LambdaRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"Echo\"},\n      \"End\": true\n    }\n  }\n}\n",
    .example_context = {.kind = "",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    .check = check,
};

}  // namespace iamsmith::rules
