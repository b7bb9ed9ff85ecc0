#include "condition_helpers.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// The "aud" claims of the OIDC providers a statement trusts. A JSON web token's audience may be
// one string or an array of them (RFC 7519, section 4.1.3), so whether "<provider>:aud" holds a set
// depends on the provider; with several values listed and no set qualifier, Access Analyzer asks
// to confirm the claim's type ("Confirm audience claim type").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3
void check_audience_claims(const Statement& st, FindingSink& out) {
  if (!st.principal || !st.condition) return;
  for (const PrincipalGroup& group : st.principal->groups) {
    if (group.type != PrincipalType::Federated) continue;
    for (const Scalar& value : group.values) {
      const PrincipalInfo info = classify_principal(PrincipalType::Federated, value.text);
      if (info.form != PrincipalForm::OidcProvider) continue;
      for (const ConditionUse& use : condition_uses(st, info.name + ":aud")) {
        if (!use.parsed.known() || use.parsed.qualifier != SetQualifier::None ||
            use.parsed.info->family == OperatorFamily::Null || use.entry->values.items.size() < 2) {
          continue;
        }
        out.report(use.entry->key_span,
                   in_quotes(use.entry->key) + " lists " + std::to_string(use.entry->values.items.size()) +
                       " audiences under " + in_quotes(use.op->name) +
                       " without a set qualifier: if the provider's tokens carry several audiences, the "
                       "comparison is not defined",
                   {{"if the claim holds one audience, keep the operator; if it can hold several, write "
                     "\"ForAnyValue:" + use.op->name + "\" (one of them must match) or \"ForAllValues:" +
                         use.op->name + "\" (each must)",
                     std::nullopt}});
      }
    }
  }
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    check_audience_claims(st, out);
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
               "ForAllValues: on a single-valued key, a set qualifier on Null, or several audiences of a trusted "
               "OIDC provider's :aud claim without a set qualifier.",
    .rationale = "Some keys hold a set of values (the tag keys of a request, the services a call went through). "
                 "AWS requires a set qualifier to compare them: ForAnyValue when some value must match, "
                 "ForAllValues when every value must (Access Analyzer: \"Missing qualifier\"). On a key that holds "
                 "one value, ForAllValues is also true when the key is missing, which Access Analyzer reports as "
                 "overly permissive. Null tests presence, and with a set qualifier it is always true "
                 "(ForAllValues) or always false (ForAnyValue). An OIDC token's audience claim is one value or "
                 "a list, depending on the provider; a trust policy that lists several audiences without a set "
                 "qualifier should say which it expects (Access Analyzer: \"Confirm audience claim type\").",
    .exceptions = "Whether a key is multivalued comes from the service data (the ArrayOf... types); keys it does not "
                  "know (an identity provider's claims) are not judged, except the :aud claim of an OIDC provider the "
                  "statement trusts when it lists several values. ForAnyValue: on a single-valued key is "
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
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3",
    .check = check,
};

}  // namespace iamsmith::rules
