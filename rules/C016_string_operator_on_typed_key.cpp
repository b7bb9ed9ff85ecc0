#include "condition_helpers.hpp"

namespace iamsmith::rules {
namespace {

using iamdata::KeyType;

// What comparing the key as text does, and the operator that compares it as its type.
std::string consequence(KeyType type, std::string_view key) {
  switch (type) {
    case KeyType::IpAddress:
      return "a CIDR range never equals the address in " + in_quotes(key) +
             " (and a single address only when written exactly as AWS writes it); use IpAddress or NotIpAddress";
    case KeyType::Bool:
      return "it matches only the exact text \"true\" or \"false\"; use Bool";
    case KeyType::Numeric:
      return "\"10\" and \"10.0\" differ and no value can be a limit; use NumericEquals, NumericLessThan, ...";
    case KeyType::Date:
      return "two spellings of the same time differ and no value can be a limit; use DateEquals, DateLessThan, ...";
    case KeyType::Binary:
      return "use BinaryEquals";
    case KeyType::String:
    case KeyType::Arn:
    case KeyType::Unknown:
      break;
  }
  return {};
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  const iamdata::Catalog& catalog = catalog_of(in.context);
  for (const Statement& st : in.policy->statements()) {
    if (!st.condition) continue;
    for (const ConditionOperator& op : st.condition->operators) {
      const ParsedOperator parsed = parse_operator(op.name);
      if (!parsed.known()) continue;
      const OperatorFamily family = parsed.info->family;
      if (family != OperatorFamily::String && family != OperatorFamily::Arn) continue;
      for (const ConditionEntry& entry : op.entries) {
        const auto type = declared_key_type(catalog, entry.key);
        if (!type || operator_fits_key(family, *type)) continue;
        out.report(entry.key_span,
                   in_quotes(op.name) + " compares the " + std::string(iamdata::key_type_name(*type)) + " key " +
                       in_quotes(entry.key) + " as text: " + consequence(*type, entry.key),
                   {});
      }
    }
  }
}

}  // namespace

// Each condition key has a type (the Service Authorization Reference and the global condition
// key page), and "the condition operator you choose ... must match the type of the key";
// Access Analyzer reports a mismatch ("Type mismatch: Use the operator type {allowed} instead of
// operator {operator} for the condition key {key}").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
extern const Rule kC016StringOperatorOnTypedKey{
    .id = "C016",
    .name = "string-operator-on-typed-key",
    .severity = Severity::Warning,
    .status = RuleStatus::Stable,
    .summary = "A String or ARN operator on a key of another type: StringEquals on aws:SourceIp, "
               "aws:SecureTransport or s3:signatureAge.",
    .rationale = "String operators compare the key's value as text. For an IP address key that means a CIDR range "
                 "never matches, so an Allow on \"StringEquals\": {\"aws:SourceIp\": \"203.0.113.0/24\"} grants "
                 "nothing and a guard built on it limits nobody (it no longer silences W004). For numbers and "
                 "dates no value can be a bound, and for booleans only the exact text matches. Access Analyzer "
                 "reports the mismatch; C002 reports the opposite direction (NumericEquals on a String key).",
    .exceptions = "AWS's own managed policies compare a few Bool keys (aws:ViaAWSService) with StringEquals \"true\", "
                  "which works because the text matches exactly; the finding then only asks for the right operator. "
                  "Keys the service data does not type are not judged.",
    .fix = "Use the operator of the key's type: IpAddress / NotIpAddress, Bool, Numeric..., Date..., BinaryEquals.",
    .bad_example = R"j({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*",
      "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}
    }
  ]
}
)j",
    .bad_pointer = "/Statement/0/Condition/StringEquals/aws:SourceIp",
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
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html\n"
                  "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    .check = check,
};

}  // namespace iamsmith::rules
