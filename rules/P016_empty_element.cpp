#include "p_helpers.hpp"

namespace iamsmith::rules {
namespace {

// An array that is empty in the source, not one whose items were all of the wrong type (P015).
bool really_empty(const Policy& policy, const ValueList& list) {
  return list.is_array && list.empty() && !p::has_mismatch_inside(policy, list.span.pointer);
}

void check_list(const Policy& policy, std::string_view element, std::string_view consequence,
                const ValueList& list, FindingSink& out) {
  if (really_empty(policy, list)) {
    out.report(list.span, in_quotes(element) + " is an empty array: " + std::string(consequence),
               {{"list at least one value, or delete the statement", std::nullopt}});
    return;
  }
  for (const Scalar& value : list) {
    if (value.type != json::Type::String || !value.text.empty()) continue;
    out.report(value.span, "empty string in " + in_quotes(element) + ": it names nothing",
               {{"write the value, or delete it", std::nullopt}});
  }
}

void check_principal(const Policy& policy, std::string_view element, const Principal& principal,
                     FindingSink& out) {
  if (principal.bare) {
    if (principal.bare->text.empty()) {
      out.report(
          principal.bare->span, in_quotes(element) + " is an empty string: it names no principal",
          {{"name the principals, e.g. {\"AWS\": \"arn:aws:iam::111122223333:role/Name\"}", std::nullopt}});
    }
    return;
  }
  if (principal.groups.empty() && !p::has_mismatch_inside(policy, principal.span.pointer)) {
    out.report(
        principal.span, in_quotes(element) + " is an empty object: it names no principal",
        {{"name the principals, e.g. {\"AWS\": \"arn:aws:iam::111122223333:role/Name\"}", std::nullopt}});
    return;
  }
  for (const PrincipalGroup& group : principal.groups) {
    check_list(policy, group.key, "it names no principal", group.values, out);
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const Policy& policy = *in.policy;
  for (const Statement& st : policy.statements()) {
    if (st.principal) check_principal(policy, "Principal", *st.principal, out);
    if (st.not_principal) check_principal(policy, "NotPrincipal", *st.not_principal, out);
    if (st.action) check_list(policy, "Action", "the statement applies to no action", *st.action, out);
    if (st.not_action) check_list(policy, "NotAction", "it excludes no action", *st.not_action, out);
    if (st.resource)
      check_list(policy, "Resource", "the statement applies to no resource", *st.resource, out);
    if (st.not_resource) check_list(policy, "NotResource", "it excludes no resource", *st.not_resource, out);
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      // The block's key span carries the pointer of the block itself.
      if (op.entries.empty() && !p::has_mismatch_inside(policy, op.key_span.pointer)) {
        out.report(op.key_span,
                   "condition operator " + in_quotes(op.name) + " has no condition keys: it tests nothing",
                   {{"add the keys and values to test, or delete the operator", std::nullopt}});
        continue;
      }
      // An empty string is a real condition value (a tag that is present but empty), so only an
      // empty array is reported.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
      for (const ConditionEntry& entry : op.entries) {
        if (!really_empty(policy, entry.values)) continue;
        out.report(entry.values.span,
                   "condition key " + in_quotes(entry.key) + " under " + in_quotes(op.name) +
                       " has an empty array of values",
                   {{"with no values the condition never matches (ForAllValues and ...IfExists: matches only "
                     "when the key is absent); list the values to compare with, or use the Null operator to "
                     "test for absence",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

extern const Rule kP016EmptyElement{
    .id = "P016",
    .name = "empty-element",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary =
        "An empty string or empty array where values are required: in Action, NotAction, Resource, "
        "NotResource, a principal, a condition key's values, or an empty condition operator block.",
    .rationale =
        "An element that lists nothing cannot work as written: a statement with no actions or no "
        "resources grants or denies nothing, an empty principal trusts no one, and a condition key "
        "with no values does not test what it names. Such policies are usually the output of a template "
        "whose "
        "variable came out empty, and the access the author meant to grant silently does not exist.",
    .exceptions =
        "An empty string as a condition value is legitimate (it matches a tag that is present but "
        "empty) and is not reported; nor is an empty Sid, which IAM accepts.",
    .fix = "Fill in the values the element was meant to hold, or delete the element or statement.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n      \"Resource\": []\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"states:StartExecution\",\n"
        "      \"Resource\": [\n        \"arn:aws:states:us-east-1:111122223333:stateMachine:Orders\"\n"
        "      ]\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_condition-single-vs-multi-valued-context-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
