#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action) continue;
    for (const Scalar& value : *st.action) {
      const std::optional<std::string_view> service = w::whole_service(value.text);
      if (!service) continue;
      const std::string what =
          has_wildcard(*service) ? "every action of every service whose prefix matches " + in_quotes(*service)
                                 : "every action of the " + in_quotes(*service) + " service";
      out.report(value.span,
                 "action " + in_quotes(value.text) + " grants " + what +
                     ", including permission-management actions and those AWS adds later",
                 {{"name the " + std::string(*service) + " actions this principal calls instead of " +
                       in_quotes(value.text),
                   std::nullopt}});
    }
  }
}

}  // namespace

// "s3:*" matches every S3 action, and the set grows as the service adds actions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
extern const Rule kW002ServiceWildcard{
    .id = "W002",
    .name = "service-wildcard",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary = "An Allow statement grants a whole service: \"service:*\" (or several: \"s*:*\").",
    .rationale =
        "\"service:*\" grants every action of the service: reading and writing data, deleting resources, "
        "and changing the resources' own policies, plus every action the service adds later. A task "
        "in a state machine calls one or two actions; everything else is risk without use.",
    .exceptions =
        "Administrator policies for one service (an S3 administrator, say) grant \"s3:*\" on purpose. "
        "Deny statements are never reported. Patterns narrower than the whole service (\"s3:Get*\") "
        "are not reported by this rule.",
    .fix =
        "Replace \"service:*\" with the actions the principal calls, e.g. \"sqs:SendMessage\" instead of "
        "\"sqs:*\" for a Step Functions sqs:sendMessage task.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"sqs:*\"\n      ],\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Action/0",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": [\n        \"sqs:SendMessage\"\n      ],\n"
        "      \"Resource\": \"arn:aws:sqs:us-east-1:111122223333:orders\"\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    .check = check,
};

}  // namespace iamsmith::rules
