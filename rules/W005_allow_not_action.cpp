#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    // NotAction "*" leaves no action to grant: P019's finding, not a broad grant.
    if (!is_allow(st) || !st.not_action || excludes_everything(st.not_action)) continue;
    const std::string excluded = w::quoted_list(w::texts_of(*st.not_action));
    out.report(st.key_span("NotAction"),
               "\"NotAction\" with \"Allow\" grants every action of every AWS service except " +
                   (excluded.empty() ? std::string("none") : excluded) + ", including actions AWS adds later",
               {{"list the allowed actions in \"Action\"; to carve out exceptions, add a Deny statement with "
                 "those actions",
                 std::nullopt}});
  }
}

}  // namespace

// "Be careful using NotAction and Allow in the same statement": it allows every action that is
// not listed, in every service, including services added later.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
extern const Rule kW005AllowNotAction{
    .id = "W005",
    .name = "allow-not-action",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "An Allow statement uses NotAction: it grants every action except those listed.",
    .rationale =
        "NotAction inverts the list: an Allow statement with NotAction grants every action of every "
        "service that is not named, and keeps granting each new action and service AWS launches. "
        "The policy reads like a restriction and works like an administrator grant.",
    .exceptions =
        "AWS's own PowerUserAccess uses Allow + NotAction to grant everything except IAM and "
        "Organizations; such broad roles are deliberate. A Condition on the statement does not "
        "silence the finding: it limits when, not what. Deny statements with NotAction are the "
        "intended use and are never reported.",
    .fix =
        "Replace NotAction with an Action list of what the principal needs. To forbid some actions, keep a "
        "positive Allow and add a Deny statement listing them.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"NotAction\": \"iam:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/NotAction",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    },\n"
        "    {\n      \"Effect\": \"Deny\",\n      \"NotAction\": \"states:*\",\n      \"Resource\": \"*\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    .check = check,
};

}  // namespace iamsmith::rules
