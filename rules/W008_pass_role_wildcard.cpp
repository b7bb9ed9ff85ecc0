#include <vector>

#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

constexpr std::string_view kPassRole = "iam:PassRole";

bool is_passed_to_service(std::string_view key) {
  return ci_equals(key, "iam:PassedToService");
}

std::vector<Note> notes_for(const Statement& st) {
  std::vector<Note> notes;
  if (const ConditionEntry* entry = w::find_narrowing_condition(st, is_passed_to_service, w::any_value)) {
    notes.push_back(
        {"the condition on iam:PassedToService limits which service receives a role, not which "
         "roles can be passed",
         entry->key_span});
  }
  notes.push_back(
      {"name the roles this principal passes, e.g. \"arn:aws:iam::111122223333:role/OrdersTaskRole\"",
       std::nullopt});
  return notes;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st)) continue;
    const std::optional<w::ActionGrant> grant = w::grants_action(st, kPassRole);
    if (!grant) continue;
    // Tags on the role are the one condition that picks roles.
    if (w::find_narrowing_condition(st, w::is_role_tag_key, w::any_value, true) != nullptr) continue;
    if (st.resource) {
      for (const Scalar& resource : *st.resource) {
        if (!w::matches_every_role(resource.text)) continue;
        out.report(resource.span,
                   w::describe_grant(*grant, kPassRole) + " is allowed on " + in_quotes(resource.text) +
                       ", which matches every role: the principal can hand any role, administrator roles "
                       "included, to an AWS service and act with its permissions",
                   notes_for(st));
      }
    } else if (st.not_resource) {
      const bool excludes_all_roles =
          std::any_of(st.not_resource->begin(), st.not_resource->end(),
                      [](const Scalar& r) { return w::matches_every_role(r.text); });
      if (excludes_all_roles) continue;
      out.report(
          st.key_span("NotResource"),
          w::describe_grant(*grant, kPassRole) +
              " is allowed with \"NotResource\", so on every role that is not listed: the principal can "
              "hand those roles to an AWS service and act with their permissions",
          notes_for(st));
    }
  }
}

}  // namespace

// Passing a role lets a service act with the role's permissions; PassRole on "*" therefore lets
// the principal borrow any role's permissions through a service it can configure.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
extern const Rule kW008PassRoleWildcard{
    .id = "W008",
    .name = "pass-role-wildcard",
    .severity = Severity::Security,
    .status = RuleStatus::Stable,
    .summary =
        "iam:PassRole (also through \"iam:*\", \"iam:Pass*\" or \"*\") is allowed on \"*\" or on a pattern "
        "that matches every role.",
    .rationale =
        "A principal that may pass any role can start a task, a function or a job with a more powerful "
        "role than its own and so escalate its privileges. Step Functions needs iam:PassRole only for "
        "the specific roles its tasks hand over (an ECS task role, a SageMaker or Glue job role).",
    .exceptions =
        "A condition on iam:PassedToService does not silence the finding: it limits the service that "
        "receives the role, not which roles can be passed, so an administrator role can still be "
        "handed to that service (the finding then points at the condition in a note). A narrowing "
        "condition on the role's tags (aws:ResourceTag/... or iam:ResourceTag/...) does silence it. A "
        "name prefix (\"role/app-*\") or a path (\"role/service-role/*\") is not reported; a wildcard "
        "only in the account field is not either, because a role can be passed only within its own "
        "account. Deny statements are never reported.",
    .fix =
        "List the ARNs of the roles the principal passes, and add an iam:PassedToService condition naming "
        "the "
        "service that receives them.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"iam:PassRole\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"iam:PassRole\",\n"
        "      \"Resource\": \"arn:aws:iam::111122223333:role/OrdersTaskRole\",\n"
        "      \"Condition\": {\n        \"StringEquals\": {\n"
        "          \"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"\n        }\n      }\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
