#include "iamsmith/evaluate.hpp"
#include "iamsmith/suggest.hpp"
#include "s_helpers.hpp"

namespace iamsmith::rules {
namespace {

// How a state machine ARN written as an ExternalId differs from the real one, field by field.
std::string differences(std::string_view written, const s::Machine& machine) {
  const ArnResult parsed = parse_arn(written);
  if (!parsed || parsed->service != "states" || parsed->resource_type() != "stateMachine") return {};
  std::string out;
  auto add = [&out](std::string_view field, const std::string& a, const std::string& b) {
    if (a == b) return;
    out +=
        (out.empty() ? "" : ", ") + std::string(field) + " " + in_quotes(a) + " instead of " + in_quotes(b);
  };
  add("partition", parsed->partition, machine.partition);
  add("region", parsed->region, machine.region);
  add("account", parsed->account, machine.account);
  add("name", std::string(parsed->resource_id()), machine.name);
  return out;
}

struct Mismatch {
  const Scalar* value = nullptr;          // the value that refuses the ARN
  const ConditionEntry* entry = nullptr;  // when the entry has no value at all
};

// Which statements can admit the execution role, when it is known: a statement for another
// principal neither accepts nor refuses the state machine. Principal matching is the
// evaluator's (an account, the role, "*"; NotPrincipal), so lint and verify agree.
std::vector<bool> admits_execution_role(const LintInput& in, const std::string& machine_arn) {
  const std::vector<Statement>& statements = in.policy->statements();
  std::vector<bool> out(statements.size(), true);
  if (!in.context.execution_role_arn) return out;
  eval::Request request;
  request.principal = *in.context.execution_role_arn;
  request.action = "sts:AssumeRole";
  request.resource = in.context.role_arn.value_or("*");
  request.context.push_back({"sts:ExternalId", {machine_arn}});
  const eval::PolicyInput policy{in.policy, eval::PolicySide::Resource, in.loaded.path};
  const eval::Evaluation evaluation = eval::evaluate(request, std::span(&policy, 1));
  for (const eval::StatementTrace& trace : evaluation.statements) {
    if (trace.statement_index >= out.size()) continue;
    if (trace.reason == eval::MissReason::Principal || trace.reason == eval::MissReason::NotPrincipal) {
      out[trace.statement_index] = false;
    }
  }
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  const auto machine = s::state_machine(in.context);
  if (!machine) return;
  const std::vector<bool> admits = admits_execution_role(in, machine->arn);
  bool any_external_id = false;
  std::vector<Mismatch> mismatches;
  std::size_t index = 0;
  for (const Statement& st : in.policy->statements()) {
    const bool for_execution_role = admits[index++];
    if (!for_execution_role || !is_allow(st) || !grants_action(st, "sts:AssumeRole")) continue;
    bool statement_accepts = true;
    bool has_external_id = false;
    std::vector<Mismatch> refused;
    for (const ConditionUse& use : condition_uses(st, kExternalIdKey)) {
      if (!use.parsed.known() || use.parsed.info->negated || use.parsed.info->family == OperatorFamily::Null)
        continue;
      has_external_id = true;
      // Every condition of a statement must hold; within one entry, any value may match.
      bool entry_accepts = false;
      for (const Scalar& v : use.entry->values) {
        const auto accepts = s::value_accepts(use, v, machine->arn);
        entry_accepts = entry_accepts || !accepts.has_value() || *accepts;
      }
      if (entry_accepts) continue;
      statement_accepts = false;
      if (use.entry->values.empty()) refused.push_back({nullptr, use.entry});
      for (const Scalar& v : use.entry->values) refused.push_back({&v, nullptr});
    }
    if (!has_external_id) continue;  // no ExternalId at all: T001's finding
    any_external_id = true;
    if (statement_accepts) return;  // this statement lets the state machine in
    mismatches.insert(mismatches.end(), refused.begin(), refused.end());
  }
  if (!any_external_id) return;
  const Note sends{
      "Step Functions sends the calling state machine's ARN as sts:ExternalId, so AssumeRole is denied "
      "for " +
          in_quotes(machine->arn) + "; require exactly that ARN",
      std::nullopt};
  for (const Mismatch& m : mismatches) {
    if (m.value == nullptr) {
      out.report(m.entry->key_span,
                 "sts:ExternalId condition has no value, so it never accepts the state machine ARN " +
                     in_quotes(machine->arn),
                 {sends});
      continue;
    }
    std::vector<Note> notes;
    const std::string diff = differences(m.value->text, *machine);
    if (!diff.empty()) {
      notes.push_back({"did you mean " + in_quotes(machine->arn) + "? this one has " + diff, std::nullopt});
    } else if (nearest(m.value->text, std::vector<std::string>{machine->arn})) {
      notes.push_back({"did you mean " + in_quotes(machine->arn) + "?", std::nullopt});
    }
    notes.push_back(sends);
    out.report(m.value->span,
               "ExternalId " + in_quotes(m.value->text) + " does not accept the state machine ARN " +
                   in_quotes(machine->arn),
               std::move(notes));
  }
}

}  // namespace

extern const Rule kS001ExternalIdMismatch{
    .id = "S001",
    .name = "external-id-mismatch",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A trust policy requires an sts:ExternalId, but none of its values accepts the ARN of the state "
        "machine that is to assume the role (--state-machine-arn).",
    .rationale =
        "For a cross-account Task, Step Functions assumes the target role and sends the state machine's "
        "ARN as the ExternalId. When the trust policy requires other values (an old name, another "
        "Region or account, a typo), every call of the Task fails with AccessDenied at run time.",
    .exceptions =
        "Only Allow statements that grant sts:AssumeRole count, and, when --execution-role-arn is "
        "given, only those whose Principal admits the execution role. Values with a policy variable, unknown "
        "operators and negated operators are taken as possibly matching. A trust policy without any "
        "ExternalId is T001's finding, not this one. iamsmith verify reports it too, for the trust link of "
        "each Task, when the IAM evaluator finds the ExternalId condition is what refuses the execution role.",
    .fix =
        "Set the sts:ExternalId condition to the state machine ARN "
        "(arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME), or add it to the values.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:role/OrdersExecution\"},\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\"StringEquals\": {\n"
        "        \"sts:ExternalId\": \"arn:aws:states:us-east-2:123456789012:stateMachine:Orders\"\n"
        "      }}\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/sts:ExternalId",
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
                        .role_arn = "arn:aws:iam::111122223333:role/OrdersTarget",
                        .target_resource = "arn:aws:lambda:us-east-1:111122223333:function:Echo",
                        .target_integration = "arn:aws:states:::lambda:invoke"},
    .references =
        "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_condition_operators.html",
    .check = check,
    .verified_link = ChainLink::Trust,
};

}  // namespace iamsmith::rules
