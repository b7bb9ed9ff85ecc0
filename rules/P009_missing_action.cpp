#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    // Present with a value of the wrong type is P015's finding, not a missing element.
    if (p::has_key(st.keys, "Action") || p::has_key(st.keys, "NotAction")) continue;
    std::vector<Note> notes;
    p::note_misspelling(st.unknown, {"Action", "NotAction"}, p::kStatementKeys, notes);
    notes.push_back(
        {"add the actions the statement allows or denies, e.g. \"Action\": \"states:StartExecution\"",
         std::nullopt});
    out.report(st.span, "the statement has no \"Action\" (or \"NotAction\")", std::move(notes));
  }
}

}  // namespace

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kP009MissingAction{
    .id = "P009",
    .name = "missing-action",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A statement has neither Action nor NotAction.",
    .rationale =
        "Every statement, in every kind of policy, must say which actions it is about; AWS rejects "
        "a statement without Action or NotAction. The usual cause is a misspelt key (\"Actions\"), "
        "which P006 reports as well.",
    .exceptions = "",
    .fix = "Add \"Action\" with the actions the statement allows or denies (or correct the key's spelling).",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
