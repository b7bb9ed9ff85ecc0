#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known()) continue;
      for (const ConditionEntry& entry : op.entries) {
        if (parsed.info->family == OperatorFamily::Null) {
          if (parsed.qualifier == SetQualifier::None) continue;
          out.report(op.key_span,
                     in_quotes(op.name) + " is always " +
                         (parsed.qualifier == SetQualifier::ForAllValues ? "true" : "false") +
                         ": Null tests whether a key is present, and a set qualifier makes it compare nothing",
                     {{"write \"Null\" without " +
                           std::string(parsed.qualifier == SetQualifier::ForAllValues ? "ForAllValues:" : "ForAnyValue:"),
                       std::nullopt}});
          break;
        }
        const iamdata::ConditionKey* key = catalog.condition_key(entry.key);
        if (key == nullptr || key->type == iamdata::KeyType::Unknown) continue;
        if (key->multivalued && parsed.qualifier == SetQualifier::None) {
          out.report(entry.key_span,
                     in_quotes(entry.key) + " holds a set of values, and " + in_quotes(op.name) +
                         " without ForAnyValue: or ForAllValues: does not say how to compare a set",
                     {{"write \"ForAnyValue:" + op.name + "\" (some value matches) or \"ForAllValues:" + op.name +
                           "\" (every value matches)",
                       std::nullopt}});
        } else if (!key->multivalued && parsed.qualifier == SetQualifier::ForAllValues) {
          out.report(entry.key_span,
                     in_quotes(op.name) + " on the single-valued key " + in_quotes(entry.key) +
                         " is also true when the request has no " + in_quotes(entry.key) +
                         ", which makes an Allow apply more widely than written",
                     {{"write " + in_quotes(std::string(op.name.substr(op.name.find(':') + 1))) +
                           " (without ForAllValues:)",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

// Single-valued and multivalued keys, and how ForAllValues / ForAnyValue compare them:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// Which keys are multivalued: the ArrayOf... types of the Service Authorization Reference.
extern const Rule kC011SetQualifierMismatch{
    .id = "C011",
    .name = "set-qualifier-mismatch",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "A multivalued key (aws:TagKeys, aws:CalledVia, ...) without ForAnyValue:/ForAllValues:, "
               "ForAllValues: on a single-valued key, or a set qualifier on Null.",
    .rationale = "Some keys hold a set of values (the tag keys of a request, the services a call went through). "
                 "AWS requires a set qualifier to compare them: ForAnyValue when some value must match, "
                 "ForAllValues when every value must (Access Analyzer: \"Missing qualifier\"). On a key that holds "
                 "one value, ForAllValues is also true when the key is missing, which Access Analyzer reports as "
                 "overly permissive. Null tests presence, and with a set qualifier it is always true "
                 "(ForAllValues) or always false (ForAnyValue).",
    .exceptions = "Whether a key is multivalued comes from the service data (the ArrayOf... types); keys it does not "
                  "know (an identity provider's claims) are not judged. ForAnyValue: on a single-valued key is "
                  "harmless (it behaves as the plain operator) and is not reported.",
    .fix = "Add ForAnyValue: or ForAllValues: for a multivalued key; remove ForAllValues: for a single-valued one; "
           "write Null without a qualifier.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:TagKeys": ["Team", "Env"]}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/StringEquals/aws:TagKeys",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": {"ForAnyValue:StringEquals": {"aws:TagKeys": ["Team", "Env"]}}
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
