#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Whether the statement's Resource is a catch-all ("*"), for the wording of the message.
bool on_every_resource(const Statement& st) {
  if (!st.resource) return false;
  return std::any_of(st.resource->begin(), st.resource->end(),
                     [](const Scalar& r) { return w::is_all_stars(r.text); });
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    // With NotResource "*" the statement grants nothing (P019).
    if (!is_allow(st) || !st.action || excludes_everything(st.not_resource)) continue;
    for (const Scalar& value : *st.action) {
      if (!w::matches_every_action(value.text)) continue;
      std::string message = "action " + in_quotes(value.text) + " grants every action of every AWS service";
      if (on_every_resource(st)) {
        message += " on every resource: full administrator access";
      } else if (st.not_resource) {
        message += " on every resource except those in \"NotResource\"";
      } else if (st.resource) {
        message += " on the listed resources";
      }
      out.report(
          value.span, std::move(message),
          {{"list only the actions this principal needs, such as \"states:StartExecution\"", std::nullopt}});
    }
  }
}

}  // namespace

// A pattern matches every action when it is all stars, or all stars on both sides of the colon:
// action names are "service:ActionName" and wildcards match across characters.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kW001FullAccess{
    .id = "W001",
    .name = "full-access",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "An Allow statement grants every action: \"Action\": \"*\" or a pattern such as \"*:*\".",
    .rationale =
        "A wildcard action grants every action of every AWS service, including the ones added later; "
        "with \"Resource\": \"*\" it is full administrator access. A Step Functions execution role or a "
        "cross-account target role needs a handful of actions, and a leak of its credentials (or a "
        "confused state machine) then does everything the account can do.",
    .exceptions =
        "A break-glass administrator role may need it on purpose; give that role its own policy and "
        "ignore the finding there. Deny statements are never reported.",
    .fix =
        "List the actions the principal needs (for a Step Functions target role: the actions of the tasks "
        "that use it), each on the resources it needs.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    .check = check,
};

}  // namespace iamsmith::rules
