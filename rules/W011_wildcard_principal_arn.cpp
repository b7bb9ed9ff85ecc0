#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check_value(const Scalar& value, std::string_view type, FindingSink& out) {
  // "*" alone means everyone (W004); only a wildcard inside a value is invalid.
  if (value.text == "*" || !has_wildcard(value.text)) return;
  const bool arn = value.text.substr(0, 4) == "arn:";
  std::string message = std::string(arn ? "principal ARN " : "principal ") + in_quotes(value.text);
  if (!type.empty()) message += " (under " + in_quotes(type) + ")";
  message +=
      " contains a wildcard; AWS rejects wildcards inside principals, \"*\" alone being the only one allowed";
  Note hint{
      "to admit several principals, use \"AWS\": \"*\" with a condition such as \"ArnLike\": "
      "{\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/app-*\"} or \"StringEquals\": "
      "{\"aws:PrincipalOrgID\": \"o-...\"}",
      std::nullopt};
  if (type == "Service") hint.message = "name each service principal, e.g. \"states.amazonaws.com\"";
  out.report(value.span, std::move(message), {std::move(hint)});
}

void check_principal(const Principal& principal, FindingSink& out) {
  if (principal.bare) check_value(*principal.bare, "", out);
  for (const PrincipalGroup& group : principal.groups) {
    for (const Scalar& value : group.values) check_value(value, group.key, out);
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // Unlike the other W rules this is about validity, not breadth: AWS rejects the policy
  // whatever the statement's effect, so Deny statements are checked too.
  for (const Statement& st : in.policy->statements()) {
    if (st.principal) check_principal(*st.principal, out);
    if (st.not_principal) check_principal(*st.not_principal, out);
  }
}

}  // namespace

// "You cannot use a wildcard to match part of a principal name or ARN."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
extern const Rule kW011WildcardPrincipalArn{
    .id = "W011",
    .name = "wildcard-principal-arn",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "A principal contains a wildcard inside it (\"arn:aws:iam::111122223333:role/*\", "
        "\"arn:aws:iam::*:root\"); AWS rejects the policy.",
    .rationale =
        "Principals must name accounts, roles, users, sessions or services exactly; \"*\" alone is the "
        "only wildcard IAM accepts there. A partial wildcard is rejected when the policy is saved "
        "(IAM Access Analyzer: \"Wildcards (*, ?) are not supported with the principal key\"), so the "
        "deployment fails. The usual intent, \"every role of that account matching app-*\", is written "
        "with \"*\" and a condition.",
    .exceptions =
        "None: AWS rejects it in Allow and Deny statements alike, so both are checked, and in "
        "NotPrincipal too. A policy variable such as ${aws:username} is not a wildcard.",
    .fix =
        "Name the principals exactly, or use \"Principal\": {\"AWS\": \"*\"} with an ArnLike condition on "
        "aws:PrincipalArn (or aws:PrincipalAccount / aws:PrincipalOrgID) that expresses the pattern.",
    .bad_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": [\n"
        "          \"arn:aws:iam::111122223333:role/OrdersExecutionRole\",\n"
        "          \"arn:aws:iam::111122223333:role/*\"\n"
        "        ]\n"
        "      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\n"
        "        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .bad_pointer = "/Statement/0/Principal/AWS/1",
    .good_example =
        "{\n"
        "  \"Version\": \"2012-10-17\",\n"
        "  \"Statement\": [\n"
        "    {\n"
        "      \"Effect\": \"Allow\",\n"
        "      \"Principal\": {\n"
        "        \"AWS\": \"*\"\n"
        "      },\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Condition\": {\n"
        "        \"ArnLike\": {\n"
        "          \"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/Orders*\"\n"
        "        },\n"
        "        \"StringEquals\": {\n"
        "          \"sts:ExternalId\": \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n",
    .example_context = {.kind = "trust"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
