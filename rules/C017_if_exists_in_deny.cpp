#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// The global keys AWS files under "Properties of the network" (the category column of the service
// data). Each is missing from a whole class of requests: aws:SourceIp from requests through a VPC
// endpoint, the VPC keys from requests that do not come through one, and all of them from requests
// an AWS service makes with its own credentials.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
bool network_key(const iamdata::Catalog& catalog, std::string_view key) {
  const iamdata::ConditionKey* found = catalog.global_key(key);
  return found != nullptr && found->category == "network";
}

// Whether the statement also requires the key to be present ("Null": {key: "false"}), which makes
// IfExists moot.
bool requires_presence(const Statement& st, std::string_view key) {
  for (const ConditionUse& use : condition_uses(st, key)) {
    if (!use.parsed.known() || use.parsed.info->family != OperatorFamily::Null) continue;
    const auto& values = use.entry->values.items;
    if (!values.empty() && ci_equals(values.front().text, "false")) return true;
  }
  return false;
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_deny(st) || !st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      // A negated operator is true for a missing key with or without IfExists; Null with IfExists
      // is C005's finding.
      if (!parsed.known() || !parsed.if_exists || parsed.info->negated ||
          parsed.info->family == OperatorFamily::Null)
        continue;
      for (const ConditionEntry& entry : op.entries) {
        if (!network_key(catalog, entry.key) || requires_presence(st, entry.key)) continue;
        const std::string base(parsed.info->name);
        out.report(entry.key_span,
                   in_quotes(op.name) + " on " + in_quotes(entry.key) + " is true when the request has no " +
                       in_quotes(entry.key) + ", so this Deny also refuses every request without it",
                   {{"requests through a VPC endpoint carry no aws:SourceIp, requests from outside one carry no "
                     "VPC keys, and requests an AWS service makes on its own credentials carry neither",
                     std::nullopt},
                    {"to deny only the requests whose " + std::string(entry.key) + " matches, write " +
                         in_quotes(base) + " without IfExists",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

// "If the key that you specify in a policy condition is not present in the request context, the
// values do not match and the condition is false", while an ...IfExists operator is true for a
// missing key. So IfExists never lets a request slip past a Deny: it makes the Deny cover requests
// without the key too. AWS's own MFA guardrail relies on exactly that ("Deny" with "BoolIfExists"
// {"aws:MultiFactorAuthPresent": "false"} "denies requests that are made using long-term
// credentials" as well). The peers that call a non-negated IfExists in a Deny a weakened Deny
// (iam-policy-validator's ifexists_weakens_deny) have the effect backwards; on a network key the
// real pitfall is the opposite one, a Deny that also refuses the requests that lack the key.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
extern const Rule kC017IfExistsInDeny{
    .id = "C017",
    .name = "if-exists-in-deny",
    .severity = Severity::Warning,
    .status = RuleStatus::Preview,
    .summary = "A non-negated ...IfExists operator in a Deny on a network key (aws:SourceIp, aws:SourceVpc, "
               "aws:SourceVpce, aws:VpcSourceIp, ...): the Deny also refuses every request without the key.",
    .rationale = "IfExists makes a condition true when the request lacks the key, so in a Deny it widens the Deny, "
                 "it never weakens it. Network keys are missing from whole classes of requests: "
                 "\"IpAddressIfExists\": {\"aws:SourceIp\": \"198.51.100.0/24\"}, written to refuse one address "
                 "range, also refuses every request that comes through a VPC endpoint (which carries no "
                 "aws:SourceIp), and \"StringEqualsIfExists\" on aws:SourceVpce refuses every request from "
                 "outside any endpoint. Either can break AWS services and private networks that were meant to "
                 "keep working.",
    .exceptions = "Negated operators (StringNotEquals..., NotIpAddress...) are not reported: they are true for a "
                  "missing key with or without IfExists, and \"deny unless from my network\" is usually the intent. "
                  "A statement that also requires the key (\"Null\": {key: \"false\"}) is left alone. Keys other "
                  "than the network keys are not checked here: for aws:MultiFactorAuthPresent, \"BoolIfExists\" "
                  "\"false\" in a Deny is AWS's recommended pattern (C008 covers MFA).",
    .fix = "To refuse only the requests whose key matches, drop IfExists. To refuse requests without the key as "
           "well, keep it, and say so in the Sid.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddressIfExists": {"aws:SourceIp": "198.51.100.0/24"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/IpAddressIfExists/aws:SourceIp",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}}
    }
  ]
}
)j",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
