#include "iamsmith/suggest.hpp"
#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!p::has_key(st.keys, "Effect")) {
      std::vector<Note> notes;
      p::note_misspelling(st.unknown, {"Effect"}, p::kStatementKeys, notes);
      notes.push_back({"add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"", std::nullopt});
      out.report(st.span, "the statement has no \"Effect\"", std::move(notes));
      continue;
    }
    if (!st.effect || is_allow(st) || is_deny(st)) continue;  // a non-string Effect is P015's
    std::vector<Note> notes;
    if (auto near = nearest(st.effect->text, {"Allow", "Deny"}, true)) {
      const bool case_only = ci_equals(*near, st.effect->text);
      notes.push_back(
          {"did you mean " + in_quotes(*near) + "?" + (case_only ? " the value is case-sensitive" : ""),
           std::nullopt});
    }
    notes.push_back({"use \"Allow\" or \"Deny\"", std::nullopt});
    out.report(st.effect->span, "Effect " + in_quotes(st.effect->text) + " is neither \"Allow\" nor \"Deny\"",
               std::move(notes));
  }
}

}  // namespace

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
extern const Rule kP007InvalidEffect{
    .id = "P007",
    .name = "invalid-effect",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A statement without an Effect, or with an Effect other than exactly \"Allow\" or \"Deny\".",
    .rationale =
        "Every statement must say whether it allows or denies, and IAM accepts only the two values "
        "\"Allow\" and \"Deny\", case-sensitively. AWS rejects a policy with a missing or misspelt "
        "Effect such as \"allow\" or \"Allowed\".",
    .exceptions = "",
    .fix = "Add \"Effect\": \"Allow\" or \"Effect\": \"Deny\" to the statement, spelt exactly so.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Effect",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
