#include "condition_helpers.hpp"
#include "ip_helpers.hpp"

namespace iamsmith::rules {
namespace {

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known() || parsed.info->family != OperatorFamily::IpAddress) continue;
      for (const ConditionEntry& entry : op.entries) {
        for (const Scalar& value : entry.values) {
          if (value.text.find('/') == std::string::npos) continue;  // one address
          const auto block = parse_ip_block(value.text);
          if (!block) continue;  // C002
          const auto cleared = ip::without_host_bits(*block);
          if (!cleared) continue;
          const std::string range = ip::to_text(*cleared);
          out.report(value.span,
                     in_quotes(value.text) + " has address bits set after its /" + std::to_string(block->prefix) +
                         " prefix; IAM ignores them, so the range is " + range,
                     {{"write " + in_quotes(range) + ", or a longer prefix if only part of it was meant",
                       std::nullopt}});
        }
      }
    }
  }
}

}  // namespace

// Access Analyzer, Suggestion – Improve IP range: "The non-zero bits in the IP address after the
// masked bits are ignored."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kC013IpRangeHostBits{
    .id = "C013",
    .name = "ip-range-host-bits",
    .severity = Severity::Suggestion,
    .status = RuleStatus::Stable,
    .summary = "A CIDR range in an IpAddress or NotIpAddress condition with bits set after the prefix "
               "(\"203.0.113.5/24\").",
    .rationale = "A CIDR range is an address and a prefix length; the bits after the prefix do not count. "
                 "\"203.0.113.5/24\" is the whole 203.0.113.0/24, which may be far more than the single address "
                 "the author had in mind.",
    .exceptions = "",
    .fix = "Write the range with the host bits cleared (203.0.113.0/24), or the address alone (203.0.113.5, or "
           "203.0.113.5/32) if one address was meant.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.5/24"}}
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
    .references = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    .check = check,
};

}  // namespace iamsmith::rules
