#include "condition_helpers.hpp"
#include "ip_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    for (const ConditionUse& use : condition_uses(st, "aws:SourceIp")) {
      if (!use.parsed.known() || use.parsed.info->family != OperatorFamily::IpAddress) continue;
      for (const Scalar& value : use.entry->values) {
        const auto block = parse_ip_block(value.text);
        if (!block) continue;  // C002
        const auto range = ip::non_public_range(*block);
        if (!range) continue;
        out.report(value.span,
                   in_quotes(value.text) + " is a non-public address range (inside " + std::string(*range) +
                       "), and aws:SourceIp only ever holds public addresses: this value " +
                       (use.parsed.info->negated ? "excludes nothing" : "never matches"),
                   {{"for requests through a VPC endpoint, compare the private address with aws:VpcSourceIp "
                     "(together with aws:SourceVpc or aws:SourceVpce)",
                     std::nullopt}});
      }
    }
  }
}

}  // namespace

// "aws:SourceIp ... If the request comes from a host that uses an Amazon VPC endpoint, then the
// aws:SourceIp key is not available. You should instead use a VPC-specific key such as
// aws:VpcSourceIp." Access Analyzer: "Private IP address", "Private NotIpAddress".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
extern const Rule kC012PrivateSourceIp{
    .id = "C012",
    .name = "private-source-ip",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "aws:SourceIp compared with a private, loopback, link-local or shared address range (10.0.0.0/8, "
               "192.168.1.0/24, fc00::/7, ...).",
    .rationale = "aws:SourceIp is the public address a request comes from. A request from inside a VPC reaches "
                 "AWS through a VPC endpoint and then has no aws:SourceIp at all (its private address is in "
                 "aws:VpcSourceIp), and the other ranges are never a public source. A private range under "
                 "IpAddress therefore never matches, and under NotIpAddress excludes nothing; Access Analyzer "
                 "reports both.",
    .exceptions = "The non-public ranges are those of RFC 1918, RFC 6598 (carrier-grade NAT), RFC 3927 and RFC 4291 "
                  "(loopback, link-local) and RFC 4193 (IPv6 unique local). A range that only partly overlaps one "
                  "of them is not reported.",
    .fix = "Compare public addresses with aws:SourceIp; for traffic from your VPC use aws:SourceVpc, "
           "aws:SourceVpce or aws:VpcSourceIp.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/IpAddress/aws:SourceIp",
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
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://www.rfc-editor.org/rfc/rfc1918",
    .check = check,
};

}  // namespace iamsmith::rules
