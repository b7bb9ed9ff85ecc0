#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The first '*' or '?' outside ${...} (a policy variable, or the ${*} / ${?} escapes).
std::size_t wildcard_position(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close;
      continue;
    }
    if (text[i] == '*' || text[i] == '?') return i;
  }
  return std::string_view::npos;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known() || parsed.info->family != OperatorFamily::String || parsed.info->wildcards) continue;
      const std::string like = parsed.info->negated ? "StringNotLike" : "StringLike";
      for (const ConditionEntry& entry : op.entries) {
        for (const Scalar& value : entry.values) {
          if (value.type != json::Type::String || wildcard_position(value.text) == std::string_view::npos) continue;
          out.report(value.span,
                     in_quotes(op.name) + " compares " + in_quotes(value.text) +
                         " literally: its '*' or '?' is no wildcard, so only that exact text " +
                         (parsed.info->negated ? "is excluded" : "matches"),
                     {{"for a pattern write " + in_quotes(like) + "; for a literal '*' under " + like +
                           " write ${*}",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

// "StringLike: Case-sensitive matching. The values can include multi-character match wildcards (*)
// and single-character match wildcards (?) anywhere in the string"; StringEquals is "Exact
// matching, case sensitive".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
extern const Rule kC010LiteralWildcard{
    .id = "C010",
    .name = "literal-wildcard",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "A '*' or '?' in a value of StringEquals, StringNotEquals or their IgnoreCase forms, where it is "
               "not a wildcard.",
    .rationale = "Only the Like operators (StringLike, StringNotLike, ArnLike, ArnEquals, ...) treat '*' and '?' "
                 "as wildcards. \"StringEquals\": {\"aws:PrincipalTag/team\": \"admin-*\"} matches only a tag "
                 "whose value is the seven characters admin-*, so an Allow meant for every admin team applies to "
                 "none of them, and a StringNotEquals guard in a Deny refuses nearly everything.",
    .exceptions = "Characters inside policy variables (${aws:username}) and the escapes ${*} and ${?} are not "
                  "wildcards and are not reported. A value that really contains '*' is rare; ignore the finding "
                  "then.",
    .fix = "Use StringLike (or StringNotLike) for a pattern.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports",
      "Condition": {"StringEquals": {"s3:prefix": "home/*"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/StringEquals/s3:prefix",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports",
      "Condition": {"StringLike": {"s3:prefix": "home/*"}}
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    .check = check,
};

}  // namespace iamsmith::rules
