#include <array>
#include <vector>

#include "arn_helpers.hpp"
#include "d_helpers.hpp"
#include "document_facts.hpp"
#include "iamsmith/expand.hpp"
#include "w_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Actions that the Step Functions service-integration templates grant on "*" because they act on
// resources the workflow itself creates at run time (a Batch job started by the same task), so a
// policy generated from those templates carries them on "*" on purpose.
// https://docs.aws.amazon.com/step-functions/latest/dg/batch-iam.html
constexpr std::array<std::string_view, 1> kRunTimeResourceActions = {"batch:TerminateJob"};

// Whether "Resource": "*" is broader than `action` needs: it writes, invokes, deletes or changes
// permissions (AWS's access levels Write and Permissions management), and it supports
// resource-level permissions (the Service Authorization Reference lists resource types for it),
// so it can be limited to ARNs. Actions without resource types must use "*". iam:PassRole and
// sts:AssumeRole are W008's and W009's.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
bool takes_resource_arns(const iamdata::Action& action) {
  if (action.wildcard_only()) return false;
  // A single optional resource type (cloudwatch:PutMetricData's dataset) means requests without
  // that resource exist, and those are authorised against "*". Several optional types are
  // alternatives (s3:PutObject acts on an object or an access point's object), one of them is
  // always there.
  const bool some_required = std::any_of(action.resources.begin(), action.resources.end(),
                                         [](const iamdata::ActionResource& r) { return r.required; });
  if (!some_required && action.resources.size() < 2) return false;
  const iamdata::AccessLevel level = primary_level(action.access);
  if (level != iamdata::AccessLevel::Write && level != iamdata::AccessLevel::PermissionsManagement)
    return false;
  const std::string name = action.full_name();
  if (ci_equals(name, "iam:PassRole") || ci_equals(name, "sts:AssumeRole")) return false;
  return std::none_of(kRunTimeResourceActions.begin(), kRunTimeResourceActions.end(),
                      [&](std::string_view a) { return ci_equals(name, a); });
}

// The resource-scoped actions one Action value grants. "*" and "service:*" are left to W001 and
// W002, which already report them.
std::vector<const iamdata::Action*> scoped_actions_of(const iamdata::Catalog& catalog, const Scalar& value) {
  std::vector<const iamdata::Action*> found;
  const std::string_view pattern = value.text;
  if (w::matches_every_action(pattern) || w::whole_service(pattern)) return found;
  const std::size_t colon = pattern.find(':');
  // Patterns over several services ("*:Put*") are too broad to list; W001 and W002 cover the
  // forms that grant whole services.
  if (colon == std::string_view::npos || has_wildcard(pattern.substr(0, colon))) return found;
  // The D rules' resolution, shared through its memo: W003 runs first and fills it for them.
  for (const iamdata::Action* a : d::resolve_action(catalog, value).actions) {
    if (takes_resource_arns(*a)) found.push_back(a);
  }
  return found;
}

// A tag condition narrows even with "*" (the tag must be present); other keys need a value.
bool scope_value(std::string_view key, std::string_view value) {
  const std::size_t colon = key.find(':');
  return ci_starts_with(key.substr(colon + 1), "ResourceTag/") || !w::is_all_stars(value);
}

// Whether a condition narrows the resources `action` reaches: a key on the resource's tags,
// account or organization, or any key of the action's own service ("ecs:cluster",
// "events:ManagedBy", "secretsmanager:SecretId"). Which service keys describe the resource is not
// told by the catalogue (it lists keys per action, not what they describe), so every one of them
// gets the benefit of the doubt.
bool scoped_by_condition(const Statement& st, const iamdata::Action& action) {
  const std::string_view service = action.service->prefix;
  const auto scopes = [service](std::string_view key) {
    if (w::is_resource_scoping_key(key)) return true;
    const std::size_t colon = key.find(':');
    return colon != std::string_view::npos && ci_equals(key.substr(0, colon), service);
  };
  return w::find_narrowing_condition(st, scopes, scope_value, true) != nullptr;
}

// The region and account fields (3 and 4) of a catalogue ARN format
// ("arn:${Partition}:s3:::${BucketName}/${ObjectName}" has neither).
bool format_field_empty(std::string_view format, std::size_t index) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < index; ++i) {
    start = format.find(':', start);
    if (start == std::string_view::npos) return false;
    ++start;
  }
  return start < format.size() && format[start] == ':';
}

// Whether an ARN pattern is "*" in effect for `action` (parliament's RESOURCE_EFFECTIVELY_STAR):
// every field is stars, except a partition named outright (one partition is the whole world of a
// policy) and a service that is the action's own, and a region or account that is empty where
// every ARN format of one of the action's resource types has it empty ("arn:aws:s3:::*" is every
// object s3:PutObject can write, though not its access points). Anything more specific, even
// "arn:aws:sqs:*:111122223333:*", is left alone.
bool effectively_star(const Arn& arn, const iamdata::Action& action) {
  if (!w::is_all_stars(arn.resource)) return false;
  if (!w::is_all_stars(arn.partition) && find_partition(arn.partition) == nullptr) return false;
  if (!w::is_all_stars(arn.service) && !ci_equals(arn.service, action.service->prefix)) return false;
  const auto field_open = [&](const std::string& field, std::size_t index) {
    if (w::is_all_stars(field)) return true;
    if (!field.empty() || action.resources.empty()) return false;
    return std::any_of(action.resources.begin(), action.resources.end(),
                       [&](const iamdata::ActionResource& r) {
                         return r.type != nullptr && !r.type->arn_formats.empty() &&
                                std::all_of(r.type->arn_formats.begin(), r.type->arn_formats.end(),
                                            [&](std::string_view f) { return format_field_empty(f, index); });
                       });
  };
  return field_open(arn.region, 3) && field_open(arn.account, 4);
}

// The full names of the actions of `actions` that `resource` lets act on every resource: all of
// them for "*", those for which an ARN pattern is "*" in effect otherwise.
std::vector<std::string> broad_for(DocumentFacts& facts, const Scalar& resource,
                                   const std::vector<const iamdata::Action*>& actions) {
  std::vector<std::string> out;
  const bool all = w::is_all_stars(resource.text);
  const std::optional<Arn>* arn = all ? nullptr : &facts.arn_fields(resource);
  if (!all && !*arn) return out;
  for (const iamdata::Action* action : actions) {
    if (all || effectively_star(**arn, *action)) out.push_back(action->full_name());
  }
  return out;
}

// A resource value W003 looks at: "*", or an ARN whose resource part is stars.
bool maybe_broad(DocumentFacts& facts, const Scalar& r) {
  if (r.type != json::Type::String) return false;
  if (w::is_all_stars(r.text)) return true;
  const std::optional<Arn>& arn = facts.arn_fields(r);
  return arn && w::is_all_stars(arn->resource);
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  // In a resource policy "*" means the resource the policy is attached to (a KMS key policy
  // says "Resource": "*" for the key itself), so only identity policies are checked.
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
  if (in.kind != PolicyKind::Identity) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  with_facts(in, [&](DocumentFacts& facts) {
    const auto broad = [&facts](const Scalar& r) { return maybe_broad(facts, r); };
    for (const Statement& st : in.policy->statements()) {
      if (!is_allow(st) || !st.action || !st.resource) continue;
      // Only "*" and ARN patterns of stars are reported: without one, the actions need not be looked up.
      if (std::none_of(st.resource->begin(), st.resource->end(), broad)) continue;
      std::vector<const iamdata::Action*> actions;
      for (const Scalar& value : *st.action) {
        if (value.type != json::Type::String) continue;
        // Each distinct value is filtered once per thread (d_helpers.hpp's memo).
        thread_local d::CatalogMemo<std::vector<const iamdata::Action*>> memo;
        const std::vector<const iamdata::Action*>& scoped =
            memo.get(catalog, value.text, [&] { return scoped_actions_of(catalog, value); });
        for (const iamdata::Action* action : scoped) {
          if (std::find(actions.begin(), actions.end(), action) != actions.end()) continue;
          if (!scoped_by_condition(st, *action)) actions.push_back(action);
        }
      }
      if (actions.empty()) continue;
      for (const Scalar& resource : *st.resource) {
        if (!broad(resource)) continue;
        const std::vector<std::string> full_names = broad_for(facts, resource, actions);
        if (full_names.empty()) continue;
        const std::vector<std::string_view> names(full_names.begin(), full_names.end());
        const std::string in_effect = w::is_all_stars(resource.text) ? "" : ", \"*\" in effect,";
        out.report(
            resource.span,
            "resource " + in_quotes(resource.text) + in_effect + " lets " + w::quoted_list(names, 3) +
                " act on every resource of " + (names.size() == 1 ? "its service" : "their services") +
                ", although " + (names.size() == 1 ? "it takes" : "they take") + " specific resource ARNs",
            {{"name the resources, e.g. the function, queue, table or state machine ARNs the tasks use",
              std::nullopt}});
      }
    }
  });
}

}  // namespace

extern const Rule kW003ResourceWildcard{
    .id = "W003",
    .name = "resource-wildcard",
    .severity = Severity::Security,
    .status = RuleStatus::Preview,
    .summary =
        "An Allow statement applies an action that supports resource-level permissions to \"Resource\": "
        "\"*\", or to an ARN pattern that is \"*\" in effect (\"arn:aws:s3:::*\").",
    .rationale =
        "With \"*\" the action reaches every resource of its kind in every account that trusts the "
        "principal: every Lambda function, every queue, every state machine. Step Functions writes such "
        "policies for tasks whose resource comes from the state input; naming the resources keeps a "
        "crafted input from reaching resources the workflow never meant to touch.",
    .exceptions =
        "Checked: actions AWS's Service Authorization Reference gives resource types (resource-level "
        "permissions: a required type, or several alternative ones) and the access level Write or "
        "Permissions management. Not checked: read, list and tagging actions, actions that accept only "
        "\"*\" (xray:PutTraceSegments) or whose one resource type is optional (cloudwatch:PutMetricData), "
        "batch:TerminateJob (Step Functions' .sync template grants it on \"*\" because the job is created at "
        "run time), and iam:PassRole / sts:AssumeRole, which W008 and W009 check. \"*\" and \"service:*\" "
        "actions are left to W001 and W002, and patterns over several services (\"*:Put*\") are not "
        "expanded. Only identity policies are checked: in a resource policy \"*\" stands for the resource "
        "the policy is attached to. An action is not reported when a narrowing condition (StringEquals, "
        "StringLike, ArnLike, ... or Null = false; not negated, not ...IfExists) is on aws:ResourceTag/..., "
        "<service>:ResourceTag/..., aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths, or on any "
        "key of the action's own service (\"ecs:cluster\", \"events:ManagedBy\"), since the catalogue does "
        "not say which of those describe the resource. Besides a bare \"*\", an ARN pattern that is \"*\" in "
        "effect is reported (parliament's RESOURCE_EFFECTIVELY_STAR): stars in every field but a named "
        "partition, the action's own service, and a region or account left empty where one of the action's "
        "resource types has none (\"arn:*:*:*:*:*\", \"arn:aws:sqs:*:*:*\", \"arn:aws:s3:::*\" for "
        "s3:PutObject); a pattern with any specific field (\"arn:aws:sqs:*:111122223333:*\", "
        "\"arn:aws:s3:::logs-*\") is not. When the resource really is chosen at run time (a dynamic Step "
        "Functions "
        "parameter), narrow it by account and name prefix instead.",
    .fix =
        "Replace \"*\" with the ARNs of the resources the actions work on; move actions that only accept "
        "\"*\" "
        "into a statement of their own.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"lambda:InvokeFunction\",\n      \"Resource\": [\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard\",\n"
        "        \"arn:aws:lambda:us-east-1:111122223333:function:ChargeCard:*\"\n      ]\n    }\n  ]\n}\n",
    .example_context = {.kind = "identity"},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html",
    .check = check,
};

}  // namespace iamsmith::rules
