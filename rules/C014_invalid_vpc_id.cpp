#include <re2/re2.h>

#include <array>

#include "condition_helpers.hpp"
#include "iamsmith/match.hpp"

namespace iamsmith::rules {
namespace {

struct IdKey {
  std::string_view key;
  std::string_view prefix;
};

// The keys that hold a VPC or a VPC endpoint ID, and the ID's prefix. Access Analyzer: "Use the
// prefix 'vpc-' ('vpce-') followed by 8 or 17 alphanumeric characters" (Invalid vpc format,
// Invalid vpce format).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpc
constexpr std::array<IdKey, 2> kIdKeys = {{{"aws:SourceVpc", "vpc-"}, {"aws:SourceVpce", "vpce-"}}};

bool valid_id(std::string_view value, std::string_view prefix) {
  static const RE2 kSuffix(R"([0-9A-Za-z]{8}|[0-9A-Za-z]{17})");
  return ci_starts_with(value, prefix) && RE2::FullMatch(value.substr(prefix.size()), kSuffix);
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for (const IdKey& id : kIdKeys) {
      for (const ConditionUse& use : condition_uses(st, id.key)) {
        if (!use.parsed.known() || use.parsed.info->family != OperatorFamily::String) continue;
        for (const Scalar& value : use.entry->values) {
          if (value.type != json::Type::String || find_policy_variable(value.text)) continue;
          // Under StringLike a pattern stands for IDs; only literal values are judged.
          if (use.parsed.info->wildcards && first_wildcard(value.text) != std::string_view::npos) continue;
          if (valid_id(value.text, id.prefix)) continue;
          out.report(value.span,
                     in_quotes(value.text) + " is not a " +
                         (id.prefix == "vpc-" ? std::string("VPC") : std::string("VPC endpoint")) + " ID, so " +
                         in_quotes(use.entry->key) + " never equals it",
                     {{"IDs are " + in_quotes(id.prefix) + " followed by 8 or 17 letters and digits, such as " +
                           in_quotes(std::string(id.prefix) + "1a2b3c4d5e6f7a8b9"),
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

extern const Rule kC014InvalidVpcId{
    .id = "C014",
    .name = "invalid-vpc-id",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A value of aws:SourceVpc or aws:SourceVpce that is not a VPC ID (vpc-...) or VPC endpoint ID "
               "(vpce-...).",
    .rationale = "aws:SourceVpc holds the ID of the VPC a request came through and aws:SourceVpce the ID of the VPC "
                 "endpoint: \"vpc-\" or \"vpce-\" followed by 8 or 17 letters and digits. A value of another form "
                 "(a VPC name, an ARN, the endpoint's DNS name, or the wrong prefix) never matches, so an Allow "
                 "grants nothing and a Deny built on StringNotEquals denies every request. Access Analyzer "
                 "rejects such values.",
    .exceptions = "Values with a policy variable, and patterns under StringLike, are not judged.",
    .fix = "Write the ID as the VPC console or `aws ec2 describe-vpcs` / `describe-vpc-endpoints` shows it.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpc-1a2b3c4d"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/StringNotEquals/aws:SourceVpce",
    .good_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
    }
  ]
}
)j",
    .example_context = {},
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
