#include "arn_helpers.hpp"
#include "iamsmith/principal.hpp"

namespace iamsmith::rules {
namespace {

// "A 12-digit number, such as 012345678901, that uniquely identifies an AWS account", written
// in ARNs without hyphens:
// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// What is wrong with an account field that parse_arn refuses, in words.
std::string describe(std::string_view account) {
  std::string digits;
  bool only_digits_and_hyphens = true;
  for (const char c : account) {
    if (is_digit(c)) {
      digits += c;
    } else if (c != '-' && c != ' ') {
      only_digits_and_hyphens = false;
    }
  }
  if (only_digits_and_hyphens && digits.size() == 12) {
    return "account ID " + in_quotes(account) + " contains separators";
  }
  if (digits.size() == account.size()) {
    return "account ID " + in_quotes(account) + " has " + std::to_string(digits.size()) +
           (digits.size() == 1 ? " digit" : " digits") + " instead of 12";
  }
  return "account field " + in_quotes(account) + " is not a 12-digit account ID";
}

std::string remedy(std::string_view account) {
  std::string digits;
  for (const char c : account) {
    if (is_digit(c)) digits += c;
  }
  if (digits.size() == 12)
    return "write the account ID as 12 digits without separators: " + in_quotes(digits);
  if (ci_equals(account, "aws")) return "AWS-owned resources use \"aws\" in lower case";
  if (!digits.empty() && digits.size() == account.size() && digits.size() < 12) {
    return "an account ID is exactly 12 digits; check whether a leading zero was lost";
  }
  return "use the 12-digit ID of the account that owns the resource, \"*\" for any account, or leave the "
         "field empty where the service has no account";
}

void check(const LintInput& in, FindingSink& out) {
  if (in.policy == nullptr) return;
  arns::for_each_arn(*in.policy, [&](const arns::ArnValue& a) {
    const std::string_view text = a.value->text;
    if (parse_arn(text)) return;
    // CloudFront's origin access identities are principals in the "cloudfront" namespace.
    if (is_cloudfront_origin_access_identity(text)) return;
    const arns::ArnFields fields = arns::split_fields(text);
    if (fields.count < fields.field.size()) return;  // no account field to speak of (A001)
    const std::string_view account = fields.field[4];
    // Let parse_arn judge the account on its own, so that this rule and the parser agree on
    // what an account field may hold (empty, 12 digits, "aws", "partner", a digit pattern).
    const ArnResult alone = parse_arn("arn:aws:iam::" + std::string(account) + ":root");
    if (alone || alone.error() != ArnError::InvalidAccount) return;
    out.report(a.value->span, describe(account) + " in ARN " + in_quotes(text),
               {{remedy(account), std::nullopt}});
  });
}

}  // namespace

extern const Rule kA004InvalidAccountId{
    .id = "A004",
    .name = "invalid-account-id",
    .severity = Severity::Error,
    .status = RuleStatus::Stable,
    .summary = "The account field of an ARN is not a 12-digit account ID.",
    .rationale =
        "An AWS account ID is exactly 12 digits, written without hyphens in ARNs. An ID with 11 "
        "digits (a lost leading zero), with hyphens as the console shows it (1111-2222-3333), or with "
        "letters names no account: IAM rejects such a principal, and a resource ARN with it matches "
        "nothing.",
    .exceptions =
        "The field may also be empty where the service has no account (S3 buckets), \"aws\" for "
        "AWS-owned resources such as AWS managed policies, \"*\", or a policy variable. The principal of a "
        "CloudFront origin access identity (\"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity "
        "E2QWRUHEXAMPLE\") is a documented form and is not reported.",
    .fix = "Write the 12 digits of the account ID, without hyphens or spaces.",
    .bad_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Resource\": \"arn:aws:iam::1111-2222-3333:role/OrdersTarget\"\n"
        "    }\n  ]\n}\n",
    .bad_pointer = "/Statement/0/Resource",
    .good_example =
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
        "      \"Action\": \"sts:AssumeRole\",\n"
        "      \"Resource\": \"arn:aws:iam::111122223333:role/OrdersTarget\"\n"
        "    }\n  ]\n}\n",
    .example_context = {},
    .references =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html\n"
        "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html",
    .check = check,
};

}  // namespace iamsmith::rules
