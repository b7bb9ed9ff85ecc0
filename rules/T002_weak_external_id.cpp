#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Why an ExternalId condition in an Allow statement lets callers through without the right
// value, or nullopt when it does not. Operator semantics: "If the key ... is not present in
// the request context ... the condition is false. If the policy condition requires that the
// key is not matched, such as StringNotLike ..., the condition is true. ... except ...IfExists
// and Null" (condition operators page).
std::optional<std::string> weakness(const ConditionUse& use) {
  const ParsedOperator& p = use.parsed;
  const std::string& name = use.op->name;
  if (p.info->family == OperatorFamily::Null) {
    return name + " only checks whether an ExternalId is sent, not its value";
  }
  if (p.info->negated) {
    return name + " on sts:ExternalId lets in every caller whose ExternalId differs from the listed values, "
                  "and every caller that sends none";
  }
  if (p.if_exists) return name + " on sts:ExternalId lets in every caller that sends no ExternalId";
  switch (p.qualifier) {
    case SetQualifier::ForAllValues:
      return name + " on sts:ExternalId is true when no ExternalId is sent";
    case SetQualifier::ForAnyValue:
      return name + " applies a set qualifier to sts:ExternalId, which holds a single value";
    case SetQualifier::None:
      break;
  }
  return std::nullopt;
}

// A check that on its own requires one exact ExternalId. The conditions of a statement must all
// hold, so next to such a check a weaker one only narrows access further.
bool pins_value(const ConditionUse& use) {
  if (!requires_key_value(use) || use.parsed.qualifier != SetQualifier::None) return false;
  if (!use.parsed.info->wildcards) return true;
  return std::none_of(use.entry->values.begin(), use.entry->values.end(),
                      [](const Scalar& v) { return has_wildcard(v.text); });
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  const auto& statements = in.policy->statements();
  const bool any_allow_checks = std::any_of(statements.begin(), statements.end(), [](const Statement& st) {
    return is_allow(st) && !condition_uses(st, kExternalIdKey).empty();
  });
  const Note remedy{"require the exact value: \"StringEquals\": {\"sts:ExternalId\": \"<value>\"}; for Step "
                    "Functions, the state machine ARN",
                    std::nullopt};
  for (const Statement& st : statements) {
    const bool deny = is_deny(st);
    const auto uses = condition_uses(st, kExternalIdKey);
    const bool allow = is_allow(st) && std::none_of(uses.begin(), uses.end(), pins_value);
    for (const ConditionUse& use : uses) {
      if (!use.parsed.known()) continue;  // C001
      if (allow) {
        if (auto why = weakness(use)) {
          out.report(use.entry->key_span, *why, {remedy});
          continue;
        }
        if (!use.parsed.info->wildcards) continue;
        for (const Scalar& value : use.entry->values) {
          if (!has_wildcard(value.text)) continue;
          out.report(value.span,
                     "ExternalId pattern " + in_quotes(value.text) + " under " + use.op->name +
                         " accepts many values, so the ExternalId is guessable",
                     {remedy});
        }
      } else if (deny && !any_allow_checks && !deny_enforces_external_id(st)) {
        out.report(use.entry->key_span,
                   "sts:ExternalId is checked only in a Deny statement, under " + use.op->name +
                       ", which refuses the listed values but lets a caller with any other ExternalId, or none, "
                       "through",
                   {{"require the ExternalId in the Allow statement instead", std::nullopt}, remedy});
      }
    }
  }
}

}  // namespace

extern const Rule kT002WeakExternalId{
    .id = "T002",
    .name = "weak-external-id",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "An sts:ExternalId condition that does not pin one value: a wildcard pattern, a negated "
               "operator, IfExists, a set qualifier, a Null check, or a check made only in a Deny.",
    .rationale = "An ExternalId protects a role only if a caller must send one exact, hard-to-guess value. "
                 "StringLike with \"*\" accepts many values; StringNotEquals and the IfExists forms are true when "
                 "no ExternalId is sent; ForAllValues is true for a missing key; Null only checks presence; and "
                 "a Deny with a positive operator refuses some values without requiring any.",
    .exceptions = "StringLike without wildcards behaves like StringEquals and is not reported, and neither is "
                  "any check in a statement that also pins the value with StringEquals: all conditions must "
                  "hold, so the extra check only narrows access. A Deny that "
                  "refuses sts:AssumeRole with a negated operator (\"StringNotEquals\") does require the "
                  "ExternalId and is not reported.",
    .fix = "Use \"StringEquals\": {\"sts:ExternalId\": \"<value>\"} in the Allow statement, with the exact value "
           "(for Step Functions, the state machine ARN).",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Condition\": {\"StringLike\": {\n"
                   "        \"sts:ExternalId\": \"arn:aws:states:*:111122223333:stateMachine:*\"\n"
                   "      }}\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringLike/sts:ExternalId",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\n"
                    "        \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
                    "      }}\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
                  "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html",
    .check = check,
};

}  // namespace iamsmith::rules
