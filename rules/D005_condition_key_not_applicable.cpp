#include "d_helpers.hpp"
#include "iamsmith/condition.hpp"

namespace iamsmith::rules {
namespace {

// A few actions of the key's own service that do carry it, for the note.
std::vector<std::string> actions_with_key(const iamdata::Service& service, std::string_view key,
                                          const iamdata::ConditionKey* resolved) {
  std::vector<std::string> out;
  for (const iamdata::Action& a : service.actions) {
    if (d::action_supports_key(a, key, resolved)) out.push_back(a.full_name());
  }
  return out;
}

// The global tag keys that AWS lists per action (an action sets them only when it creates or acts
// on taggable resources): a Deny on them never applies to the other actions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html
bool is_global_tag_key(std::string_view key) {
  return ci_starts_with(key, "aws:RequestTag/") || ci_starts_with(key, "aws:ResourceTag/") ||
         ci_equals(key, "aws:TagKeys");
}

// What a condition on a key evaluates to for a request without the key: negated operators,
// ...IfExists and ForAllValues are true, Null is true for "true", the others are false.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
bool true_when_absent(const ParsedOperator& parsed, const ConditionEntry& entry) {
  if (!parsed.known()) return false;
  if (parsed.info->family == OperatorFamily::Null) {
    return !entry.values.empty() && ci_equals(entry.values.items.front().text, "true");
  }
  return parsed.info->negated || parsed.if_exists || parsed.qualifier == SetQualifier::ForAllValues;
}

// Each action the statement names literally (no wildcard) that does not support `key`, reported
// at the action: the condition is absent from its requests while other actions of the statement
// do carry it (Access Analyzer: "Unsupported action for condition key"). With `only_if_ignored`
// (a Deny guardrail on tags), only when the Deny then never applies to the action.
void report_unsupported_actions(const iamdata::Catalog& catalog, const Statement& st, const ConditionOperator& op,
                                const ConditionEntry& entry, const iamdata::ConditionKey* known,
                                bool only_if_ignored, FindingSink& out, bool only_resourceless = false) {
  if (!st.action) return;
  const bool absent_true = true_when_absent(parse_operator(op.name), entry);
  if (only_if_ignored && absent_true) return;
  for (const Scalar& value : *st.action) {
    if (value.type != json::Type::String || has_wildcard(value.text)) continue;
    const iamdata::Action* action = catalog.action(value.text);
    if (action == nullptr || d::action_supports_key(*action, entry.key, known)) continue;
    // Reads and lists only: some services compare aws:ResourceTag with the request's tags when a
    // resource is being created, which the catalogue does not say.
    if (only_resourceless &&
        (!action->wildcard_only() || iamdata::has_level(action->access, iamdata::AccessLevel::Write) ||
         iamdata::has_level(action->access, iamdata::AccessLevel::PermissionsManagement) ||
         iamdata::has_level(action->access, iamdata::AccessLevel::Tagging))) {
      continue;
    }
    const std::string name = action->full_name();
    std::string effect;
    if (is_deny(st)) {
      effect = absent_true ? "this Deny refuses " + name + " whatever the condition says"
                           : "this Deny never applies to " + name;
    } else {
      effect = absent_true ? "the condition does not restrict " + name : "this statement grants nothing for " + name;
    }
    out.report(value.span,
               "action " + in_quotes(value.text) + " does not support the statement's condition key " +
                   in_quotes(entry.key) + ", so " + effect,
               {{"move " + name + " to a statement of its own, with a condition it supports", entry.key_span}});
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    std::optional<std::vector<const iamdata::Action*>> actions;
    bool resolved_actions = false;
    for (const ConditionOperator& op : st.condition->operators) {
      for (const ConditionEntry& entry : op.entries) {
        const std::string_view key = entry.key;
        const std::size_t colon = key.find(':');
        if (colon != std::string_view::npos && (is_deny(st) || is_allow(st)) && is_global_tag_key(key)) {
          // A Deny guardrail on tags: each named action that never carries the key escapes it. An
          // Allow on tags grants nothing for such an action (Access Analyzer: "Allow with unsupported
          // tag condition key for service").
          const iamdata::ConditionKey* global = catalog.global_key(key);
          if (!resolved_actions) {
            actions = d::statement_actions(catalog, st);
            resolved_actions = true;
          }
          // In an Allow only aws:ResourceTag on actions without resource types is judged: such an
          // action has no resource whose tags could be compared. The per-action request-tag data is
          // not complete enough (AWS's own policies condition sqlworkbench:TagResource on
          // aws:RequestTag, which the catalogue does not list for it) to judge the other tag keys.
          const bool allow_resource_tag = is_allow(st) && ci_starts_with(key, "aws:ResourceTag/");
          if (global != nullptr && actions && !actions->empty() && (is_deny(st) || allow_resource_tag)) {
            report_unsupported_actions(catalog, st, op, entry, global, /*only_if_ignored=*/true, out,
                                       /*only_resourceless=*/is_allow(st));
          }
          continue;
        }
        if (colon == std::string_view::npos || ci_equals(key.substr(0, colon), "aws")) continue;
        // Global keys with a service prefix (ec2:SourceInstanceArn) are in every request they apply to.
        if (catalog.global_key(key) != nullptr) continue;
        const iamdata::Service* service = catalog.service(key.substr(0, colon));
        if (service == nullptr) continue;  // "saml:aud", "accounts.google.com:sub": not a service's key
        const iamdata::ConditionKey* known = service->find_condition_key(key);
        if (known == nullptr) continue;  // an unknown key is C003's finding
        if (!resolved_actions) {
          actions = d::statement_actions(catalog, st);
          resolved_actions = true;
        }
        if (!actions || actions->empty()) break;
        const bool supported = std::any_of(actions->begin(), actions->end(), [&](const iamdata::Action* a) {
          return d::action_supports_key(*a, key, known);
        });
        if (supported) {
          report_unsupported_actions(catalog, st, op, entry, known, /*only_if_ignored=*/false, out);
          continue;
        }
        std::vector<std::string> names;
        for (const iamdata::Action* a : *actions) names.push_back(a->full_name());
        std::vector<Note> notes;
        notes.push_back(
            {"no request for these actions carries the key, so the condition is always false (and "
             "always true under a negated operator, ...IfExists or Null)",
             std::nullopt});
        const std::vector<std::string> users = actions_with_key(*service, key, known);
        if (!users.empty()) {
          notes.push_back({std::string(known->name) + " is set for " + d::name_list(users), std::nullopt});
        }
        out.report(entry.key_span,
                   "condition key " + in_quotes(key) + " applies to none of the statement's actions (" +
                       d::name_list(names) + ")",
                   std::move(notes));
      }
    }
  }
}

}  // namespace

// Which keys each action supports: the "Condition keys" column of each service's "Actions" table
// (keys on the action's row and on the rows of the resource types it acts on).
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
extern const Rule kD005ConditionKeyNotApplicable{
    .id = "D005",
    .name = "condition-key-not-applicable",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary =
        "A service condition key that none of the statement's actions supports (s3:prefix on "
        "s3:GetObject), or, reported at the action, an action the statement names that does not support "
        "a key its other actions do (and a tag key, aws:ResourceTag/..., aws:RequestTag/..., aws:TagKeys, in a "
        "Deny that then never applies, or aws:ResourceTag/... in an Allow that then grants nothing for an action "
        "without resource types).",
    .rationale =
        "A service's condition keys are set only for the actions AWS lists them with: s3:prefix for "
        "s3:ListBucket, not for s3:GetObject. On any other action the key is absent, so a condition on it "
        "never matches (and a negated one always does): the statement either never applies or is not "
        "narrowed at all, and neither is what it says.",
    .exceptions =
        "A statement whose actions all lack the key is reported once, at the key; otherwise each action "
        "named without a wildcard that lacks it is reported. "
        "Only keys with a service prefix are checked, and the global tag keys where the condition is false "
        "without them: in a Deny, which then never applies; in an Allow, only aws:ResourceTag/... on actions "
        "without resource types (ec2:DescribeInstances), for which the Allow grants nothing; other "
        "global keys (aws:..., and the few service keys AWS "
        "lists as global, such as ec2:SourceInstanceArn) can be in any request. Keys of identity providers "
        "(saml:, accounts.google.com:, ...) are not a service's. Statements with NotAction, with actions "
        "that do not resolve, or with action patterns over several services are not checked. Unknown keys "
        "are C003's finding.",
    .fix =
        "Move the condition to the statement whose actions set the key, or use the key those actions do "
        "support (the note names actions that set it).",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::reports/*\",\n"
        "      \"Condition\": {\"StringLike\": {\"s3:prefix\": \"2026/*\"}}\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Condition/StringLike/s3:prefix",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:ListBucket\",\n      \"Resource\": \"arn:aws:s3:::reports\",\n"
        "      \"Condition\": {\"StringLike\": {\"s3:prefix\": \"2026/*\"}}\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/service-authorization/latest/reference/"
        "reference_policies_actions-resources-contextkeys.html\n"
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    .check = check,
};

}  // namespace iamsmith::rules
