#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check_trust(const Policy& policy, const s::Machine& machine, const std::string& problem,
                 FindingSink& out) {
  const std::string message =
      "the state machine name " + in_quotes(machine.name) + " cannot be an sts:ExternalId: " + problem;
  bool reported = false;
  const Statement* first_trust = nullptr;
  for (const Statement& st : policy.statements()) {
    if (!is_allow(st) || !grants_action(st, "sts:AssumeRole")) continue;
    if (first_trust == nullptr) first_trust = &st;
    for (const ConditionUse& use : condition_uses(st, kExternalIdKey)) {
      for (const Scalar& v : use.entry->values) {
        const auto accepts = s::value_accepts(use, v, machine.arn);
        if (!accepts || !*accepts) continue;
        out.report(v.span,
                   "ExternalId " + in_quotes(v.text) + " names a state machine whose name " +
                       in_quotes(machine.name) + " cannot be an sts:ExternalId: " + problem,
                   {sfn::rename_state_machine_note()});
        reported = true;
      }
    }
  }
  // No value names it: the role is still unusable for it, since AssumeRole refuses the call itself.
  if (!reported && first_trust != nullptr)
    out.report(first_trust->key_span("Action"), message, {sfn::rename_state_machine_note()});
}

void check(const LintInput& in, FindingSink& out) {
  const auto machine = s::state_machine(in.context);
  if (!machine) return;
  const std::string problem = sfn::external_id_problem(machine->arn);
  if (problem.empty()) return;
  if (in.definition != nullptr) {
    if (auto c = sfn::state_machine_name_check(*in.definition, machine->arn)) s::report(out, std::move(*c));
  }
  if (in.policy != nullptr && in.kind == PolicyKind::Trust) check_trust(*in.policy, *machine, problem, out);
}

}  // namespace

extern const Rule kS002StateMachineName{
    .id = "S002",
    .name = "state-machine-name",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "The state machine's name has characters that an sts:ExternalId cannot hold, and the state "
        "machine assumes roles (a Task with Credentials, or a trust policy for it).",
    .rationale =
        "Step Functions assumes a Task's role with the state machine ARN as the ExternalId. AssumeRole "
        "accepts an ExternalId only of letters, digits and _+=,.@:/-, while Step Functions allows "
        "names with other characters (!, ', (, ), non-ASCII letters). Such a state machine can be "
        "created, but every cross-account Task fails.",
    .exceptions = "A state machine without cross-account Tasks may have any name Step Functions allows.",
    .fix =
        "Rename the state machine using only letters, digits and _ - . + = @ (the characters both Step "
        "Functions names and ExternalIds accept), and update the trust policies' ExternalId.",
    .bad_example =
        "{\n  \"StartAt\": \"Charge\",\n  \"States\": {\n    \"Charge\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Credentials\": {\"RoleArn\": \"arn:aws:iam::111122223333:role/PaymentsRole\"},\n"
        "      \"Parameters\": {\"FunctionName\": \"charge\"},\n      \"End\": true\n    }\n  }\n}\n",
    .bad_pointer = "/States/Charge/Credentials",
    .good_example =
        "{\n  \"StartAt\": \"Charge\",\n  \"States\": {\n    \"Charge\": {\n      \"Type\": \"Task\",\n"
        "      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n"
        "      \"Parameters\": {\"FunctionName\": \"charge\"},\n      \"End\": true\n    }\n  }\n}\n",
    .example_context = {.kind = "",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders(v2)",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references =
        "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html",
    .check = check,
};

}  // namespace iamsmith::rules
