#include <optional>
#include <string>
#include <vector>

#include "iamsmith/condition.hpp"
#include "rule_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known() || parsed.info->family != OperatorFamily::Numeric) continue;
      const Comparison cmp = parsed.info->comparison;
      const bool ordering = cmp == Comparison::LessThan || cmp == Comparison::LessThanEquals ||
                            cmp == Comparison::GreaterThan || cmp == Comparison::GreaterThanEquals;
      for (const ConditionEntry& entry : op.entries) {
        const auto& items = entry.values.items;
        if (items.size() < 2) continue;
        // Values that are not numbers are C002's; with one of them the list is left alone.
        std::vector<double> numbers;
        for (const Scalar& v : items) {
          const std::optional<double> n = parse_condition_number(v.text);
          if (!n) break;
          numbers.push_back(*n);
        }
        if (numbers.size() != items.size()) continue;
        if (ordering) {
          // The values are alternatives: "key < 10 or key < 20" is "key < 20". Every value but the
          // loosest one (the first of the loosest, when it is repeated) is redundant.
          const bool less = cmp == Comparison::LessThan || cmp == Comparison::LessThanEquals;
          const std::string loosest = less ? "greatest" : "least";
          std::size_t best = 0;
          for (std::size_t i = 1; i < numbers.size(); ++i) {
            if (less ? numbers[i] > numbers[best] : numbers[i] < numbers[best]) best = i;
          }
          for (std::size_t i = 0; i < items.size(); ++i) {
            if (i == best) continue;
            out.report(items[i].span,
                       "condition value " + in_quotes(items[i].text) + " of " + in_quotes(entry.key) + " under " +
                           in_quotes(op.name) + " is redundant: the values are alternatives, and " +
                           in_quotes(items[best].text) + " already admits every request this one does",
                       {{"keep only the " + loosest + " value, " + in_quotes(items[best].text),
                         items[best].span}});
          }
          continue;
        }
        // NumericEquals / NumericNotEquals: a value equal to an earlier one adds nothing.
        for (std::size_t i = 1; i < items.size(); ++i) {
          for (std::size_t j = 0; j < i; ++j) {
            if (numbers[j] != numbers[i]) continue;
            out.report(items[i].span,
                       "condition value " + in_quotes(items[i].text) + " of " + in_quotes(entry.key) + " under " +
                           in_quotes(op.name) + " repeats " + in_quotes(items[j].text),
                       {{"remove it; the condition means the same without it", items[j].span}});
            break;
          }
        }
      }
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Redundant condition value num: "Multiple values in {operator} are
// redundant. Replace with the {greatest/least} single value for {key}." Several values of one key
// match when any of them matches (the Condition element page, "multiple values").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
extern const Rule kR005RedundantConditionValue{
    .id = "R005",
    .name = "redundant-condition-value",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "Several values for one key under a numeric comparison operator (NumericLessThan, "
               "NumericGreaterThanEquals, ...) where only the loosest counts, or a repeated value under "
               "NumericEquals / NumericNotEquals.",
    .rationale = "The values listed for one condition key are alternatives: the condition holds when the request "
                 "matches any of them. Under NumericLessThanEquals, [\"10\", \"20\"] therefore means \"at most "
                 "20\"; the 10 reads like a tighter limit but has no effect. A list like that usually means the "
                 "author expected the values to be combined with \"and\".",
    .exceptions = "Values that are not numbers (C002) leave the list alone. Lists under a set qualifier are "
                  "judged the same way: for each request value the policy values are still alternatives.",
    .fix = "Keep the single value that is meant (the greatest for the LessThan operators, the least for the "
           "GreaterThan ones); to require a range, test the key under two operators (NumericGreaterThanEquals "
           "and NumericLessThanEquals) of the same Condition block.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports",
      "Condition": {"NumericLessThanEquals": {"s3:max-keys": ["10", "20"]}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/NumericLessThanEquals/s3:max-keys/0",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports",
      "Condition": {"NumericLessThanEquals": {"s3:max-keys": "20"}}
    }
  ]
}
)j",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-"
        "values.html",
    .check = check,
};

}  // namespace iamsmith::rules
