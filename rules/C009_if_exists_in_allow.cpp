#include <array>

#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

// Global keys whose "Availability" in AWS's reference says "This key is always included in the
// request context": IfExists cannot change anything for them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// (checked against the page's source, awsdocs/iam-user-guide doc_source/reference_policies_condition-keys.md:
// aws:CurrentTime, aws:EpochTime, aws:RequestedRegion, aws:SecureTransport and aws:UserAgent.
// That text also files aws:PrincipalAccount, aws:PrincipalArn and aws:PrincipalType as always
// included, but the current page says "all signed requests" for them (anonymous requests lack
// them), so they stay caller keys below; aws:ViaAWSService is there "for most services" only.)
constexpr std::array<std::string_view, 5> kAlwaysPresent = {"aws:CurrentTime", "aws:EpochTime", "aws:RequestedRegion",
                                                            "aws:SecureTransport", "aws:UserAgent"};

bool always_present(std::string_view key) {
  return std::any_of(kAlwaysPresent.begin(), kAlwaysPresent.end(), [&](std::string_view k) { return ci_equals(k, key); });
}

// Keys that say who is calling or from where: the global keys the reference files under
// "Properties of the principal" and "Properties of the network" (the category column of the
// service data). A request may lack them (anonymous callers, AWS services calling on the caller's
// behalf, requests that do not come through a VPC endpoint).
bool scopes_caller(const iamdata::Catalog& catalog, std::string_view key) {
  const iamdata::ConditionKey* found = catalog.global_key(key);
  return found != nullptr && (found->category == "principal" || found->category == "network");
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!is_allow(st) || !st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      // A negated operator is true for a missing key with or without IfExists.
      if (!parsed.known() || !parsed.if_exists || parsed.info->negated) continue;
      for (const ConditionEntry& entry : op.entries) {
        if (always_present(entry.key)) {
          out.report(entry.key_span,
                     in_quotes(entry.key) + " is in every request, so the IfExists of " + in_quotes(op.name) +
                         " has no effect",
                     {{"write " + in_quotes(std::string(parsed.info->name)) + " (without IfExists)", std::nullopt}});
        } else if (scopes_caller(catalog, entry.key)) {
          out.report(entry.key_span,
                     in_quotes(op.name) + " on " + in_quotes(entry.key) +
                         " is true when the request has no " + in_quotes(entry.key) +
                         ", so this Allow also applies to every request without it",
                     {{"requests made by an AWS service on the caller's behalf, anonymous requests and requests "
                       "from outside a VPC lack such keys",
                       std::nullopt},
                      {"to require the key, write " + in_quotes(std::string(parsed.info->name)) + " without IfExists",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

// "If the key that you specify in a policy condition is not present in the request context, the
// values do not match and the condition is false" unless the operator ends in IfExists, which
// makes the condition true for a missing key.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
extern const Rule kC009IfExistsInAllow{
    .id = "C009",
    .name = "if-exists-in-allow",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "An ...IfExists operator in an Allow on a key that says who is calling or from where "
               "(aws:SourceIp, aws:SourceVpce, aws:PrincipalArn, aws:PrincipalOrgID, ...), or on a key that is "
               "always present (aws:SecureTransport, aws:RequestedRegion, aws:CurrentTime, ...).",
    .rationale = "IfExists makes a condition true when the request lacks the key. In an Allow that turns a "
                 "restriction into an exception: \"IpAddressIfExists\" on aws:SourceIp also allows every request "
                 "that has no source IP, such as one an AWS service makes on the caller's behalf, and "
                 "\"StringEqualsIfExists\" on aws:PrincipalOrgID also allows principals outside any organisation. "
                 "On a key that every request carries (aws:SecureTransport, aws:CurrentTime) IfExists does "
                 "nothing and only misleads the reader.",
    .exceptions = "The caller and network keys are the global keys AWS files under the principal and network "
                  "properties (the service data's categories). Negated operators are not reported: they are true "
                  "for a missing key anyway. Deny statements are not reported: there IfExists makes the Deny "
                  "apply to requests without the key, which is usually the intent (C017 reports it on network "
                  "keys, where it refuses whole classes of requests).",
    .fix = "Drop IfExists so that the Allow requires the key; when requests without the key must be allowed too, "
           "grant them in a separate statement that says so.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/IpAddressIfExists/aws:SourceIp",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
