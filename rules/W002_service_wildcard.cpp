#include "iamsmith/expand.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// "23 actions today, 2 of them Permissions management and 10 Write".
std::string counted(const Expansion& e) {
  std::string out = std::to_string(e.actions.size()) + (e.actions.size() == 1 ? " action" : " actions") + " today";
  const std::size_t write = e.counts.write;
  const std::size_t permissions = e.counts.permissions_management;
  if (permissions != 0) {
    out += ", " + std::to_string(permissions) + " of them Permissions management";
    if (write != 0) out += " and " + std::to_string(write) + " Write";
  } else if (write != 0) {
    out += ", " + std::to_string(write) + " of them Write";
  }
  return out;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.action) continue;
    for (const Scalar& value : *st.action) {
      const std::optional<std::string_view> service = w::whole_service(value.text);
      if (!service) continue;
      const Expansion expansion = expand_actions(catalog, value.text);
      // A prefix AWS does not have grants nothing: D003 reports that.
      if (expansion.actions.empty()) continue;
      const std::string what =
          has_wildcard(*service) ? "every action of every service whose prefix matches " + in_quotes(*service)
                                 : "every action of the " + in_quotes(*service) + " service";
      out.report(value.span,
                 "action " + in_quotes(value.text) + " grants " + what + " (" + counted(expansion) +
                     "), and every action AWS adds to it later",
                 {{"name the " + std::string(*service) + " actions this principal calls instead of " +
                       in_quotes(value.text) + " (`iamsmith expand " + value.text + "` lists them)",
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
        "are not reported by this rule, and neither is a prefix AWS does not have (D003). The counts in the "
        "message come from iamsmith's snapshot of AWS's Service Authorization Reference.",
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
