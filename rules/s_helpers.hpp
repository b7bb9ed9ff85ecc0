#pragma once
// Helpers shared by the S rules (the state machine setup). The tests themselves live once in
// the Step Functions layer (iamsmith/sfn.hpp, "Checks shared with the lint S rules"), which
// `generate` and `verify` also call.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "condition_helpers.hpp"
#include "iamsmith/arn.hpp"
#include "iamsmith/sfn.hpp"

namespace iamsmith::rules::s {

// The state machine of the setup, from --state-machine-arn, when that is a state machine ARN.
struct Machine {
  std::string arn;
  std::string partition;
  std::string region;
  std::string account;
  std::string name;
};

[[nodiscard]] inline std::optional<Machine> state_machine(const LintContext& context) {
  if (!context.state_machine_arn) return std::nullopt;
  const ArnResult parsed = parse_arn(*context.state_machine_arn);
  if (!parsed || parsed->service != "states" || parsed->resource_type() != "stateMachine")
    return std::nullopt;
  constexpr std::string_view kPrefix = "stateMachine:";
  return Machine{
      *context.state_machine_arn, parsed->partition, parsed->region, parsed->account,
      parsed->resource.size() > kPrefix.size() ? parsed->resource.substr(kPrefix.size()) : std::string()};
}

using sfn::is_task_with_credentials;
using sfn::state_label;

// The static role a Task assumes, parsed; nullopt when dynamic, absent or not an ARN.
[[nodiscard]] inline std::optional<Arn> static_role(const asl::State& state) {
  if (!state.credentials || !state.credentials->role_arn) return std::nullopt;
  const std::string* value = state.credentials->role_arn->static_string();
  if (value == nullptr) return std::nullopt;
  ArnResult parsed = parse_arn(*value);
  if (!parsed) return std::nullopt;
  return std::move(parsed).value();
}

// The targets a Task calls, derived exactly as `iamsmith generate` derives them (with the lint
// context's integration table: the built-in one, or what integration files extend it with), each
// with the span of the value that names it.
[[nodiscard]] inline std::vector<sfn::CallTarget> task_targets(const asl::State& state,
                                                               const sfn::ResolveContext& resolve,
                                                               const LintContext& context) {
  return sfn::task_targets(state, resolve, integrations_of(context));
}

// A shared check's finding, reported under the rule that runs it.
inline void report(FindingSink& out, sfn::Check check) {
  out.report(check.span, std::move(check.message), std::move(check.notes));
}

// Where a Task's bare names resolve: the state machine's partition and Region, the target
// role's account (as the generator resolves them).
[[nodiscard]] inline sfn::ResolveContext resolve_context(const asl::State& state, std::string partition,
                                                         std::string region, std::string fallback_account) {
  sfn::ResolveContext c;
  c.partition = std::move(partition);
  c.region = std::move(region);
  const auto role = static_role(state);
  c.account = role ? role->account : std::move(fallback_account);
  return c;
}

// Whether one value of an sts:ExternalId condition accepts `external_id` under `use`'s operator:
// true (accepts), false (refuses), nullopt (cannot tell: unknown operator, variable, other type).
// Step Functions always sends the ExternalId and it is single-valued, so IfExists and the set
// qualifiers compare like the base operator.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
[[nodiscard]] inline std::optional<bool> value_accepts(const ConditionUse& use, const Scalar& value,
                                                       std::string_view external_id) {
  if (!use.parsed.known() || use.parsed.info->negated) return std::nullopt;
  if (value.type != json::Type::String || find_policy_variable(value.text)) return std::nullopt;
  const std::string_view op = use.parsed.base;
  if (op == "StringEquals") return value.text == external_id;
  if (op == "StringEqualsIgnoreCase") return ci_equals(value.text, external_id);
  if (op == "StringLike") return wildcard_match(value.text, external_id, CaseSensitivity::Sensitive);
  if (use.parsed.info->family == OperatorFamily::Arn) return arn_like(value.text, external_id);
  return std::nullopt;
}

}  // namespace iamsmith::rules::s
