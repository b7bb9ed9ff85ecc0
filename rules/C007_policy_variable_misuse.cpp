#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      // Which families substitute variables: one home, condition.hpp (AWS's operators page).
      if (!parsed.known() || iamsmith::family_substitutes_variables(parsed.info->family)) continue;
      for (const ConditionEntry& entry : op.entries) {
        for (const Scalar& value : entry.values) {
          const auto variable = find_policy_variable(value.text);
          if (!variable) continue;
          out.report(value.span,
                     "policy variable " + in_quotes(*variable) + " in a value of " + in_quotes(entry.key) +
                         " under " + op.name + " is not substituted",
                     {{"IAM replaces policy variables only in Resource and in String, ARN and Bool condition "
                       "operators; here the text is compared as it is written",
                       std::nullopt},
                      {"write a literal value, or compare a key that holds the value with a String operator",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

extern const Rule kC007PolicyVariableMisuse{
    .id = "C007",
    .name = "policy-variable-misuse",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A policy variable such as ${aws:username} in the value of a Numeric, Date, Binary, IP address "
               "or Null condition operator.",
    .rationale = "IAM substitutes policy variables in the Resource element and in String, ARN and Boolean "
                 "condition operators only. Anywhere else \"${aws:PrincipalTag/limit}\" is the literal text, which "
                 "is not a number, date or address, so the condition never matches the way it reads; Access "
                 "Analyzer reports it as INVALID_VARIABLE_FOR_OPERATOR.",
    .exceptions = "Bool is not reported: the operators page documents policy variables for the Boolean "
                  "operator. ${*}, ${?} and ${$} are escapes for literal characters, not variables.",
    .fix = "Use a literal value, or move the comparison to a String operator on a key that holds the value.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Action\": \"s3:ListBucket\",\n      \"Resource\": \"arn:aws:s3:::bucket\",\n"
                   "      \"Condition\": {\"NumericLessThanEquals\": {\"s3:max-keys\": \"${aws:PrincipalTag/max-keys}\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/NumericLessThanEquals/s3:max-keys",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Action\": \"s3:ListBucket\",\n      \"Resource\": \"arn:aws:s3:::bucket\",\n"
                    "      \"Condition\": {\"NumericLessThanEquals\": {\"s3:max-keys\": \"100\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    .check = check,
};

}  // namespace iamsmith::rules
