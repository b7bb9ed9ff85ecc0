#include <cctype>

#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// AssumeRole's ExternalId parameter: "Length Constraints: Minimum length of 2. Maximum length of
// 1224. Pattern: [\w+=,.@:/-]*" (AWS STS API Reference, AssumeRole). A caller cannot send any
// other value, so a condition that requires one can never be met.
constexpr std::size_t kMinLength = 2;
constexpr std::size_t kMaxLength = 1224;

// The first character outside the pattern, or nullopt. In a Like operator '*' and '?' are
// wildcards (T002 judges them), not characters of the value.
std::optional<char> bad_character(std::string_view value, bool wildcards) {
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || std::string_view("_+=,.@:/-").find(c) != std::string_view::npos) continue;
    if (wildcards && (c == '*' || c == '?')) continue;
    return c;
  }
  return std::nullopt;
}

std::string describe(char c) {
  if (c == ' ') return "a space";
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) return "a non-ASCII or control character";
  return std::string(1, '\'') + c + '\'';
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr || in.kind != PolicyKind::Trust) return;
  const Note rule_note{"an ExternalId is 2 to 1,224 characters of letters, digits and _ + = , . @ : / -; "
                       "AssumeRole refuses any other value, so no caller can meet this condition",
                       std::nullopt};
  for (const Statement& st : in.policy->statements()) {
    for (const ConditionUse& use : condition_uses(st, kExternalIdKey)) {
      if (!use.parsed.known() || use.parsed.info->family == OperatorFamily::Null) continue;
      const bool wildcards = use.parsed.info->wildcards;
      for (const Scalar& value : use.entry->values) {
        // A variable is replaced before the comparison; its value is unknown here.
        if (find_policy_variable(value.text)) continue;
        const bool pattern = wildcards && has_wildcard(value.text);
        if (auto c = bad_character(value.text, wildcards)) {
          out.report(value.span,
                     "ExternalId " + in_quotes(value.text) + " contains " + describe(*c) +
                         ", which AssumeRole does not accept in an ExternalId",
                     {rule_note});
        } else if (value.text.size() < kMinLength && !pattern) {
          out.report(value.span,
                     "ExternalId " + in_quotes(value.text) + " is shorter than the 2 characters AssumeRole requires",
                     {rule_note});
        } else if (value.text.size() > kMaxLength) {
          out.report(value.span,
                     "ExternalId of " + std::to_string(value.text.size()) +
                         " characters is longer than the 1,224 AssumeRole accepts",
                     {rule_note});
        }
      }
    }
  }
}

}  // namespace

extern const Rule kT005InvalidExternalId{
    .id = "T005",
    .name = "invalid-external-id",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "An sts:ExternalId condition value that AssumeRole could never send: shorter than 2 or longer "
               "than 1,224 characters, or with characters outside letters, digits and _+=,.@:/-.",
    .rationale = "AWS STS accepts an ExternalId only of 2 to 1,224 characters matching [\\w+=,.@:/-]. A trust "
                 "policy that requires any other value can never be satisfied, so the role cannot be assumed. "
                 "With Step Functions the ExternalId is the state machine ARN, so a state machine name with "
                 "other characters breaks cross-account tasks.",
    .exceptions = "Values with a policy variable are not checked. In StringLike and ArnLike, '*' and '?' are "
                  "wildcards and are left to T002.",
    .fix = "Use an ExternalId of 2 to 1,224 characters made of letters, digits and _ + = , . @ : / -; for Step "
           "Functions, rename the state machine so that its ARN fits.",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                   "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                   "      \"Action\": \"sts:AssumeRole\",\n"
                   "      \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"order pipeline #1\"}}\n"
                   "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringEquals/sts:ExternalId",
    .good_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                    "      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/InvokeRole\"},\n"
                    "      \"Action\": \"sts:AssumeRole\",\n"
                    "      \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"order-pipeline-1\"}}\n"
                    "    }\n  ]\n}\n",
    .example_context = {.kind = "trust",
                        .partition = "",
                        .account = "",
                        .state_machine_arn = "",
                        .execution_role_arn = "",
                        .role_arn = ""},
    .references = "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html\n"
                  "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-cross-acct-sync-pattern.html",
    .check = check,
};

}  // namespace iamsmith::rules
