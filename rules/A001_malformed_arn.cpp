#include "arn_helpers.hpp"

namespace iamsmith::rules {
namespace {

using arns::ArnFields;
using arns::ArnValue;

// The field an ArnError is about, quoted, for the message ("service \"S3\"").
std::string offending_field(ArnError error, const ArnFields& f) {
  switch (error) {
    case ArnError::MissingPrefix: return "prefix " + in_quotes(f.field[0]);
    case ArnError::TooFewFields: return "only " + std::to_string(f.count) + " fields";
    case ArnError::EmptyPartition: return "empty partition";
    case ArnError::InvalidPartition: return "partition " + in_quotes(f.field[1]);
    case ArnError::EmptyService: return "empty service";
    case ArnError::InvalidService: return "service " + in_quotes(f.field[2]);
    case ArnError::InvalidRegion: return "region " + in_quotes(f.field[3]);
    case ArnError::InvalidAccount: return "account " + in_quotes(f.field[4]);
  }
  return "";
}

std::string remedy(ArnError error, const ArnFields& f) {
  switch (error) {
    case ArnError::MissingPrefix: return "write the prefix in lower case: \"arn:\"";
    case ArnError::TooFewFields:
      return "write all six fields and leave the region or account empty where the service has none, "
             "as in arn:aws:s3:::bucket or arn:aws:iam::111122223333:role/Name";
    case ArnError::EmptyPartition:
    case ArnError::InvalidPartition: {
      if (f.count > 1 && find_partition(ascii_lower(f.field[1])) != nullptr) {
        return "did you mean " + in_quotes(ascii_lower(f.field[1])) + "?";
      }
      return "the partitions are " + arns::partition_list();
    }
    case ArnError::EmptyService:
    case ArnError::InvalidService:
      if (f.count > 2 && !f.field[2].empty()) {
        return "service namespaces are lower case: did you mean " + in_quotes(ascii_lower(f.field[2])) + "?";
      }
      return "name the service namespace, e.g. \"states\" or \"lambda\"";
    case ArnError::InvalidRegion:
      return "region codes are lower case, e.g. \"us-east-1\"; leave the field empty for global services";
    case ArnError::InvalidAccount: return "";
  }
  return "";
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  arns::for_each_arn(*in.policy, [&](const ArnValue& a) {
    const std::string_view text = a.value->text;
    const ArnResult parsed = parse_arn(text);
    if (parsed) return;
    const ArnError error = parsed.error();
    // A bad account is A004's finding (parse_arn checks the account last, so every other field
    // is fine here).
    if (error == ArnError::InvalidAccount) return;
    // Under a String operator (StringLike) a '*' may stand for several fields at once.
    if (!a.strict && has_wildcard(text)) return;
    const ArnFields fields = arns::split_fields(text);
    // With fewer than six fields parse_arn reads an abbreviated ARN ("arn:aws:ec2:*"), so the
    // field it complains about may be the resource the author meant; say how many there are.
    const std::string short_form = error != ArnError::TooFewFields && fields.count < fields.field.size()
                                       ? "only " + std::to_string(fields.count) + " fields, and "
                                       : "";
    out.report(a.value->span,
               "malformed ARN " + in_quotes(text) + ": " + short_form + offending_field(error, fields) +
                   ": " + std::string(arn_error_message(error)),
               {{remedy(error, fields), std::nullopt}});
  });
}

}  // namespace

extern const Rule kA001MalformedArn{
    .id = "A001",
    .name = "malformed-arn",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "A value meant as an ARN is not arn:partition:service:region:account:resource.",
    .rationale =
        "Resource, NotResource, principal ARNs and the values of ARN condition operators must be "
        "ARNs. IAM rejects a policy whose resource or principal ARN is malformed, and a malformed "
        "ARN in a condition never matches, so the statement silently does nothing.",
    .exceptions =
        "Condition values compared with a String operator (StringLike on aws:SourceArn, ...) may "
        "let one '*' stand for several fields; they are only checked when they contain no wildcard. "
        "A condition value is checked only under an Arn operator or for a key that holds ARNs "
        "(aws:SourceArn, aws:PrincipalArn, iam:PolicyARN, iam:PermissionsBoundary, sts:ExternalId, "
        "...).",
    .fix =
        "Write the six colon-separated fields: arn, partition, service namespace (lower case), region "
        "(empty for global services such as IAM and S3 buckets), account ID (empty where the service "
        "has none) and resource.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": [\n        \"arn:aws:s3:::reports/*\",\n        "
        "\"arn:aws:s3:archive/summary.csv\"\n"
        "      ]\n    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource/1",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"s3:GetObject\",\n"
        "      \"Resource\": [\n        \"arn:aws:s3:::reports/*\",\n        "
        "\"arn:aws:s3:::archive/summary.csv\"\n"
        "      ]\n    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html\n"
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
        "reference_policies_elements_condition_operators.html#Conditions_ARN",
    .check = check,
};

}  // namespace iamsmith::rules
