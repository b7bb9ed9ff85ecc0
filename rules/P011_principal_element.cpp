#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    switch (in.kind) {
      case PolicyKind::Identity:
        // An identity policy is inferred exactly when no statement names a principal, so only a
        // kind the user gave can contradict the document.
        if (in.context.kind != PolicyKind::Identity) break;
        for (std::string_view key : {"Principal", "NotPrincipal"}) {
          const KeySpan* found = p::first_key(st.keys, key);
          if (found == nullptr) continue;
          out.report(found->span,
                     "an identity policy cannot have " + in_quotes(key) +
                         ": it applies to the user, group or role it is attached to",
                     {{"delete " + in_quotes(key) +
                           ", or check the policy kind: a document with principals "
                           "is a trust or resource policy",
                       std::nullopt}});
        }
        break;
      case PolicyKind::Trust:
      case PolicyKind::Resource: {
        if (p::has_key(st.keys, "Principal") || p::has_key(st.keys, "NotPrincipal")) break;
        std::vector<Note> notes;
        p::note_misspelling(st.unknown, {"Principal", "NotPrincipal"}, p::kStatementKeys, notes);
        notes.push_back(
            {"add the principals the statement applies to, e.g. \"Principal\": {\"AWS\": "
             "\"arn:aws:iam::111122223333:role/OrdersStateMachineRole\"}",
             std::nullopt});
        out.report(st.span,
                   std::string("the statement has no \"Principal\", which a ") +
                       (in.kind == PolicyKind::Trust ? "role trust" : "resource") + " policy requires",
                   std::move(notes));
        break;
      }
    }
  }
}

}  // namespace

extern const Rule kP011PrincipalElement{
    .id = "P011",
    .name = "principal-element",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A Principal in an identity policy, or a trust- or resource-policy statement without one.",
    .rationale =
        "An identity policy applies to the identity it is attached to, and AWS rejects one that names "
        "a principal (\"Has prohibited field Principal\"). A trust or resource policy is the "
        "opposite: each statement must say whom it applies to. A statement without a principal "
        "in a trust policy is usually a permission statement pasted into the wrong document.",
    .exceptions = "",
    .fix =
        "In an identity policy, delete Principal. In a trust or resource policy, add \"Principal\" naming "
        "the accounts, roles or services the statement applies to.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n"
        "        \"StringEquals\": {\n          \"sts:ExternalId\": "
        "\"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n        }\n      }\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n        \"AWS\": \"arn:aws:iam::111122223333:role/OrdersStateMachineRole\"\n"
        "      },\n      \"Action\": \"sts:AssumeRole\",\n      \"Condition\": {\n"
        "        \"StringEquals\": {\n          \"sts:ExternalId\": "
        "\"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n        }\n      }\n    }\n  ]\n}\n",
    .example_context = {.kind = "trust"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
