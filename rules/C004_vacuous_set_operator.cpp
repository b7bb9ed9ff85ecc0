#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// "Null": {key: value} with every value equal to `expected` ("false": the key must be present;
// "true": it must be absent).
bool null_check(const ConditionUse& use, std::string_view expected) {
  const ParsedOperator& p = use.parsed;
  if (!p.known() || p.info->family != OperatorFamily::Null || p.if_exists || use.entry->values.empty()) return false;
  return std::all_of(use.entry->values.begin(), use.entry->values.end(),
                     [expected](const Scalar& v) { return ci_equals(v.text, expected); });
}

// Whether the statement makes `key` required: a Null check for "false", or another operator
// that is false when the key is absent. A requirement on aws:RequestTag/<k> implies that
// aws:TagKeys is not empty, since the request then carries tag <k>.
bool requires_presence(const Statement& st, std::string_view key) {
  for (const ConditionUse& use : condition_uses(st, key)) {
    if (null_check(use, "false") || requires_key_value(use)) return true;
  }
  if (!ci_equals(key, "aws:TagKeys") || !st.condition) return false;
  for (const ConditionOperator& op : st.condition->operators) {
    for (const ConditionEntry& entry : op.entries) {
      if (!ci_starts_with(entry.key, "aws:RequestTag/")) continue;
      if (requires_key_value({&op, parse_operator(op.name), &entry}) ||
          null_check({&op, parse_operator(op.name), &entry}, "false")) {
        return true;
      }
    }
  }
  return false;
}

// Whether some Deny statement denies requests without `key` ("Null": {key: "true"}).
bool denies_absence(const Policy& policy, std::string_view key) {
  return std::any_of(policy.statements().begin(), policy.statements().end(), [key](const Statement& st) {
    if (!is_deny(st)) return false;
    const auto uses = condition_uses(st, key);
    return std::any_of(uses.begin(), uses.end(), [](const ConditionUse& u) { return null_check(u, "true"); });
  });
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    const bool allow = is_allow(st);
    const bool deny = is_deny(st);
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known()) continue;
      for (std::size_t i = 0; i < op.entries.size(); ++i) {
        const ConditionEntry& entry = op.entries[i];
        // A repeat of a key in another case is C006's finding; report the key once.
        const auto before = op.entries.begin() + static_cast<std::ptrdiff_t>(i);
        if (std::any_of(op.entries.begin(), before,
                        [&entry](const ConditionEntry& e) { return ci_equals(e.key, entry.key); })) {
          continue;
        }
        if (allow && parsed.qualifier == SetQualifier::ForAllValues && !requires_presence(st, entry.key)) {
          out.report(entry.key_span,
                     op.name + " on " + in_quotes(entry.key) + " is true when the request has no " +
                         in_quotes(entry.key) + ", so this Allow also applies to every request without it",
                     {{"if the key must be present, add \"Null\": {" + in_quotes(entry.key) +
                           ": \"false\"} to the same Condition",
                       std::nullopt}});
        }
        // A request without aws:TagKeys carries no tags, so a Deny about tag keys has nothing
        // to refuse in it.
        if (deny && parsed.qualifier == SetQualifier::ForAnyValue && !parsed.if_exists &&
            !ci_equals(entry.key, "aws:TagKeys") && !denies_absence(*in.policy, entry.key)) {
          out.report(entry.key_span,
                     op.name + " on " + in_quotes(entry.key) + " is false when the request has no " +
                         in_quotes(entry.key) + ", so this Deny never applies to requests without it",
                     {{"to deny those too, use " + op.name + "IfExists or add a Deny statement with \"Null\": {" +
                           in_quotes(entry.key) + ": \"true\"}",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

extern const Rule kC004VacuousSetOperator{
    .id = "C004",
    .name = "vacuous-set-operator",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "ForAllValues in an Allow statement, or ForAnyValue in a Deny statement, on a key that the "
               "request may not carry.",
    .rationale = "ForAllValues is true when every value of the key in the request matches, and so it is also "
                 "true when the key is missing or empty: an Allow with ForAllValues:StringEquals on aws:TagKeys "
                 "also allows requests that carry no tags at all. ForAnyValue is false when the key is missing, "
                 "so a Deny with ForAnyValue lets every request without the key through.",
    .exceptions = "Silent when the same Allow statement also requires the key (a \"Null\": \"false\" check, or "
                  "another operator on the key that fails when it is absent; for aws:TagKeys, a required "
                  "aws:RequestTag/<tag>), or when a Deny statement denies requests without the key "
                  "(\"Null\": \"true\"). A Deny with ForAnyValue on aws:TagKeys is silent: a request without "
                  "tag keys carries no tags for it to refuse. Allowing untagged requests is sometimes intended; then the finding may "
                  "be ignored.",
    .fix = "Add \"Null\": {\"<key>\": \"false\"} to the Allow statement's Condition; for a Deny, use the IfExists "
           "form of the operator or deny requests without the key in another statement.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Action\": \"ec2:CreateTags\",\n      \"Resource\": \"*\",\n"
                   "      \"Condition\": {\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"Team\", \"Env\"]}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Action\": \"ec2:CreateTags\",\n      \"Resource\": \"*\",\n"
                    "      \"Condition\": {\n"
                    "        \"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"Team\", \"Env\"]},\n"
                    "        \"Null\": {\"aws:TagKeys\": \"false\"}\n      }\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    .check = check,
};

}  // namespace iamsmith::rules
