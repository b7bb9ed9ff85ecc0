#include <array>

#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

struct Pairing {
  std::string_view key;                      // meaningless alone...
  std::array<std::string_view, 3> partners;  // ...without one of these in the same statement
  std::string_view why;
};

// aws:VpcSourceIp is a private address, and private address ranges repeat from one VPC to the
// next; aws:SourceVpc or aws:SourceVpce say whose network the address belongs to. The pairing is
// IAM Access Analyzer's "Missing paired condition keys" security warning, whose finding reads
// "Using the condition key aws:VpcSourceIp can be overly permissive without also using the
// following condition keys: aws:SourceVPC, aws:SourceVPCE" (as recorded in a published run:
// https://github.com/sjakthol/aws-access-analyzer-validator, examples/sample_report.md). AWS's key
// reference itself only says the key is present only for requests through a VPC endpoint.
// aws:SourceVpcArn (newer than that run) names the VPC as aws:SourceVpc does, so it pairs too.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip
constexpr std::array<Pairing, 1> kPairings = {{
    {"aws:VpcSourceIp",
     {"aws:SourceVpc", "aws:SourceVpce", "aws:SourceVpcArn"},
     "a private address says nothing on its own: every VPC may use the same range"},
}};

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for (const Pairing& pairing : kPairings) {
      const auto uses = condition_uses(st, pairing.key);
      if (uses.empty()) continue;
      const bool paired = std::any_of(pairing.partners.begin(), pairing.partners.end(),
                                      [&](std::string_view partner) { return !condition_uses(st, partner).empty(); });
      if (paired) continue;
      out.report(uses.front().entry->key_span,
                 in_quotes(pairing.key) + " is compared without aws:SourceVpc or aws:SourceVpce in the same statement: " +
                     std::string(pairing.why),
                 {{"add \"StringEquals\": {\"aws:SourceVpc\": \"vpc-...\"} (or aws:SourceVpce) to the same Condition",
                   std::nullopt}});
    }
  }
}

}  // namespace

extern const Rule kC015UnpairedConditionKey{
    .id = "C015",
    .name = "unpaired-condition-key",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "aws:VpcSourceIp in a statement without aws:SourceVpc or aws:SourceVpce.",
    .rationale = "aws:VpcSourceIp is the private address a request came from through a VPC endpoint. Private ranges "
                 "(10.0.0.0/16 and the like) are reused by every VPC, including other accounts' VPCs, so the "
                 "address alone does not say the request came from your network; IAM Access Analyzer's \"Missing "
                 "paired condition keys\" check pairs the key with aws:SourceVpc or aws:SourceVpce.",
    .exceptions = "",
    .fix = "Add aws:SourceVpc (the VPC ID) or aws:SourceVpce (the endpoint ID) to the same Condition.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/IpAddress/aws:VpcSourceIp",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {
        "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
        "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}
      }
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    .check = check,
};

}  // namespace iamsmith::rules
