#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    switch (in.kind) {
      case PolicyKind::Identity: {
        if (p::has_key(st.keys, "Resource") || p::has_key(st.keys, "NotResource")) break;
        std::vector<Note> notes;
        p::note_misspelling(st.unknown, {"Resource", "NotResource"}, p::kStatementKeys, notes);
        notes.push_back(
            {"add the ARNs of the resources the actions apply to, e.g. \"Resource\": "
             "\"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"",
             std::nullopt});
        out.report(
            st.span,
            "the statement has no \"Resource\" (or \"NotResource\"), which an identity policy requires",
            std::move(notes));
        break;
      }
      case PolicyKind::Trust:
        // The role itself is the resource of its trust policy: IAM answers "Has prohibited field
        // Resource".
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
        for (std::string_view key : {"Resource", "NotResource"}) {
          const KeySpan* found = p::first_key(st.keys, key);
          if (found == nullptr) continue;
          out.report(found->span,
                     "a role trust policy cannot have " + in_quotes(key) +
                         ": the role the policy belongs to is its only resource",
                     {{"delete " + in_quotes(key) +
                           "; to limit what the role may do, edit its permission "
                           "policies instead",
                       std::nullopt}});
        }
        break;
      case PolicyKind::Resource:
        break;  // resource policies differ by service: some require Resource, some do not
    }
  }
}

}  // namespace

extern const Rule kP010ResourceElement{
    .id = "P010",
    .name = "resource-element",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "An identity-policy statement without Resource or NotResource, or a trust-policy statement "
        "with one.",
    .rationale =
        "An identity policy must say which resources each statement covers, and AWS rejects a "
        "statement without Resource or NotResource. A role's trust policy is the opposite: the role "
        "is its resource, and AWS rejects it with \"Has prohibited field Resource\". Mixing up the "
        "two documents of a role is a common slip when setting up cross-account access.",
    .exceptions = "",
    .fix =
        "In an identity policy, add \"Resource\" with the ARNs the actions apply to (\"*\" only for actions "
        "that support no resource-level permissions). In a trust policy, delete Resource.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
