#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const Policy& policy = *in.policy;
  for (const Statement& st : policy.statements()) {
    if (st.sid && st.sid->type == json::Type::String && st.sid->text.empty()) {
      out.report(st.sid->span, "\"Sid\" is an empty string: it identifies nothing",
                 {{"give the statement a short name (letters and digits), or delete the Sid", std::nullopt}});
    }
    // "Condition": {} as written; a Condition of the wrong type is P015's, an empty operator
    // block inside one P016's.
    if (st.condition && st.condition->operators.empty() &&
        !p::has_mismatch_inside(policy, st.condition->span.pointer)) {
      out.report(st.condition->span,
                 "\"Condition\" is an empty object: it tests nothing, so the statement applies unconditionally",
                 {{"write the conditions the statement was meant to have, or delete the empty Condition",
                   std::nullopt}});
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Empty Sid value ("Add a value to the empty string in the Sid
// element") and Empty object condition ("This condition block is empty and it does not affect the
// policy"). IAM accepts both: Sid is optional, and a Condition without operators holds always.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
extern const Rule kR006EmptyOptionalElement{
    .id = "R006",
    .name = "empty-optional-element",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "An optional element written but left empty: \"Sid\": \"\" or \"Condition\": {}.",
    .rationale = "Both are accepted and both do nothing. An empty Sid gives the statement no name to find it by in "
                 "reviews, logs of policy changes or findings; an empty Condition makes the statement apply "
                 "without any condition, which is worth a second look when the element is there: a template "
                 "whose condition came out empty, or a condition that was removed by accident, reads like a "
                 "scoped statement but grants (or denies) unconditionally.",
    .exceptions = "Empty values where IAM requires some (Action, Resource, principals, condition values, an operator "
                  "with no keys) are P016's.",
    .fix = "Name the statement or delete the Sid; write the intended conditions or delete the Condition.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Sid",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    .check = check,
};

}  // namespace iamsmith::rules
