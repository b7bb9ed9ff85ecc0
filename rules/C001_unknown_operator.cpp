#include "condition_helpers.hpp"
#include "iamsmith/suggest.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (parsed.known()) continue;  // NullIfExists parses as Null + IfExists: C005 reports it
      std::vector<Note> notes;
      if (auto guess = nearest(op.name, operator_spellings(), /*ignore_case=*/true)) {
        const bool case_only = ci_equals(*guess, op.name);
        notes.push_back({"did you mean " + in_quotes(*guess) + "?" +
                             (case_only ? " Operator names are case-sensitive." : ""),
                         std::nullopt});
      } else if (!parsed.qualifier_known) {
        notes.push_back({"the only set qualifiers are \"ForAllValues:\" and \"ForAnyValue:\"", std::nullopt});
      }
      notes.push_back({"AWS rejects a policy with an unknown condition operator", std::nullopt});
      out.report(op.key_span, "condition operator " + in_quotes(op.name) + " does not exist", std::move(notes));
    }
  }
}

}  // namespace

extern const Rule kC001UnknownOperator{
    .id = "C001",
    .name = "unknown-operator",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A condition operator that IAM does not define, such as \"StringEqual\" or \"stringequals\".",
    .rationale = "IAM knows a fixed set of condition operators (String*, Numeric*, Date*, Bool, BinaryEquals, "
                 "IpAddress, NotIpAddress, Arn*, Null), each optionally ending in \"IfExists\" (except Null) "
                 "and optionally qualified with \"ForAllValues:\" or \"ForAnyValue:\". Operator names are "
                 "case-sensitive; AWS rejects a policy with any other name.",
    .exceptions = "",
    .fix = "Spell the operator exactly as IAM does, with its capitals: \"StringEquals\", \"ArnLike\", "
           "\"ForAnyValue:StringLike\", \"BoolIfExists\".",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\",\n"
                   "      \"Condition\": {\"StringEqual\": {\"aws:PrincipalAccount\": \"111122223333\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEqual",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::bucket/*\",\n"
                    "      \"Condition\": {\"StringEquals\": {\"aws:PrincipalAccount\": \"111122223333\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
