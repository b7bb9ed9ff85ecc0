#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      for (std::size_t i = 0; i < op.entries.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          const ConditionEntry& first = op.entries[j];
          const ConditionEntry& second = op.entries[i];
          // Exactly equal keys are a JSON duplicate, which P003 reports.
          if (first.key == second.key || !ci_equals(first.key, second.key)) continue;
          out.report(second.key_span,
                     "condition key " + in_quotes(second.key) + " repeats " + in_quotes(first.key) + " under " +
                         op.name + ", differing only in case",
                     {{"first written here", first.key_span},
                      {"condition keys are case-insensitive, so both name one key; merge their values into one "
                       "entry",
                       std::nullopt}});
          break;  // one finding per repeated key
        }
      }
    }
  }
}

}  // namespace

extern const Rule kC006DuplicateConditionKey{
    .id = "C006",
    .name = "duplicate-condition-key",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "One condition key twice under one operator, spelt with different capitals.",
    .rationale = "Condition keys are case-insensitive, so \"aws:SourceAccount\" and \"aws:sourceaccount\" are the "
                 "same key. Under one operator the two entries name that key twice, and Access Analyzer reports "
                 "the policy as invalid (DUPLICATE_KEYS_WITH_DIFFERENT_CASE).",
    .exceptions = "",
    .fix = "Keep one spelling and merge the values of both entries into its array.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Condition\": {\"StringEquals\": {\n"
                   "        \"aws:SourceAccount\": \"111122223333\",\n"
                   "        \"aws:sourceaccount\": \"444455556666\"\n      }}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/aws:sourceaccount",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"Service\": \"states.amazonaws.com\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\n"
                    "        \"aws:SourceAccount\": [\"111122223333\", \"444455556666\"]\n      }}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
