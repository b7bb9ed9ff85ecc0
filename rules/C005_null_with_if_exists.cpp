#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.qualifier_known || !parsed.if_exists || parsed.info == nullptr ||
          parsed.info->family != OperatorFamily::Null) {
        continue;
      }
      out.report(op.key_span,
                 "condition operator " + in_quotes(op.name) + " does not exist: Null cannot take the IfExists suffix",
                 {{"Null itself tests whether the key exists (\"true\": absent, \"false\": present); write \"Null\"",
                   std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kC005NullWithIfExists{
    .id = "C005",
    .name = "null-with-if-exists",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The Null condition operator with the IfExists suffix (\"NullIfExists\").",
    .rationale = "IfExists may end any condition operator except Null, which already is the test for whether "
                 "a key exists. AWS rejects a policy that uses NullIfExists.",
    .exceptions = "",
    .fix = "Write \"Null\": {\"<key>\": \"true\"} to require that the key is absent, or \"false\" to require "
           "that it is present.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n"
                   "      \"Action\": \"ec2:RunInstances\",\n      \"Resource\": \"*\",\n"
                   "      \"Condition\": {\"NullIfExists\": {\"aws:RequestTag/Team\": \"true\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/NullIfExists",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n"
                    "      \"Action\": \"ec2:RunInstances\",\n      \"Resource\": \"*\",\n"
                    "      \"Condition\": {\"Null\": {\"aws:RequestTag/Team\": \"true\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    .check = check,
};

}  // namespace iamsmith::rules
