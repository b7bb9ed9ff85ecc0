#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (!p::root_is_object(in)) return;  // a root that is not an object is one P015 finding
  const Policy& policy = *in.policy;
  if (!p::has_key(policy.keys, "Statement")) {
    std::vector<Note> notes;
    p::note_misspelling(policy.unknown, {"Statement"}, p::kPolicyKeys, notes);
    notes.push_back({"add \"Statement\": [...] with at least one statement", std::nullopt});
    out.report(policy.span, "the policy has no \"Statement\"", std::move(notes));
    return;
  }
  if (!policy.statement) return;  // a Statement of the wrong type is P015's
  const OneOrMany<Statement>& statements = *policy.statement;
  if (!statements.empty() || p::has_mismatch_inside(policy, statements.span.pointer)) return;
  out.report(statements.span, "\"Statement\" is an empty array: the policy says nothing",
             {{"add at least one statement, or delete the policy", std::nullopt}});
}

}  // namespace

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html
extern const Rule kP017MissingStatement{
    .id = "P017",
    .name = "missing-statement",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The policy has no Statement element, or an empty one.",
    .rationale =
        "The Statement element is the policy: it is required, and a policy without statements grants "
        "and denies nothing. AWS rejects a policy document without one; an empty array is usually a "
        "generator whose input came out empty.",
    .exceptions = "",
    .fix = "Add \"Statement\" with at least one statement (Effect, Action, Resource or Principal).",
    .bad_example = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n",
    .bad_pointer = "/Statement",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    .check = check,
};

}  // namespace iamsmith::rules
